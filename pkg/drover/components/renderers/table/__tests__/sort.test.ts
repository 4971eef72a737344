import {
  cellComparator, detectKind, nextDirection, parseDuration, parseQuantity, sortOrder
} from '../sort';

const sortValues = (header: string, values: string[], direction: 'ascending' | 'descending' = 'ascending') => sortOrder(header, values, direction).map((i) => values[i]);

describe('table sorting', () => {
  it('cycles a header through ascending, descending and unsorted', () => {
    expect(nextDirection(undefined)).toBe('ascending');
    expect(nextDirection('ascending')).toBe('descending');
    expect(nextDirection('descending')).toBeUndefined();
  });

  it('sorts numbers by value, not as text', () => {
    expect(sortValues('COUNT', ['10', '9', '100', '-1', '2.5'])).toEqual(['-1', '2.5', '9', '10', '100']);
  });

  it('sorts restart counts by the count, with or without the time of the last restart', () => {
    expect(sortValues('RESTARTS', ['12 (3m ago)', '0', '5 (2m ago)', '1 (2d3h ago)'])).toEqual(['0', '1 (2d3h ago)', '5 (2m ago)', '12 (3m ago)']);
    expect(detectKind('RESTARTS', ['5 (14s ago)', '0'])).toBe('number');
  });

  it('sorts ready counts by how much is ready, then by the count', () => {
    expect(sortValues('READY', ['1/1', '0/1', '2/3', '3/3', '1/2'])).toEqual(['0/1', '1/2', '2/3', '1/1', '3/3']);
  });

  it('sorts ages and durations by length of time', () => {
    expect(sortValues('AGE', ['2d3h', '45s', '5m', '3y45d', '10h', '5m30s', '1d'])).toEqual(['45s', '5m', '5m30s', '10h', '1d', '2d3h', '3y45d']);
    expect(sortValues('DURATION', ['1.5s', '300ms', '2m'])).toEqual(['300ms', '1.5s', '2m']);
    expect(parseDuration('2d3h')).toBe(2 * 86_400 + 3 * 3600);
    expect(parseDuration('5x')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });

  it('reads 250m as millicores under a CPU header and as minutes elsewhere', () => {
    expect(sortValues('CPU(cores)', ['1', '250m', '1500m', '2'])).toEqual(['250m', '1', '1500m', '2']);
    expect(sortValues('AGE', ['250m', '2h', '1d'])).toEqual(['2h', '250m', '1d']);
  });

  it('sorts memory and storage quantities by size', () => {
    expect(sortValues('MEMORY(bytes)', ['1Gi', '512Mi', '2048Ki', '3G'])).toEqual(['2048Ki', '512Mi', '1Gi', '3G']);
    expect(sortValues('CAPACITY', ['10Gi', '500Mi', '1Ti'])).toEqual(['500Mi', '10Gi', '1Ti']);
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('1Ki')).toBe(1024);
  });

  it('sorts names naturally, digit runs as numbers and without regard to case', () => {
    expect(sortValues('NAME', ['web-10', 'web-2', 'Api-1', 'web-1'])).toEqual(['Api-1', 'web-1', 'web-2', 'web-10']);
  });

  it('falls back to text when a column mixes kinds of values', () => {
    expect(detectKind('VALUE', ['5m', '1/2', 'abc'])).toBe('text');
    expect(detectKind('EMPTY', ['', '<none>'])).toBe('text');
  });

  it('puts cells without a value last in both directions', () => {
    const values = ['<none>', '10.0.0.2', '', '10.0.0.10', '<unknown>'];

    expect(sortValues('IP', values).slice(0, 2)).toEqual(['10.0.0.2', '10.0.0.10']);
    expect(sortValues('IP', values, 'descending').slice(0, 2)).toEqual(['10.0.0.10', '10.0.0.2']);
    expect(sortValues('IP', values, 'descending').slice(2)).toEqual(['<none>', '', '<unknown>']);
  });

  it('sorts descending as the reverse, keeping equal values in their original order', () => {
    const values = ['14s', '4s', '14s', '1m'];

    expect(sortOrder('AGE', values, 'descending')).toEqual([3, 0, 2, 1]);
    expect(sortOrder('AGE', values, 'ascending')).toEqual([1, 0, 2, 3]);
  });

  it('offers a comparator for two cells of a column', () => {
    const compare = cellComparator('duration');

    expect(compare('5m', '2d3h')).toBeLessThan(0);
    expect(compare('<none>', '5m')).toBeGreaterThan(0);
    expect(compare('5m', '5m')).toBe(0);
    expect(cellComparator('ratio')('1/1', '0/1')).toBeGreaterThan(0);
    expect(cellComparator('text')('pod-9', 'pod-10')).toBeLessThan(0);
  });

  it('sorts a thousand rows in one pass of parsing', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `${ (i * 7919) % 5000 } (${ i }m ago)`);
    const sorted = sortValues('RESTARTS', values);

    expect(sorted[0]).toBe('0 (0m ago)');
    expect(sorted[4999].startsWith('4999 ')).toBe(true);
  });
});
