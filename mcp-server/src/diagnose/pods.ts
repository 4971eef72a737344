// Pod analyzers: each pod's first problem — a container's (containers.ts), then failed, unschedulable, or Running
// but not Ready (failing probes). Pods of one owner with the same problem become one finding.
import { age } from '../views/printers';
import { containerProblem, olderThan, type Problem } from './containers';
import { scheduleFix } from './pod-fixes';
import type { Finding, Inputs, K8sObject } from './types';
import { condition, finding, keyOf, latestEvent, newestEvent, podReady, selectorText, short } from './util';

/** Starting or unready pods get this long before they count as a problem (unless an event already says why). */
const STARTUP_GRACE_MS = 2 * 60_000;
const MAX_GROUP_NAMES = 5;

function scheduling(inputs: Inputs, pod: K8sObject): Problem | undefined {
  const scheduled = condition(pod, 'PodScheduled');
  if (pod.status?.phase !== 'Pending' || scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return undefined;
  const event = newestEvent(inputs, 'Pod', pod, ['FailedScheduling']);
  // The scheduler appends what preemption could do; the first part says why no node fits.
  const message = String(event?.message ?? scheduled.message ?? '')
    .split(' preemption:')[0]
    .trim();
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const requests = (pod.spec?.containers ?? []).map(
    (c: K8sObject) => `${c.name} ${c.resources?.requests ? selectorText(c.resources.requests) : 'none'}`,
  );
  return {
    key: 'unschedulable',
    severity: 'critical',
    problem: 'Pending: no node can run it (unschedulable)',
    evidence: [
      message && `scheduler (FailedScheduling): ${short(message, 300)}`,
      pod.spec?.nodeSelector && `nodeSelector ${selectorText(pod.spec.nodeSelector)}`,
      required.length
        ? `required node affinity: ${short(JSON.stringify(required.flatMap((t: K8sObject) => t.matchExpressions ?? [])), 200)}`
        : undefined,
      pod.spec?.affinity?.podAntiAffinity ? 'has pod anti-affinity rules' : undefined,
      `requests: ${requests.join('; ')}`,
    ],
    fix: scheduleFix(message, pod),
  };
}

function probeText(probe: K8sObject): string {
  if (probe.httpGet) return `HTTP GET port ${probe.httpGet.port} path ${probe.httpGet.path ?? '/'}`;
  if (probe.tcpSocket) return `TCP port ${probe.tcpSocket.port}`;
  if (probe.grpc) return `gRPC port ${probe.grpc.port}`;
  return `exec ${(probe.exec?.command ?? []).join(' ')}`;
}

function unready(inputs: Inputs, pod: K8sObject): Problem | undefined {
  if (pod.status?.phase !== 'Running' || podReady(pod)) return undefined;
  const since = condition(pod, 'Ready')?.lastTransitionTime;
  const unhealthy = latestEvent(inputs, 'Pod', pod, ['Unhealthy'], 'Warning');
  if (!unhealthy && !olderThan(since, STARTUP_GRACE_MS, inputs.now)) return undefined;
  const notReady = (pod.status?.containerStatuses ?? []).filter((s: K8sObject) => !s.ready).map((s: K8sObject) => s.name);
  const probes = (pod.spec?.containers ?? [])
    .filter((c: K8sObject) => notReady.includes(c.name) && c.readinessProbe)
    .map((c: K8sObject) => `${c.name} readiness probe: ${probeText(c.readinessProbe)}`);
  return {
    key: 'unready',
    severity: 'warning',
    problem: `Running but not Ready for ${age(since, inputs.now)}${unhealthy ? ': its readiness probe fails' : ''}`,
    evidence: [
      unhealthy ?? latestEvent(inputs, 'Pod', pod, [], 'Warning'),
      `not ready: ${notReady.join(', ') || 'pod condition only'}`,
      ...probes,
    ],
    fix: unhealthy
      ? 'the app does not answer its readiness probe: check its logs and that it serves the probed port/path, or fix the probe (path, port, initialDelaySeconds)'
      : "find why it is not ready: its logs, its readiness probe and its node's state",
  };
}

function failed(pod: K8sObject): Problem | undefined {
  if (pod.metadata?.ownerReferences?.some((o: K8sObject) => o.kind === 'Job')) return undefined;
  const reason = pod.status?.reason;
  return {
    key: `failed:${reason}`,
    severity: 'warning',
    problem: `Failed${reason ? ` (${reason})` : ''}`,
    evidence: [pod.status?.message && short(pod.status.message, 300)],
    fix:
      reason === 'Evicted'
        ? 'the node evicted it (the message says why): fix that pressure; its controller already made a replacement, so the old pod can be deleted'
        : "read the containers' exit codes and logs to see why it stopped",
  };
}

function podProblem(inputs: Inputs, pod: K8sObject): Problem | undefined {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded') return undefined;
  const specs = [...(pod.spec?.initContainers ?? []).map((c: K8sObject) => ({ ...c, isInit: true })), ...(pod.spec?.containers ?? [])];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  // A failed pod's containers have all ended; the pod's own reason (e.g. Evicted) says more.
  if (pod.status?.phase === 'Failed') return failed(pod);
  for (const status of statuses) {
    const problem = containerProblem(inputs, pod, specs.find((c) => c.name === status.name) ?? {}, status);
    if (problem) return problem;
  }
  return scheduling(inputs, pod) ?? unready(inputs, pod);
}

export function analyzePods(inputs: Inputs): Finding[] {
  const groups = new Map<string, { pods: K8sObject[]; problem: Problem }>();
  for (const pod of inputs.lists.pods ?? []) {
    const problem = podProblem(inputs, pod);
    if (!problem) continue;
    const owner = (pod.metadata?.ownerReferences ?? []).find((o: K8sObject) => o.controller);
    const key = `${pod.metadata?.namespace}/${owner ? `${owner.kind}/${owner.name}` : `Pod/${pod.metadata?.name}`}/${problem.key}`;
    const group = groups.get(key);
    if (group) group.pods.push(pod);
    else groups.set(key, { pods: [pod], problem });
  }
  return [...groups.values()].map(({ pods, problem }) => {
    const [first, ...others] = pods;
    const more = others.length
      ? [
          `same problem in ${others.length} more pod(s): ${others
            .slice(0, MAX_GROUP_NAMES)
            .map((p) => p.metadata.name)
            .join(', ')}${others.length > MAX_GROUP_NAMES ? ', …' : ''}`,
        ]
      : [];
    const f = finding(inputs, 'pods', first, {
      severity: problem.severity,
      problem: problem.problem,
      fix: problem.fix,
      evidence: [...problem.evidence.filter((e): e is string => Boolean(e)), ...more],
      covers: others.map((p) => keyOf('pods', p)),
    });
    return problem.logs
      ? { ...f, logs: { namespace: first.metadata.namespace, pod: first.metadata.name, container: problem.logs, at: f.evidence.length } }
      : f;
  });
}
