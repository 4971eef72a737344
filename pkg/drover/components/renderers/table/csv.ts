// A table as CSV (RFC 4180): CRLF between records, a field quoted when it holds a comma, a quote or a line break,
// quotes inside doubled. Cells are kept as the tool printed them, except that a cell a spreadsheet would run as a
// formula (cluster data is not trusted: an annotation can read `=HYPERLINK(…)`) gets a leading `'`, as OWASP advises;
// `-` and negative numbers are data, not formulas, and stay as they are.

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^(?:[=+@\t\r]|-(?![\d.]*$))/;

export function csvField(value: string): string {
  const text = FORMULA.test(value) ? `'${ value }` : value;

  return NEEDS_QUOTES.test(text) ? `"${ text.replace(/"/g, '""') }"` : text;
}

/** The header row, then one record per row (a short row is padded, so every record has the header's fields). */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const record = (cells: readonly string[]) => columns.map((_, i) => csvField(cells[i] ?? '')).join(',');

  return `${ [record(columns), ...rows.map(record)].join('\r\n') }\r\n`;
}
