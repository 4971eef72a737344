// The reads tools make, as API GETs through the caller's proxy: one object, a page of a list, a pod's log.
// Each declares its policy action from the resource it touches.
import { CommandFailed } from '../errors';
import type { KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { apiGet, apiGetJson, type ApiResponse } from './api';
import { restPath, type ApiResource } from './discovery';

/* eslint-disable @typescript-eslint/no-explicit-any */

function action(resource: ApiResource, verb: 'get' | 'list', namespace?: string, name?: string): KubeAction {
  return {
    verb,
    kind: resource.kind,
    group: resource.group,
    namespace: resource.namespaced ? namespace : undefined,
    name,
    clusterScoped: !resource.namespaced,
  };
}

export interface GetOptions {
  /** Resolve with undefined instead of failing when the object does not exist. */
  allowNotFound?: boolean;
}

export async function getObject(
  ctx: ToolContext,
  resource: ApiResource,
  name: string,
  namespace?: string,
  o: GetOptions = {},
): Promise<any> {
  try {
    return await apiGetJson(ctx, { path: restPath(resource, namespace, name), actions: [action(resource, 'get', namespace, name)] });
  } catch (err) {
    if (o.allowNotFound && err instanceof CommandFailed && err.message.includes('(NotFound)')) return undefined;
    throw err;
  }
}

export interface ListOptions {
  /** Absent: all namespaces (or a cluster-scoped kind). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** The list exactly as it was at this resourceVersion (a first page only: a continue token carries its own). */
  resourceVersion?: string;
  maxBytes?: number;
}

/** One page of a list; each item gets the kind back (API lists leave it out), which redaction relies on. */
export async function listObjects(ctx: ToolContext, resource: ApiResource, o: ListOptions = {}): Promise<any> {
  const query = new URLSearchParams();
  if (o.limit) query.set('limit', String(o.limit));
  if (o.continue) query.set('continue', o.continue);
  if (o.resourceVersion) {
    query.set('resourceVersion', o.resourceVersion);
    query.set('resourceVersionMatch', 'Exact');
  }
  if (o.labelSelector) query.set('labelSelector', o.labelSelector);
  if (o.fieldSelector) query.set('fieldSelector', o.fieldSelector);
  const list = await apiGetJson<any>(ctx, {
    path: restPath(resource, o.namespace),
    query,
    actions: [action(resource, 'list', o.namespace)],
    maxBytes: o.maxBytes,
  });
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  list.items = (list.items ?? []).map((item: any) => ({ apiVersion, kind: resource.kind, ...item }));
  return list;
}

/** Every item across pages (for callers that must see all, e.g. counting); stops at maxItems. */
export async function listAll(
  ctx: ToolContext,
  resource: ApiResource,
  o: ListOptions & { maxItems: number },
): Promise<{ items: any[]; complete: boolean }> {
  const items: any[] = [];
  let next: string | undefined;
  do {
    const page = await listObjects(ctx, resource, { ...o, limit: Math.min(500, o.maxItems - items.length), continue: next });
    items.push(...page.items);
    next = page.metadata?.continue || undefined;
  } while (next && items.length < o.maxItems);
  return { items, complete: !next };
}

export async function serverVersion(ctx: ToolContext): Promise<{ gitVersion?: string }> {
  return apiGetJson(ctx, { path: '/version', actions: [{ verb: 'get', kind: 'Version', group: '', clusterScoped: true }] });
}

export interface PodLogOptions {
  namespace: string;
  pod: string;
  container: string;
  tailLines?: number;
  limitBytes?: number;
  previous?: boolean;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** The pods/log subresource: never follows. Non-2xx answers come back to the caller (several pods may be read). */
export function podLog(ctx: ToolContext, o: PodLogOptions): Promise<ApiResponse> {
  const query = new URLSearchParams({ container: o.container });
  if (o.tailLines) query.set('tailLines', String(o.tailLines));
  if (o.limitBytes) query.set('limitBytes', String(o.limitBytes));
  if (o.previous) query.set('previous', 'true');
  if (o.sinceSeconds) query.set('sinceSeconds', String(o.sinceSeconds));
  if (o.timestamps) query.set('timestamps', 'true');
  return apiGet(ctx, {
    path: `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`,
    query,
    actions: [{ verb: 'get', kind: 'Pod', group: '', namespace: o.namespace, name: o.pod, clusterScoped: false }],
    maxBytes: (o.limitBytes ?? 0) + 64 * 1024,
    allowFailure: true,
  });
}
