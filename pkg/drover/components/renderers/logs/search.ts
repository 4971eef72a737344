// Search in log lines: a plain case-insensitive substring (never a user-supplied pattern), found in one pass over
// lines lowercased once, and split into highlighted pieces for the lines in view.
import type { Segment } from './ansi';

export interface Match {
  line: number;
  start: number;
  end: number;
}

/** Enough to step through; a query that matches more is too broad to page through match by match. */
export const MAX_MATCHES = 20_000;

/** The text lowercased without changing its length (a character whose lowercase is longer stays as it is). */
export function searchable(text: string): string {
  const lower = text.toLowerCase();

  if (lower.length === text.length) return lower;
  let out = '';

  for (const ch of text) {
    const l = ch.toLowerCase();

    out += l.length === ch.length ? l : ch;
  }

  return out;
}

/** Where `needle` (already lowercased) occurs in one lowercased line, without overlaps. */
export function rangesIn(line: string, needle: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];

  if (!needle) return ranges;
  for (let at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + needle.length)) {
    ranges.push({ start: at, end: at + needle.length });
  }

  return ranges;
}

/** Every occurrence of `query` in the lowercased lines, in order, up to MAX_MATCHES. */
export function findMatches(lines: readonly string[], query: string): { matches: Match[]; capped: boolean } {
  const needle = searchable(query);
  const matches: Match[] = [];

  if (!needle) return { matches, capped: false };
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];

    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      if (matches.length === MAX_MATCHES) return { matches, capped: true };
      matches.push({
        line, start: at, end: at + needle.length
      });
    }
  }

  return { matches, capped: false };
}

/** The lines that hold a match, each once, in order. */
export function matchedLines(matches: readonly Match[]): number[] {
  const lines: number[] = [];

  for (const m of matches) if (lines[lines.length - 1] !== m.line) lines.push(m.line);

  return lines;
}

/** The match after (or before) `current`, wrapping around; the first (or last) when none is current. */
export function stepMatch(count: number, current: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return step === 1 ? 0 : count - 1;

  return (current + step + count) % count;
}

export interface Piece extends Segment {
  mark?: 'match' | 'current';
}

/**
 * Styled segments cut at the ranges to highlight; `current` is the start of the match to show as the current one.
 * Linear in segments plus ranges.
 */
export function highlight(segments: readonly Segment[], ranges: readonly { start: number; end: number }[], current?: number): Piece[] {
  if (!ranges.length) return segments.slice();
  const pieces: Piece[] = [];
  let offset = 0;
  let r = 0;

  for (const segment of segments) {
    const end = offset + segment.text.length;
    let at = offset;

    while (at < end) {
      while (r < ranges.length && ranges[r].end <= at) r++;
      const range = ranges[r];

      if (!range || range.start >= end) {
        pieces.push({ text: segment.text.slice(at - offset), styles: segment.styles });
        at = end;
      } else if (range.start > at) {
        pieces.push({ text: segment.text.slice(at - offset, range.start - offset), styles: segment.styles });
        at = range.start;
      } else {
        const stop = Math.min(range.end, end);

        pieces.push({
          text: segment.text.slice(at - offset, stop - offset), styles: segment.styles, mark: range.start === current ? 'current' : 'match'
        });
        at = stop;
      }
    }
    offset = end;
  }

  return pieces;
}
