import { filterRows, rowHaystack } from '../filter';

const rows = [['web-1', 'Running'], ['cache-1', 'CrashLoopBackOff'], ['db-0', 'Pending']];
const haystacks = rows.map(rowHaystack);
const all = [0, 1, 2];

describe('table filter', () => {
  it('keeps rows with the text in any cell, ignoring case', () => {
    expect(filterRows(all, haystacks, 'crash')).toEqual([1]);
    expect(filterRows(all, haystacks, 'WEB')).toEqual([0]);
  });

  it('keeps every row for an empty or blank query', () => {
    expect(filterRows(all, haystacks, '')).toEqual(all);
    expect(filterRows(all, haystacks, '   ')).toEqual(all);
  });

  it('keeps the order it is given (a sorted order stays sorted)', () => {
    expect(filterRows([2, 1, 0], haystacks, '-')).toEqual([2, 1, 0]);
  });

  it('does not match text that spans two cells', () => {
    expect(filterRows(all, haystacks, 'web-1running')).toEqual([]);
    expect(filterRows(all, haystacks, 'web-1 running')).toEqual([]);
  });
});
