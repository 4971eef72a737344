// The pods of a workload: its label selector (matchLabels and matchExpressions) as a selector string, and the pods
// in its namespace that match it — what `kubectl describe` and `kubectl logs deploy/x` look at.
import type { ToolContext } from '../runtime';
import type { ApiResource } from './discovery';
import { resourceArg } from './discovery';
import { listObjects } from './reads';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Kinds whose pods are found through spec.selector. */
export const WORKLOADS = new Set(['deployments.apps', 'statefulsets.apps', 'daemonsets.apps', 'replicasets.apps', 'jobs.batch']);

export function isWorkload(resource: ApiResource): boolean {
  return WORKLOADS.has(resourceArg(resource));
}

/** A LabelSelector object as the string kubectl takes; undefined when it selects nothing. */
export function selectorString(selector: any): string | undefined {
  if (!selector) return undefined;
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : undefined;
}

/** Pods matching a selector in one namespace, oldest first. */
export async function podsMatching(ctx: ToolContext, namespace: string, selector: string): Promise<any[]> {
  const list = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'pods'), { namespace, labelSelector: selector });
  const items: any[] = list.items ?? [];
  const created = (p: any) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return items.sort((a, b) => created(a) - created(b) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
}
