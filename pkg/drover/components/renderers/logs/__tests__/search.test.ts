import type { Segment } from '../ansi';
import {
  MAX_MATCHES, findMatches, highlight, matchedLines, rangesIn, searchable, stepMatch
} from '../search';

describe('log search', () => {
  it('finds every occurrence, ignoring case, without overlaps', () => {
    const lines = ['Error: a', 'no match', 'error ERROR', 'aaaa'].map(searchable);

    expect(findMatches(lines, 'ERROR').matches).toEqual([
      {
        line: 0, start: 0, end: 5
      }, {
        line: 2, start: 0, end: 5
      }, {
        line: 2, start: 6, end: 11
      },
    ]);
    expect(findMatches(lines, 'aa').matches).toEqual([{
      line: 3, start: 0, end: 2
    }, {
      line: 3, start: 2, end: 4
    }]);
    expect(findMatches(lines, '').matches).toEqual([]);
  });

  it('lowercases without changing offsets', () => {
    const line = 'İstanbul Error';

    expect(searchable(line)).toHaveLength(line.length);
    expect(rangesIn(searchable(line), 'error')).toEqual([{ start: 9, end: 14 }]);
  });

  it('stops counting at the cap and says so', () => {
    const lines = Array.from({ length: 3 }, () => 'x'.repeat(MAX_MATCHES));
    const found = findMatches(lines, 'x');

    expect(found.matches).toHaveLength(MAX_MATCHES);
    expect(found.capped).toBe(true);
  });

  it('lists each matching line once', () => {
    expect(matchedLines([{
      line: 1, start: 0, end: 1
    }, {
      line: 1, start: 3, end: 4
    }, {
      line: 4, start: 0, end: 1
    }])).toEqual([1, 4]);
  });

  it('steps through matches, wrapping at both ends', () => {
    expect(stepMatch(3, -1, 1)).toBe(0);
    expect(stepMatch(3, -1, -1)).toBe(2);
    expect(stepMatch(3, 2, 1)).toBe(0);
    expect(stepMatch(3, 0, -1)).toBe(2);
    expect(stepMatch(0, -1, 1)).toBe(-1);
  });

  it('cuts styled segments at the matches, marking the current one', () => {
    const segments: Segment[] = [{ text: 'WARN', styles: ['fg-yellow'] }, { text: ' disk warning', styles: [] }];
    const ranges = rangesIn(searchable('WARN disk warning'), 'warn');

    expect(highlight(segments, ranges, 10)).toEqual([
      {
        text: 'WARN', styles: ['fg-yellow'], mark: 'match'
      },
      { text: ' disk ', styles: [] },
      {
        text: 'warn', styles: [], mark: 'current'
      },
      { text: 'ing', styles: [] },
    ]);
  });

  it('marks a match that spans two segments in both', () => {
    const segments: Segment[] = [{ text: 'conn', styles: ['fg-red'] }, { text: 'ection', styles: [] }];

    expect(highlight(segments, [{ start: 2, end: 7 }])).toEqual([
      { text: 'co', styles: ['fg-red'] },
      {
        text: 'nn', styles: ['fg-red'], mark: 'match'
      },
      {
        text: 'ect', styles: [], mark: 'match'
      },
      { text: 'ion', styles: [] },
    ]);
  });
});
