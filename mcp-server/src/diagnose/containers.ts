// Container analyzers: what the kubelet reports about one container (crash loops, OOM kills, image pulls,
// containers that cannot be created or that never start), as a problem of its pod.
import type { Severity } from '@drover/protocol';
import { age } from '../views/printers';
import { configFix, crashFix, imageFix, oomFix } from './pod-fixes';
import type { Inputs, K8sObject } from './types';
import { latestEvent, short } from './util';

const IMAGE = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const CREATE = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);
const STUCK_MS = 5 * 60_000;
const RECOVERED_MS = 60 * 60_000;

/** One pod's problem, before pods of one owner with the same problem are grouped into a finding. */
export interface Problem {
  /** Pods with the same owner and key share one finding. */
  key: string;
  severity: Severity;
  problem: string;
  evidence: (string | undefined)[];
  fix: string;
  /** The container whose previous logs show the cause. */
  logs?: string;
}

export const olderThan = (timestamp: string | undefined, ms: number, now: number) => now - Date.parse(timestamp ?? '') > ms;

export function containerProblem(inputs: Inputs, pod: K8sObject, spec: K8sObject, status: K8sObject): Problem | undefined {
  const name = `${spec.isInit ? 'init container' : 'container'} ${status.name}`;
  const waiting = status.state?.waiting;
  const last = status.state?.terminated ?? status.lastState?.terminated;
  const restarts = `${status.restartCount ?? 0} restarts`;
  // An OOM kill long ago on a container that is fine now is history, not a problem.
  if (last?.reason === 'OOMKilled' && !(status.ready && olderThan(last.finishedAt, RECOVERED_MS, inputs.now))) {
    const memory = spec.resources ?? {};
    return {
      key: `oom:${status.name}`,
      severity: status.ready ? 'warning' : 'critical',
      problem: `OOMKilled: ${name} ran out of memory (${restarts}${waiting?.reason ? `, now ${waiting.reason}` : ''})`,
      evidence: [
        `last termination: OOMKilled, exit code ${last.exitCode ?? 137}, ${age(last.finishedAt, inputs.now)} ago`,
        `memory limit ${memory.limits?.memory ?? 'none'}, request ${memory.requests?.memory ?? 'none'}`,
      ],
      fix: oomFix(status.name, memory.limits?.memory),
    };
  }
  if (waiting?.reason === 'CrashLoopBackOff') {
    const exit = last ? `exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}` : 'no termination recorded';
    return {
      key: `crash:${status.name}`,
      severity: 'critical',
      problem: `CrashLoopBackOff: ${name} keeps crashing (${exit}; ${restarts})`,
      evidence: [
        `last termination: ${exit}${last?.finishedAt ? `, ${age(last.finishedAt, inputs.now)} ago` : ''}`,
        waiting.message && short(waiting.message, 200),
      ],
      fix: crashFix(status.name, last?.exitCode),
      logs: status.name,
    };
  }
  if (IMAGE.has(waiting?.reason)) {
    const image = spec.image ?? status.image ?? '';
    const event = latestEvent(inputs, 'Pod', pod, ['Failed', 'ErrImagePull', 'InspectFailed'], 'Warning');
    return {
      key: `image:${status.name}`,
      severity: 'critical',
      problem: `${waiting.reason}: ${name} cannot pull image ${image}`,
      evidence: [`image ${image}`, waiting.message && short(waiting.message, 300), event],
      fix: imageFix(image, `${waiting.reason} ${waiting.message ?? ''} ${event ?? ''}`),
    };
  }
  if (CREATE.has(waiting?.reason)) {
    return {
      key: `create:${status.name}`,
      severity: 'critical',
      problem: `${waiting.reason}: ${name} cannot be created`,
      evidence: [waiting.message && short(waiting.message, 300)],
      fix: configFix(waiting.reason, waiting.message ?? ''),
    };
  }
  if (STARTING.has(waiting?.reason) && olderThan(pod.metadata?.creationTimestamp, STUCK_MS, inputs.now)) {
    return {
      key: 'stuck',
      severity: 'warning',
      problem: `stuck in ${waiting.reason} for ${age(pod.metadata?.creationTimestamp, inputs.now)}`,
      evidence: [latestEvent(inputs, 'Pod', pod, [], 'Warning')],
      fix: 'see the event: usually a volume (Secret, ConfigMap, PVC) that cannot be mounted, or a network problem on the node',
    };
  }
  return undefined;
}
