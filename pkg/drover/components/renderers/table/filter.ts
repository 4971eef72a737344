// The table's filter box: a case-insensitive substring of any cell. Each row's cells are joined and lowercased once
// (when rows arrive), so a keystroke is one linear pass over the rows.

/** Separates cells, so a query never matches across two of them. */
const SEPARATOR = '\u0000';

export function rowHaystack(cells: readonly string[]): string {
  return cells.join(SEPARATOR).toLowerCase();
}

/** The entries of `order` (row positions) whose haystack contains `query`; all of them for an empty query. */
export function filterRows(order: readonly number[], haystacks: readonly string[], query: string): number[] {
  const needle = query.trim().toLowerCase();

  if (!needle) return order.slice();

  return order.filter((i) => haystacks[i].includes(needle));
}
