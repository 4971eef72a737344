// Reads the aligned tables kubectl prints (api-resources, top): each column starts where its header starts.

export function parseAlignedTable(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim());
  if (!lines.length) return [];
  const header = lines[0];
  const starts: { name: string; at: number }[] = [];
  for (const m of header.matchAll(/\S+/g)) starts.push({ name: m[0], at: m.index });
  return lines.slice(1).map((line) => {
    const chars = [...line];
    const row: Record<string, string> = {};
    starts.forEach((col, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].at : chars.length;
      row[col.name] = chars.slice(col.at, end).join('').trim();
    });
    return row;
  });
}
