// How a table column sorts: by what its cells mean, as kubectl prints them. A column whose values are all numbers
// (restart counts like `5 (2m ago)` included), ready counts (`1/2`), ages (`5m`, `2d3h`, `300ms`) or Kubernetes
// quantities (`250m`, `1Gi`) sorts by value; anything else sorts as text, with digit runs compared as numbers
// (`web-2` before `web-10`). Cells that say "no value" (`<none>`, empty) go last in both directions.

export type SortDirection = 'ascending' | 'descending';
export type CellKind = 'number' | 'ratio' | 'duration' | 'quantity' | 'text';

/** The next state of a header clicked again and again: ascending, descending, unsorted. */
export function nextDirection(current: SortDirection | undefined): SortDirection | undefined {
  if (!current) return 'ascending';

  return current === 'ascending' ? 'descending' : undefined;
}

const EMPTY = new Set(['', '<none>', '<unknown>', '<invalid>', '<pending>', '-', 'n/a', 'none']);

export const isEmptyCell = (value: string): boolean => EMPTY.has(value.trim().toLowerCase());

const NUMBER = /^[-+]?\d+(?:\.\d+)?%?$/;
/** A restart count: `5`, `5 (2m ago)`, `5 (2m13s ago)`. */
const RESTARTS = /^(\d+) \([^()]*\)$/;
const RATIO = /^(\d+)\/(\d+)$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|y|d|h|m|s)/y;
const QUANTITY = /^([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const SECONDS: Record<string, number> = {
  ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86_400, y: 31_536_000
};
const MULTIPLIERS: Record<string, number> = {
  n:  1e-9,
  u:  1e-6,
  m:  1e-3,
  k:  1e3,
  M:  1e6,
  G:  1e9,
  T:  1e12,
  P:  1e15,
  E:  1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseNumber(value: string): number | undefined {
  const text = value.trim();
  const restarts = RESTARTS.exec(text);

  if (restarts) return Number(restarts[1]);

  return NUMBER.test(text) ? Number.parseFloat(text) : undefined;
}

/** `1/2` → 0.5 (what is ready), then the count itself breaks ties: `1/1` before `2/2`. */
export function parseRatio(value: string): [number, number] | undefined {
  const match = RATIO.exec(value.trim());

  if (!match) return undefined;
  const ready = Number(match[1]);
  const of = Number(match[2]);

  return [of === 0 ? 0 : ready / of, ready];
}

/** Seconds in a kubectl age or a Go duration: `45s`, `5m30s`, `2d3h`, `3y45d`, `1.5s`, `300ms`. */
export function parseDuration(value: string): number | undefined {
  const text = value.trim();

  if (!text) return undefined;
  DURATION_PART.lastIndex = 0;
  let seconds = 0;

  while (DURATION_PART.lastIndex < text.length) {
    const part = DURATION_PART.exec(text);

    if (!part) return undefined;
    seconds += Number.parseFloat(part[1]) * SECONDS[part[2]];
  }

  return seconds;
}

/** A Kubernetes quantity in base units: `250m` → 0.25, `1Gi` → 1073741824, `2` → 2. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value.trim());

  if (!match) return undefined;

  return Number.parseFloat(match[1]) * (match[2] ? MULTIPLIERS[match[2]] : 1);
}

/** Columns of sizes and resources, where `250m` means millicores and not minutes. */
const QUANTITY_HEADER = /CPU|MEMORY|STORAGE|CAPACITY|SIZE|REQUEST|LIMIT|ALLOCATABLE/i;

const PARSERS: [CellKind, (value: string) => unknown][] = [
  ['number', parseNumber], ['ratio', parseRatio], ['duration', parseDuration], ['quantity', parseQuantity],
];

/** What a column holds: the first kind every non-empty cell parses as (quantities first under a CPU/MEMORY header). */
export function detectKind(header: string, values: readonly string[]): CellKind {
  const order = QUANTITY_HEADER.test(header) ? [PARSERS[0], PARSERS[3], PARSERS[1], PARSERS[2]] : PARSERS;
  const filled = values.filter((v) => !isEmptyCell(v));

  if (!filled.length) return 'text';
  for (const [kind, parse] of order) if (filled.every((v) => parse(v) !== undefined)) return kind;

  return 'text';
}

type Key = number | [number, number] | string;

function keyOf(kind: CellKind, value: string): Key | undefined {
  if (isEmptyCell(value)) return undefined;
  switch (kind) {
  case 'number': return parseNumber(value);
  case 'ratio': return parseRatio(value);
  case 'duration': return parseDuration(value);
  case 'quantity': return parseQuantity(value);
  default: return value;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'string' || typeof b === 'string') return collator.compare(String(a), String(b));
  if (Array.isArray(a) && Array.isArray(b)) return a[0] - b[0] || a[1] - b[1];

  return (a as number) - (b as number);
}

/** A comparator for two cells of a column of `kind`; empty cells sort after every value. */
export function cellComparator(kind: CellKind): (a: string, b: string) => number {
  return (a, b) => {
    const x = keyOf(kind, a);
    const y = keyOf(kind, b);

    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;

    return compareKeys(x, y);
  };
}

/**
 * The order of `values` (row positions) sorted by one column: each cell parsed once, a stable sort, ties and empty
 * cells keeping their original order, empty cells last whichever the direction.
 */
export function sortOrder(header: string, values: readonly string[], direction: SortDirection): number[] {
  const kind = detectKind(header, values);
  const keys = values.map((v) => keyOf(kind, v));
  const sign = direction === 'ascending' ? 1 : -1;
  const order = values.map((_, i) => i);

  return order.sort((i, j) => {
    const x = keys[i];
    const y = keys[j];

    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;

    return sign * compareKeys(x, y);
  });
}
