// Likely fixes for pod problems, chosen from the evidence (exit codes, kubelet and scheduler messages).
import type { K8sObject } from './types';
import { selectorText } from './util';

export function crashFix(container: string, exitCode: number | undefined): string {
  if (exitCode === 126 || exitCode === 127) {
    return `the command of container ${container} cannot run (exit ${exitCode}: not found or not executable): fix command/args or the image`;
  }
  if (exitCode === 137)
    return `container ${container} was killed (exit 137: SIGKILL), often by a failing liveness probe or the memory limit: check both`;
  return `container ${container} exits on its own: read its previous logs for the cause, fix the code or its configuration, then redeploy`;
}

/** The registry an image comes from (Docker Hub when the first part is not a host). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

export function imageFix(image: string, message: string): string {
  const registry = registryOf(image);
  if (/unauthorized|denied|authenticat|forbidden|401|403/i.test(message)) {
    return `the registry ${registry} refused access: add imagePullSecrets with credentials for it, or check those in use`;
  }
  if (/not ?found|manifest unknown|does not exist|InvalidImageName|invalid reference/i.test(message)) {
    return `image ${image} does not exist: correct the name or tag in the pod template (or push the image to ${registry})`;
  }
  return `check that image ${image} exists and that the nodes can reach ${registry} (name, tag, imagePullSecrets, network)`;
}

export function configFix(reason: string, message: string): string {
  const missing = /(secret|configmap)s? "([^"]+)" not found/i.exec(message);
  if (missing) return `create ${missing[1].toLowerCase()} ${missing[2]} or fix the reference to it in the pod template`;
  if (/couldn't find key|key .* not found/i.test(message))
    return 'the referenced key is missing from its ConfigMap or Secret: add it or fix the reference';
  return `the container could not be created (${reason}): fix what the message names in the pod template`;
}

export function oomFix(container: string, limit: string | undefined): string {
  return limit
    ? `container ${container} needs more than its ${limit} memory limit: raise resources.limits.memory, or find the leak if use keeps growing`
    : `container ${container} has no memory limit and the node ran out of memory: set requests/limits.memory to its real use and look for a leak`;
}

/** What to change so a pod fits a node, from the scheduler's message. */
export function scheduleFix(message: string, pod: K8sObject): string {
  const selector = pod.spec?.nodeSelector;
  if (/didn't match Pod's node affinity\/selector/.test(message)) {
    return selector
      ? `no node has the labels ${selectorText(selector)}: label a node that should run it (kubectl label node <node> ${selectorText(selector).replace(/,/g, ' ')}) or change the pod's nodeSelector`
      : "no node matches the pod's node affinity: label a node accordingly or relax the affinity";
  }
  const insufficient = /Insufficient ([\w./-]+)/.exec(message);
  if (insufficient) return `no node has enough free ${insufficient[1]}: lower the pod's requests, free capacity or add nodes`;
  if (/PersistentVolumeClaim|volume node affinity|had volume/i.test(message))
    return "the pod's volumes cannot be placed: fix its PersistentVolumeClaim first (see its finding)";
  if (/didn't match pod (anti-)?affinity rules/i.test(message))
    return 'pod (anti-)affinity rules exclude every node: relax them or add nodes';
  if (/untolerated taint/.test(message)) return 'the nodes carry taints the pod does not tolerate: add a toleration or remove the taint';
  if (/unschedulable/.test(message)) return 'the nodes are cordoned: uncordon a node or add nodes';
  return "make a node fit the pod's requirements that the scheduler message names";
}
