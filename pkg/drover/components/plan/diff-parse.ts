// A plan's diff text, read into rows the diff views draw. The MCP server writes unified diffs of key-sorted YAML
// (hunks only, or with `---`/`+++` headers), sometimes under section lines of its own (`## Deployment web: changed`
// for apply, `=== added Deployment web` and a summary line for helm), plain notes (an exec changes no object), and a
// `[truncated: …]` line when the diff was cut to fit. One linear pass: a hunk's header says how many lines it has,
// so a line is read as diff content only while its hunk still expects some; anything else is a section or a note.
// (jsdiff's parsePatch throws on a hunk cut short and has no place for the section lines, so it does not fit.)

export type DiffRow =
  | { type: 'file'; oldName: string; newName: string }
  | { type: 'section'; text: string }
  | { type: 'hunk'; text: string; oldStart: number; oldLines: number; newStart: number; newLines: number; context: string }
  | { type: 'context'; oldLine: number; newLine: number; text: string }
  | { type: 'del'; oldLine: number; text: string }
  | { type: 'add'; newLine: number; text: string }
  | { type: 'note'; text: string };

export interface ParsedDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
  hunks: number;
  /** Every changed line is a removal and nothing is added: an object deleted (or emptied). */
  removalOnly: boolean;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const SECTION = /^(##|===) /;

/** Drops a trailing tab-separated timestamp and the a/ b/ prefixes of git-style headers. */
function fileName(header: string): string {
  const name = header.slice(4).split('\t')[0].trim();

  return /^[ab]\//.test(name) ? name.slice(2) : name;
}

export function parseDiff(text: string | undefined): ParsedDiff {
  const rows: DiffRow[] = [];
  let added = 0;
  let removed = 0;
  let hunks = 0;
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  const lines = (text ?? '').replace(/\r\n/g, '\n').split('\n');

  // A trailing newline is not an extra empty line.
  if (lines.length && lines[lines.length - 1] === '') lines.pop();

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const inHunk = oldLeft > 0 || newLeft > 0;

    if (inHunk) {
      const sign = line[0];

      // An empty line inside a hunk is a context line whose leading space was stripped.
      if (line === '' || sign === ' ') {
        rows.push({
          type: 'context', oldLine: oldLine++, newLine: newLine++, text: line.slice(1)
        });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (sign === '-' && oldLeft > 0) {
        rows.push({
          type: 'del', oldLine: oldLine++, text: line.slice(1)
        });
        removed++;
        oldLeft--;
        continue;
      }
      if (sign === '+' && newLeft > 0) {
        rows.push({
          type: 'add', newLine: newLine++, text: line.slice(1)
        });
        added++;
        newLeft--;
        continue;
      }
      if (sign === '\\') {
        rows.push({ type: 'note', text: line.slice(1).trim() });
        continue;
      }
      // Anything else ends a hunk that was cut short.
      oldLeft = 0;
      newLeft = 0;
    }
    if (line.startsWith('\\')) {
      rows.push({ type: 'note', text: line.slice(1).trim() });
      continue;
    }
    const hunk = HUNK.exec(line);

    if (hunk) {
      const [, oldStart, oldCount, newStart, newCount, context] = hunk;
      const h = {
        oldStart: Number(oldStart),
        oldLines: oldCount === undefined ? 1 : Number(oldCount),
        newStart: Number(newStart),
        newLines: newCount === undefined ? 1 : Number(newCount),
      };

      rows.push({
        type: 'hunk', text: line, ...h, context: context.trim()
      });
      hunks++;
      // An empty side starts at 0 ("-0,0"): its first line would be line 1.
      oldLine = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart;
      newLine = h.newLines === 0 ? h.newStart + 1 : h.newStart;
      oldLeft = h.oldLines;
      newLeft = h.newLines;
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      rows.push({
        type: 'file', oldName: fileName(line), newName: fileName(lines[i + 1])
      });
      i++;
      continue;
    }
    if (/^={10,}$/.test(line) || /^Index: /.test(line) || /^diff --git /.test(line)) continue; // createPatch/git preamble
    if (SECTION.test(line)) {
      rows.push({ type: 'section', text: line.replace(SECTION, '') });
      continue;
    }
    if (line.trim()) rows.push({ type: 'note', text: line });
  }

  return {
    rows, added, removed, hunks, removalOnly: removed > 0 && added === 0
  };
}

/** A diff with nothing to show: no text, or text without a single changed line, hunk or note. */
export const isEmptyDiff = (diff: ParsedDiff): boolean => diff.rows.length === 0;
