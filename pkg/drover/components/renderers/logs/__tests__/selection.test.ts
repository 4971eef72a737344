import {
  fitNewest, linesText, linesToAttach, selectLine, selectionRange, TAIL_TO_ATTACH
} from '../selection';

describe('log line selection', () => {
  it('selects a clicked line, extends with Shift, and clears when the line is clicked again', () => {
    const one = selectLine(undefined, 4, false);

    expect(selectionRange(one)).toEqual({ first: 4, last: 4 });
    const range = selectLine(one, 1, true);

    expect(selectionRange(range)).toEqual({ first: 1, last: 4 });
    expect(selectionRange(selectLine(range, 9, true))).toEqual({ first: 4, last: 9 });
    expect(selectLine(one, 4, false)).toBeUndefined();
    expect(selectionRange(selectLine(undefined, 7, true))).toEqual({ first: 7, last: 7 });
  });

  it('attaches the selection first, else the lines matching the search, else the newest lines', () => {
    expect(linesToAttach(10, { anchor: 5, focus: 3 }, [1, 2])).toEqual({ source: 'selection', lines: [3, 4, 5] });
    expect(linesToAttach(10, undefined, [1, 7])).toEqual({ source: 'matches', lines: [1, 7] });
    expect(linesToAttach(10, undefined, [])).toEqual({ source: 'tail', lines: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const tail = linesToAttach(250, undefined, []);

    expect(tail.lines).toHaveLength(TAIL_TO_ATTACH);
    expect(tail.lines[0]).toBe(150);
  });

  it('prefixes lines with their source label when there are several sources', () => {
    expect(linesText(['a', 'b'], ['[p1/c]', '[p2/c]'], [1])).toEqual(['[p2/c] b']);
    expect(linesText(['a', 'b'], undefined, [0, 1])).toEqual(['a', 'b']);
  });

  it('keeps the newest whole lines that fit', () => {
    expect(fitNewest(['aaaa', 'bbbb', 'cccc'], 9)).toEqual({ text: 'bbbb\ncccc', count: 2 });
    expect(fitNewest(['aaaa', 'bbbb'], 100)).toEqual({ text: 'aaaa\nbbbb', count: 2 });
    expect(fitNewest(['toolong'], 3)).toEqual({ text: '', count: 0 });
  });
});
