// Aligned text tables for the terminal: padded columns, long cells cut, and a row cap that says how much was left out.
import type { TableView } from '@drover/protocol';
import type { Style } from './output';

/** Longest cell shown; the rest is cut with "…". */
const MAX_CELL_CHARS = 60;
/** The last column is never squeezed below this, even on a narrow terminal. */
const MIN_LAST_COLUMN = 16;
const GAP = '  ';
/** Rows of a table view shown in the terminal. */
export const MAX_TABLE_ROWS = 20;

export interface TableOptions {
  /** Rows shown; more are summarised in one line. */
  maxRows?: number;
  /** Line width to fit: the last column is cut to what is left of it. */
  width?: number;
  /** What the rows are, for the "… N more" line. */
  noun?: string;
}

export function cut(text: string, max: number): string {
  const line = text.replace(/\s*\n[\s\S]*/, ' …');
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}

export function formatTable(columns: string[], rows: string[][], style: Style, options: TableOptions = {}): string[] {
  const shown = rows.slice(0, options.maxRows ?? rows.length);
  const cells = [columns, ...shown].map((row) => columns.map((_, i) => cut(row[i] ?? '', MAX_CELL_CHARS)));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  if (options.width !== undefined) {
    const before = widths.slice(0, -1).reduce((sum, w) => sum + w + GAP.length, 0);
    const last = Math.max(MIN_LAST_COLUMN, options.width - before);
    for (const row of cells) row[row.length - 1] = cut(row[row.length - 1], last);
    widths[widths.length - 1] = Math.min(widths[widths.length - 1], last);
  }
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell))
      .join(GAP)
      .trimEnd();
  const [header, ...body] = cells;
  const lines = [style.bold(line(header)), ...body.map(line)];
  const hidden = rows.length - shown.length;
  if (hidden > 0) lines.push(style.dim(`… ${hidden} more ${options.noun ?? 'rows'}`));
  return lines;
}

/** A table view: its rows capped, and a note when the server fetched only part of them. */
export function tableLines(view: Omit<TableView, 'kind'>, style: Style, width?: number): string[] {
  const lines = formatTable(
    view.columns,
    view.rows.map((r) => r.cells),
    style,
    { maxRows: MAX_TABLE_ROWS, noun: view.resource, width },
  );
  const unfetched = (view.total ?? view.rows.length) - view.rows.length;
  if (unfetched > 0) lines.push(style.dim(`(${view.rows.length} of ${view.total} ${view.resource} fetched)`));
  else if (view.truncated) lines.push(style.dim(`(more ${view.resource} exist than were fetched)`));
  return lines;
}
