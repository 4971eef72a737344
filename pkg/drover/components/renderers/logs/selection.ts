// Which log lines the user picked (click a line number, Shift+click another for a range) and the text that goes
// into the question when they are attached: the selection, else the lines matching the search, else the newest.

export interface Selection {
  anchor: number;
  focus: number;
}

export interface LineRange {
  first: number;
  last: number;
}

/** Lines attached when nothing is selected and nothing is searched for. */
export const TAIL_TO_ATTACH = 100;

export function selectionRange(selection: Selection | undefined): LineRange | undefined {
  if (!selection) return undefined;

  return { first: Math.min(selection.anchor, selection.focus), last: Math.max(selection.anchor, selection.focus) };
}

/** A click on a line number: selects that line (or, clicked again alone, clears it); with Shift, extends to it. */
export function selectLine(current: Selection | undefined, line: number, extend: boolean): Selection | undefined {
  if (extend && current) return { anchor: current.anchor, focus: line };
  if (current && current.anchor === line && current.focus === line) return undefined;

  return { anchor: line, focus: line };
}

export type AttachSource = 'selection' | 'matches' | 'tail';

/** The lines to attach, and why these. */
export function linesToAttach(count: number, selection: Selection | undefined, matched: readonly number[]): { source: AttachSource; lines: number[] } {
  const range = selectionRange(selection);

  if (range) {
    const last = Math.min(range.last, count - 1);

    return { source: 'selection', lines: Array.from({ length: Math.max(0, last - range.first + 1) }, (_, i) => range.first + i) };
  }
  if (matched.length) return { source: 'matches', lines: matched.slice() };
  const first = Math.max(0, count - TAIL_TO_ATTACH);

  return { source: 'tail', lines: Array.from({ length: count - first }, (_, i) => first + i) };
}

/** Lines as text, each with its source label (`[pod/container]`) when the log has several sources. */
export function linesText(texts: readonly string[], labels: readonly string[] | undefined, lines: readonly number[]): string[] {
  return lines.map((i) => (labels ? `${ labels[i] } ${ texts[i] }` : texts[i]));
}

/** As many of the newest lines as fit in `maxChars` (joined by newlines), and how many that is. */
export function fitNewest(lines: readonly string[], maxChars: number): { text: string; count: number } {
  let size = 0;
  let first = lines.length;

  while (first > 0 && size + lines[first - 1].length + (first < lines.length ? 1 : 0) <= maxChars) {
    size += lines[first - 1].length + (first < lines.length ? 1 : 0);
    first--;
  }

  return { text: lines.slice(first).join('\n'), count: lines.length - first };
}
