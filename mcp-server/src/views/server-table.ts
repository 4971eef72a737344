// Lists as `kubectl get` prints them: the API server renders a Table (its own columns for every kind, CRD printer
// columns included) for one page, without the objects themselves, which keeps answers small.
import type { TableView } from '@drover/protocol';
import { apiGetJson } from '../kube/api';
import { apiVersionOf, restPath, resourceArg, type ApiResource } from '../kube/discovery';
import type { ListOptions } from '../kube/reads';
import type { ToolContext } from '../runtime';
import { maskText } from '../policy/redact';

/* eslint-disable @typescript-eslint/no-explicit-any */

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json';

/** Groups whose Table columns the API server computes itself: no column carries text a workload or user wrote. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'storage.k8s.io',
  'rbac.authorization.k8s.io',
  'discovery.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'apiextensions.k8s.io',
]);

/** Whether the table may hold free text from the cluster (event messages, custom columns) to frame as untrusted. */
export function holdsFreeText(resource: ApiResource): boolean {
  return !BUILTIN_GROUPS.has(resource.group) || resource.name === 'events';
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * One page of a list — or one object, by a GET of it (so `get` rights suffice, as with kubectl) — as the server's
 * Table: kubectl's default columns (priority 0), or all of them when wide.
 */
export async function serverTable(
  ctx: ToolContext,
  resource: ApiResource,
  o: ListOptions & { name?: string; wide?: boolean },
): Promise<TableView> {
  const acrossNamespaces = resource.namespaced && !o.namespace && !o.name;
  const query = new URLSearchParams({ includeObject: acrossNamespaces ? 'Metadata' : 'None' });
  if (!o.name) {
    if (o.limit) query.set('limit', String(o.limit));
    if (o.continue) query.set('continue', o.continue);
    if (o.labelSelector) query.set('labelSelector', o.labelSelector);
    if (o.fieldSelector) query.set('fieldSelector', o.fieldSelector);
  }
  const table = await apiGetJson<any>(ctx, {
    path: restPath(resource, o.namespace, o.name),
    query,
    accept: TABLE,
    maxBytes: o.maxBytes,
    actions: [
      {
        verb: o.name ? 'get' : 'list',
        kind: resource.kind,
        group: resource.group,
        namespace: resource.namespaced ? o.namespace : undefined,
        name: o.name,
        clusterScoped: !resource.namespaced,
      },
    ],
  });
  const shown = (table.columnDefinitions ?? []).map((c: any, i: number) => ({ ...c, i })).filter((c: any) => o.wide || !c.priority);
  const nameAt = shown.findIndex((c: any) => c.name === 'Name');
  const rows = (table.rows ?? []).map((row: any) => {
    const name = String(row.object?.metadata?.name ?? row.cells?.[shown[Math.max(0, nameAt)]?.i ?? 0] ?? '');
    const namespace = resource.namespaced ? (row.object?.metadata?.namespace ?? o.namespace) : undefined;
    const cells = shown.map((c: any) => maskText(cellText(row.cells?.[c.i])));
    return {
      ref: { cluster: ctx.cluster, apiVersion: apiVersionOf(resource), kind: resource.kind, name, ...(namespace ? { namespace } : {}) },
      cells: acrossNamespaces ? [namespace ?? '', ...cells] : cells,
    };
  });
  const remaining = table.metadata?.remainingItemCount;
  const next: string | undefined = table.metadata?.continue || undefined;
  const total = typeof remaining === 'number' ? rows.length + remaining : next ? undefined : rows.length;
  return {
    kind: 'table',
    resource: resourceArg(resource),
    columns: [...(acrossNamespaces ? ['NAMESPACE'] : []), ...shown.map((c: any) => String(c.name).toUpperCase())],
    rows,
    ...(total !== undefined ? { total } : {}),
    ...(next ? { next } : {}),
    truncated: false,
  };
}
