// Reads what `kubectl top pods|nodes` prints (aligned columns) into a table view with object references.
//   nodes:            NAME  CPU(cores)  CPU(%)  MEMORY(bytes)  MEMORY(%)
//   pods:  [NAMESPACE] [POD] NAME  CPU(cores)  MEMORY(bytes)        (POD and container NAME with --containers)
import type { ObjectRef, TableView } from '@drover/protocol';
import { parseAlignedTable } from './columns';

export interface TopScope {
  what: 'pods' | 'nodes';
  cluster: string;
  /** The namespace asked for, when the output has no NAMESPACE column. */
  namespace?: string;
}

function refOf(row: Record<string, string>, scope: TopScope): ObjectRef {
  if (scope.what === 'nodes') return { cluster: scope.cluster, apiVersion: 'v1', kind: 'Node', name: row.NAME };
  const namespace = row.NAMESPACE ?? scope.namespace;
  return { cluster: scope.cluster, apiVersion: 'v1', kind: 'Pod', name: row.POD ?? row.NAME, ...(namespace ? { namespace } : {}) };
}

export function parseTop(text: string, scope: TopScope): TableView {
  const header = text.split('\n').find((l) => l.trim());
  const columns = header ? header.trim().split(/\s+/) : [];
  const rows = parseAlignedTable(text).map((row) => ({ ref: refOf(row, scope), cells: columns.map((c) => row[c] ?? '') }));
  const resource = scope.what === 'nodes' ? 'nodes' : columns.includes('POD') ? 'containers' : 'pods';
  return { kind: 'table', resource: `${resource} (metrics)`, columns, rows, truncated: false };
}
