// Where a YAML or JSON document can fold: ranges of lines computed in one pass, without parsing the document (it
// may be cut, or not valid at all), and which lines remain visible once some ranges are folded.
import type { CodeFormat } from './highlight';

/** A foldable block: `start` stays visible, lines `start + 1` to `end` hide; `depth` is its nesting level (0: top). */
export interface FoldRange {
  start: number;
  end: number;
  depth: number;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isListItem = (trimmed: string) => trimmed === '-' || trimmed.startsWith('- ');
/** `key:` with nothing after it (bar a comment): its value follows, possibly as a list at the same indentation. */
const isBareKey = (trimmed: string) => !isListItem(trimmed) && /:\s*(?:#.*)?$/.test(trimmed);

/**
 * YAML blocks by indentation: a line owns the lines after it that are more indented; a bare `key:` also owns a list
 * written at its own indentation (as kubectl prints `containers:` then `- name: …`). Blank and comment lines do not
 * end a block, but a block ends on its last line of content.
 */
export function yamlFoldRanges(lines: string[]): FoldRange[] {
  const ranges: FoldRange[] = [];
  const open: { start: number; indent: number; ownsList: boolean; depth: number }[] = [];
  let last = -1;
  const close = (block: (typeof open)[number]) => {
    if (last > block.start) {
      ranges.push({
        start: block.start, end: last, depth: block.depth
      });
    }
  };

  lines.forEach((line, index) => {
    const trimmed = line.trim();

    if (!trimmed || trimmed.startsWith('#')) return;
    const indent = indentOf(line);
    const item = isListItem(trimmed);

    for (let top = open.at(-1); top; top = open.at(-1)) {
      if (indent > top.indent || (indent === top.indent && item && top.ownsList)) break;
      close(open.pop()!);
    }
    open.push({
      start: index, indent, ownsList: isBareKey(trimmed), depth: open.length
    });
    last = index;
  });
  while (open.length) close(open.pop()!);

  return ranges.sort((a, b) => a.start - b.start);
}

/**
 * JSON blocks by brackets: from a line that opens `{` or `[` to the line before its closing bracket (the bracket
 * stays visible). Brackets inside strings do not count.
 */
export function jsonFoldRanges(lines: string[]): FoldRange[] {
  const byStart = new Map<number, FoldRange>();
  const open: number[] = [];
  let inString = false;
  let escaped = false;

  lines.forEach((line, index) => {
    for (const char of line) {
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
      } else if (char === '"') {
        inString = true;
      } else if (char === '{' || char === '[') {
        open.push(index);
      } else if ((char === '}' || char === ']') && open.length) {
        const start = open.pop()!;
        const end = index - 1;
        const known = byStart.get(start);

        if (end > start && (!known || known.end < end)) {
          byStart.set(start, {
            start, end, depth: open.length
          });
        }
      }
    }
    inString = false; // a string never spans lines in JSON; a broken one must not swallow the rest
  });

  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** The fold ranges of a document, by the line they start on. */
export function foldRanges(lines: string[], format: CodeFormat): Map<number, FoldRange> {
  const ranges = format === 'json' ? jsonFoldRanges(lines) : yamlFoldRanges(lines);

  return new Map(ranges.map((r) => [r.start, r]));
}

/** The lines that stay visible (their indexes, in order) with the ranges starting at `folded` folded. */
export function visibleLines(count: number, ranges: ReadonlyMap<number, FoldRange>, folded: ReadonlySet<number>): number[] {
  const visible: number[] = [];

  for (let index = 0; index < count; index++) {
    visible.push(index);
    const range = folded.size && folded.has(index) ? ranges.get(index) : undefined;

    if (range) index = range.end;
  }

  return visible;
}

/**
 * The ranges "fold all" folds: all of them, but for JSON not the outermost brackets (folding the root object
 * would leave one line).
 */
export function foldAllStarts(ranges: ReadonlyMap<number, FoldRange>, format: CodeFormat): Set<number> {
  const minDepth = format === 'json' ? 1 : 0;

  return new Set([...ranges.values()].filter((r) => r.depth >= minDepth).map((r) => r.start));
}
