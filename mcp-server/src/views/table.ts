// Lists as compact, aligned tables for the model and as TableViews (rows with object references) for the UI.
import type { ObjectRef, TableView } from '@drover/protocol';
import type { ToolContext } from '../runtime';
import { apiVersionOf, resourceArg, type ApiResource } from '../kube/discovery';
import { kubectl } from '../kube/invoke';
import { crdPrinter, DEFAULT_PRINTER, PRINTERS, type CrdColumn, type Printer } from './printers';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Aligned columns separated by two spaces (kubectl uses three). */
export function renderTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), ...rows.map(line)].join('\n');
}

const crdPrinters = new Map<string, Printer>();

/** The printer for a resource: built in, from the CRD's printer columns (when the user may read CRDs), or default. */
export async function printerFor(ctx: ToolContext, resource: ApiResource): Promise<Printer> {
  const builtin = PRINTERS[resourceArg(resource)];
  if (builtin) return builtin;
  if (!resource.group || resource.group.endsWith('.k8s.io') || !resource.group.includes('.')) return DEFAULT_PRINTER;
  const key = `${ctx.cluster}/${resourceArg(resource)}/${resource.version}`;
  const cached = crdPrinters.get(key);
  if (cached) return cached;
  const res = await kubectl(ctx, {
    argv: ['get', 'customresourcedefinitions.apiextensions.k8s.io', resourceArg(resource), '--output=json'],
    actions: [{ verb: 'get', kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', name: resourceArg(resource), clusterScoped: true }],
    allowFailure: true,
  });
  let printer = DEFAULT_PRINTER;
  if (res.exitCode === 0) {
    const crd = JSON.parse(res.stdout);
    const version = crd.spec?.versions?.find((v: any) => v.name === resource.version);
    const columns: CrdColumn[] = (version?.additionalPrinterColumns ?? []).filter((c: any) => !c.priority);
    if (columns.length) printer = crdPrinter(columns);
  }
  crdPrinters.set(key, printer);
  return printer;
}

export function objectRef(ctx: ToolContext, resource: ApiResource, obj: any): ObjectRef {
  return {
    cluster: ctx.cluster, apiVersion: apiVersionOf(resource), kind: resource.kind, name: obj.metadata?.name ?? '',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

export interface TableInput {
  ctx: ToolContext;
  resource: ApiResource;
  items: any[];
  printer: Printer;
  /** Prefix a NAMESPACE column (lists across namespaces). */
  withNamespace: boolean;
  total?: number;
  next?: string;
}

export function tableOf({ ctx, resource, items, printer, withNamespace, total, next }: TableInput): TableView {
  const now = Date.now();
  const columns = [...(withNamespace ? ['NAMESPACE'] : []), 'NAME', ...printer.columns];
  const rows = items.map((obj) => ({
    ref: objectRef(ctx, resource, obj),
    cells: [...(withNamespace ? [obj.metadata?.namespace ?? ''] : []), obj.metadata?.name ?? '', ...printer.cells.map((cell) => cell(obj, now))],
  }));
  return { kind: 'table', resource: resourceArg(resource), columns, rows, ...(total !== undefined ? { total } : {}), ...(next ? { next } : {}), truncated: false };
}

/** Fits a table view into a character budget by dropping trailing rows; returns the text and the (possibly shortened) view. */
export function fitTable(view: TableView, budgetChars: number): { text: string; view: TableView; dropped: number } {
  let rows = view.rows;
  let text = renderTable(view.columns, rows.map((r) => r.cells));
  while (text.length > budgetChars && rows.length > 1) {
    rows = rows.slice(0, Math.max(1, Math.floor(rows.length * (budgetChars / text.length) * 0.95)));
    text = renderTable(view.columns, rows.map((r) => r.cells));
  }
  const dropped = view.rows.length - rows.length;
  return { text, view: { ...view, rows, truncated: view.truncated || dropped > 0 }, dropped };
}
