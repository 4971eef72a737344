// Fetches what a diagnosis reads: one list call per kind, all at once, each allowed to fail on its own (a kind the
// user may not list is reported as not checked, not as a failed diagnosis); and the previous logs of crashed
// containers. Secrets are never read.
import { CallCancelled, ToolError } from '../errors';
import { apiErrorText } from '../kube/api';
import { listObjects, podLog } from '../kube/reads';
import type { ToolContext } from '../runtime';
import { LISTS, type Inputs, type K8sObject, type ListName } from './types';
import { short } from './util';

/** Lists across all namespaces can be far larger than one object; this bounds each of them. */
const CLUSTER_LIST_BYTES = 64 * 1024 * 1024;
const LOG_BYTES = 64 * 1024;
export const LOG_LINES = 5;

export interface Unchecked {
  kind: string;
  reason: string;
}

function reasonOf(err: unknown): string {
  if (err instanceof CallCancelled || !(err instanceof ToolError)) throw err;
  return /forbidden/i.test(err.message) ? 'forbidden' : short(err.message.split('\n')[0], 200);
}

async function fetchList(ctx: ToolContext, name: ListName, namespace: string | undefined): Promise<K8sObject[]> {
  const spec = LISTS[name];
  const list = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, spec.resource), {
    namespace: spec.clusterScoped ? undefined : namespace,
    maxBytes: namespace ? undefined : Math.max(ctx.rt.config.limits.maxOutputBytes, CLUSTER_LIST_BYTES),
  });
  return list.items;
}

export async function fetchLists(
  ctx: ToolContext,
  names: ListName[],
  namespace: string | undefined,
): Promise<{ lists: Inputs['lists']; unchecked: Unchecked[] }> {
  const lists: Inputs['lists'] = {};
  const unchecked: Unchecked[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        lists[name] = await fetchList(ctx, name, namespace);
      } catch (err) {
        unchecked.push({ kind: LISTS[name].kind, reason: reasonOf(err) });
      }
    }),
  );
  unchecked.sort((a, b) => a.kind.localeCompare(b.kind));
  return { lists, unchecked };
}

/** The last lines the crashed container wrote, as evidence lines (or why they could not be read). */
export async function previousLogs(ctx: ToolContext, t: { namespace: string; pod: string; container: string }): Promise<string[]> {
  try {
    const res = await podLog(ctx, { ...t, previous: true, tailLines: LOG_LINES, limitBytes: LOG_BYTES });
    if (res.status !== 200)
      return [`previous logs unavailable: ${short(apiErrorText(res).replace(/^Error from server( \(\w+\))?: /, ''), 160)}`];
    const lines = res.body
      .split('\n')
      .filter((l) => l.trim())
      .slice(-LOG_LINES);
    return lines.length ? lines.map((l) => `previous log: ${short(l, 200)}`) : ['previous logs are empty'];
  } catch (err) {
    return [`previous logs unavailable: ${reasonOf(err)}`];
  }
}
