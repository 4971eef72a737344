// What the two diff views draw from the parsed rows. A run of removed lines followed by a run of added lines is a
// change: the n-th removed line pairs with the n-th added one, side by side in the split view, and a pair that is
// mostly the same gets the words that differ marked (both views). Other rows (sections, hunk headers, notes) span
// the whole width. One pass over the rows.
import { diffWordsWithSpace } from 'diff';
import type { DiffRow } from './diff-parse';

export interface Segment {
  text: string;
  /** The part of the line that differs from its pair. */
  changed: boolean;
}

export type LineRow = Extract<DiffRow, { type: 'context' | 'del' | 'add' }> & { segments?: Segment[] };
export type BannerRow = Exclude<DiffRow, { type: 'context' | 'del' | 'add' }>;
export type DisplayRow = LineRow | BannerRow;

export interface SplitSide {
  type: 'context' | 'del' | 'add';
  line: number;
  text: string;
  segments?: Segment[];
}

export type SplitRow =
  | { type: 'pair'; left?: SplitSide; right?: SplitSide }
  | { type: 'banner'; row: BannerRow };

/** Rows a diff view draws before "Show the remaining lines": any ordinary plan fits, a huge apply stays bounded. */
export const FIRST_ROWS = 400;

/** Lines longer than this are not compared word by word (a minified blob says nothing word by word). */
const MAX_INLINE_CHARS = 400;
/** Below this share of unchanged text the lines are simply different: no word marks. */
const MIN_COMMON_SHARE = 0.4;

/** The words that differ between a removed line and the added line it pairs with; undefined when they hardly match. */
export function inlineSegments(before: string, after: string): { before: Segment[]; after: Segment[] } | undefined {
  if (before.length > MAX_INLINE_CHARS || after.length > MAX_INLINE_CHARS || before === after) return undefined;
  const parts = diffWordsWithSpace(before, after);
  const common = parts.filter((p) => !p.added && !p.removed).reduce((n, p) => n + p.value.trim().length, 0);
  const longest = Math.max(before.trim().length, after.trim().length);

  if (!longest || common / longest < MIN_COMMON_SHARE) return undefined;

  return {
    before: parts.filter((p) => !p.added).map((p) => ({ text: p.value, changed: !!p.removed })),
    after:  parts.filter((p) => !p.removed).map((p) => ({ text: p.value, changed: !!p.added })),
  };
}

/** Calls `pair` for each removed/added pair of a change block, by index into `rows`. */
function forEachPair(rows: readonly DiffRow[], pair: (delIndex: number | undefined, addIndex: number | undefined) => void): void {
  let i = 0;

  while (i < rows.length) {
    if (rows[i].type !== 'del' && rows[i].type !== 'add') {
      i++;
      continue;
    }
    const dels: number[] = [];
    const adds: number[] = [];

    while (i < rows.length && rows[i].type === 'del') dels.push(i++);
    while (i < rows.length && rows[i].type === 'add') adds.push(i++);
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) pair(dels[k], adds[k]);
  }
}

/** The rows with word marks on the lines of a change that pair up. */
export function withInlineChanges(rows: readonly DiffRow[]): DisplayRow[] {
  const out: DisplayRow[] = rows.slice();

  forEachPair(rows, (d, a) => {
    if (d === undefined || a === undefined) return;
    const del = rows[d] as Extract<DiffRow, { type: 'del' }>;
    const add = rows[a] as Extract<DiffRow, { type: 'add' }>;
    const segments = inlineSegments(del.text, add.text);

    if (!segments) return;
    out[d] = { ...del, segments: segments.before };
    out[a] = { ...add, segments: segments.after };
  });

  return out;
}

function side(row: LineRow, which: 'old' | 'new'): SplitSide {
  if (row.type === 'context') {
    return {
      type: 'context', line: which === 'old' ? row.oldLine : row.newLine, text: row.text
    };
  }

  return {
    type: row.type, line: row.type === 'del' ? row.oldLine : row.newLine, text: row.text, segments: row.segments
  };
}

/** Side-by-side rows: context on both sides, removed lines left, added lines right, paired in order. */
export function splitRows(rows: readonly DisplayRow[]): SplitRow[] {
  const out: SplitRow[] = [];
  let i = 0;

  while (i < rows.length) {
    const row = rows[i];

    if (row.type === 'context') {
      out.push({
        type: 'pair', left: side(row, 'old'), right: side(row, 'new')
      });
      i++;
    } else if (row.type === 'del' || row.type === 'add') {
      const dels: LineRow[] = [];
      const adds: LineRow[] = [];

      while (i < rows.length && rows[i].type === 'del') dels.push(rows[i++] as LineRow);
      while (i < rows.length && rows[i].type === 'add') adds.push(rows[i++] as LineRow);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        out.push({
          type: 'pair', left: dels[k] && side(dels[k], 'old'), right: adds[k] && side(adds[k], 'new')
        });
      }
    } else {
      out.push({ type: 'banner', row });
      i++;
    }
  }

  return out;
}
