// Deployments, StatefulSets and DaemonSets without the ready pods they want. When their pods already have
// findings, the workload's state joins those findings (one problem, one finding); otherwise it is its own finding.
import { podStatus } from '../views/printers';
import { LISTS, type Finding, type Inputs, type K8sObject, type ListName } from './types';
import { condition, conditionText, finding, keyOf, podsOf } from './util';

/** A workload younger than this whose pods are starting is not (yet) a problem. */
const STARTUP_GRACE_MS = 2 * 60_000;
const MAX_PODS_SHOWN = 5;

interface Health {
  desired: number;
  ready: number;
  bad: K8sObject[];
}

function healthOf(list: ListName, w: K8sObject): Health {
  const bad = ['Available', 'Progressing', 'ReplicaFailure']
    .map((t) => condition(w, t))
    .filter((c) => c && (c.type === 'ReplicaFailure' ? c.status === 'True' : c.status === 'False'));
  if (list === 'daemonsets') return { desired: w.status?.desiredNumberScheduled ?? 0, ready: w.status?.numberReady ?? 0, bad };
  const ready =
    list === 'deployments' ? Math.min(w.status?.readyReplicas ?? 0, w.status?.availableReplicas ?? 0) : (w.status?.readyReplicas ?? 0);
  return { desired: w.spec?.replicas ?? 1, ready, bad };
}

function standaloneFix(kind: string, health: Health, pods: K8sObject[]): string {
  const failure = health.bad.find((c) => c.type === 'ReplicaFailure');
  if (failure) return `pods cannot be created (${failure.reason}): fix what the message names (quota, LimitRange, admission policy)`;
  if (health.bad.some((c) => c.reason === 'ProgressDeadlineExceeded')) {
    return 'the rollout is stuck: check the new pods and their events; roll back (kubectl rollout undo) if the new version is bad';
  }
  if (!pods.length) return `${kind} has no pods: check its events and its ReplicaSet's events (FailedCreate)`;
  return 'check why its pods are not ready: kubectl describe pod on one of them, and its events';
}

function analyzeList(inputs: Inputs, list: ListName, podFindings: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const w of inputs.lists[list] ?? []) {
    const health = healthOf(list, w);
    if (health.desired === 0 || (health.ready >= health.desired && !health.bad.length)) continue;
    const kind = LISTS[list].kind;
    const state = (withMessage: boolean) =>
      `${kind} ${w.metadata.name}: ${health.ready}/${health.desired} ready${health.bad.map((c) => `, ${conditionText(c, withMessage)}`).join('')}`;
    const pods = podsOf(inputs, w);
    const podKeys = new Set(pods.map((p) => keyOf('pods', p)));
    const explained = podFindings.filter((f) => f.covers.some((k) => podKeys.has(k)));
    for (const f of explained) {
      f.evidence.push(state(false));
      f.covers.push(keyOf(list, w));
    }
    if (explained.length) continue;
    const starting = [w, ...pods].some((o) => inputs.now - Date.parse(o.metadata?.creationTimestamp ?? '') < STARTUP_GRACE_MS);
    if (starting && !health.bad.some((c) => c.type === 'ReplicaFailure' || c.type === 'Progressing')) continue;
    const notReady = pods.filter((p) => p.status?.phase !== 'Succeeded').map((p) => `${p.metadata.name} ${podStatus(p)}`);
    out.push(
      finding(inputs, list, w, {
        severity: health.ready === 0 ? 'critical' : 'warning',
        problem: `${health.ready}/${health.desired} replicas ready`,
        evidence: [
          state(true),
          notReady.length
            ? `pods: ${notReady.slice(0, MAX_PODS_SHOWN).join(', ')}${notReady.length > MAX_PODS_SHOWN ? ', …' : ''}`
            : 'no pods',
        ],
        fix: standaloneFix(kind, health, pods),
        covers: [...podKeys],
      }),
    );
  }
  return out;
}

/** Adds workload state to the pod findings it explains (mutating them) and returns the workloads' own findings. */
export function analyzeWorkloads(inputs: Inputs, podFindings: Finding[]): Finding[] {
  return (['deployments', 'statefulsets', 'daemonsets'] as const).flatMap((list) => analyzeList(inputs, list, podFindings));
}
