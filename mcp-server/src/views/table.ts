// Lists as compact, aligned tables for the model and as TableViews (rows with object references) for the UI.
import type { ObjectRef, TableView } from '@drover/protocol';
import type { ToolContext } from '../runtime';
import { apiVersionOf, type ApiResource } from '../kube/discovery';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Aligned columns separated by two spaces (kubectl uses three). */
export function renderTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map(line)].join('\n');
}

export function objectRef(ctx: ToolContext, resource: ApiResource, obj: any): ObjectRef {
  return {
    cluster: ctx.cluster,
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    name: obj.metadata?.name ?? '',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

/** Fits a table view into a character budget by dropping trailing rows; returns the text and the (possibly shortened) view. */
export function fitTable(view: TableView, budgetChars: number): { text: string; view: TableView; dropped: number } {
  let rows = view.rows;
  let text = renderTable(
    view.columns,
    rows.map((r) => r.cells),
  );
  while (text.length > budgetChars && rows.length > 1) {
    rows = rows.slice(0, Math.max(1, Math.floor(rows.length * (budgetChars / text.length) * 0.95)));
    text = renderTable(
      view.columns,
      rows.map((r) => r.cells),
    );
  }
  const dropped = view.rows.length - rows.length;
  return { text, view: { ...view, rows, truncated: view.truncated || dropped > 0 }, dropped };
}
