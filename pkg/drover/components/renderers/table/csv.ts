// A table as CSV (RFC 4180): CRLF between records, a field quoted when it holds a comma, a quote or a line break,
// quotes inside doubled. Cells are kept exactly as the tool printed them.

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${ value.replace(/"/g, '""') }"` : value;
}

/** The header row, then one record per row (a short row is padded, so every record has the header's fields). */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const record = (cells: readonly string[]) => columns.map((_, i) => csvField(cells[i] ?? '')).join(',');

  return `${ [record(columns), ...rows.map(record)].join('\r\n') }\r\n`;
}
