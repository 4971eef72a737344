// Which pod containers a logs request reads: a pod, or a workload's pods (bounded, troubled pods first), and per
// pod the named container, every container, or the default one with a note naming the others.
import type { ObjectRef } from '@drover/protocol';
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { objectRef } from '../views/table';
import { resourceArg } from './discovery';
import { getObject } from './reads';
import { isWorkload, podsMatching, selectorString } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const MAX_PODS = 5;
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

export interface LogSource {
  pod: string;
  container: string;
}

export interface LogSources {
  ref: ObjectRef;
  sources: LogSource[];
  /** Pods the workload has in all; more than the sources cover when it has over MAX_PODS. */
  podCount: number;
  notes: string[];
}

export interface SourceRequest {
  kind: string;
  name: string;
  namespace: string;
  container?: string;
  allContainers: boolean;
  previous: boolean;
}

/** Pods that are not ready or have restarted come first: their logs are the ones an operator is after. */
function troubleFirst(pods: any[]): any[] {
  const troubled = (p: any) => (p.status?.containerStatuses ?? []).some((c: any) => !c.ready || c.restartCount > 0);
  return [...pods.filter(troubled), ...pods.filter((p) => !troubled(p)).reverse()];
}

function containersOf(pod: any, req: SourceRequest, notes: string[]): string[] {
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const all = [...(pod.spec?.initContainers ?? []).map((c: any) => c.name), ...names];
  if (req.container) {
    if (!all.includes(req.container))
      throw new ToolError(`pod ${pod.metadata.name} has no container "${req.container}"; its containers are: ${all.join(', ')}`);
    return [req.container];
  }
  if (req.allContainers || names.length === 1) return names;
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER];
  const chosen = names.includes(preferred) ? preferred : names[0];
  const note = `pod has containers ${names.join(', ')}; showing ${chosen} — pass container=<name> or allContainers=true for the others`;
  if (!notes.includes(note)) notes.push(note);
  return [chosen];
}

/** A container with no earlier run has no previous logs; say so instead of asking the kubelet. */
function hasPreviousRun(pod: any, container: string): boolean {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const s = statuses.find((c: any) => c.name === container);
  return Boolean(s?.lastState?.terminated) || (s?.restartCount ?? 0) > 0;
}

export async function logSources(ctx: ToolContext, req: SourceRequest): Promise<LogSources> {
  const resource = await ctx.rt.discovery.resolve(ctx, req.kind);
  let pods: any[];
  let ref: ObjectRef;
  if (resourceArg(resource) === 'pods') {
    const pod = await getObject(ctx, resource, req.name, req.namespace);
    pods = [pod];
    ref = objectRef(ctx, resource, pod);
  } else if (isWorkload(resource)) {
    const obj = await getObject(ctx, resource, req.name, req.namespace);
    ref = objectRef(ctx, resource, obj);
    const selector = selectorString(obj.spec?.selector);
    pods = selector ? await podsMatching(ctx, req.namespace, selector) : [];
    if (!pods.length)
      throw new ToolError(`${resource.kind} ${req.name} has no pods${selector ? ` (selector ${selector})` : ''}, so there are no logs`);
  } else {
    throw new ToolError(
      `logs come from pods: give a pod, or a deployment, statefulset, daemonset, job or replicaset (not ${resource.kind})`,
    );
  }
  const notes: string[] = [];
  const chosen = troubleFirst(pods).slice(0, MAX_PODS);
  if (pods.length > MAX_PODS)
    notes.push(`${pods.length} pods; showing ${MAX_PODS} (not ready or restarted first, then the newest): name a pod for the others`);
  const sources: LogSource[] = [];
  for (const pod of chosen) {
    for (const container of containersOf(pod, req, notes)) {
      if (req.previous && !hasPreviousRun(pod, container))
        notes.push(`${pod.metadata.name}/${container} has not restarted, so it has no previous logs`);
      else sources.push({ pod: pod.metadata.name, container });
    }
  }
  return { ref, sources, podCount: pods.length, notes };
}
