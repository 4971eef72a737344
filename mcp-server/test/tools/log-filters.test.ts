// k8s_logs include/exclude run in RE2, off the event loop: patterns that make a backtracking engine run for ever
// finish on 100 KB lines with the right answer, ordinary patterns keep the lines JavaScript's RegExp kept, syntax RE2
// does not have is refused with a clear reason, and no user pattern ever reaches a JS RegExp.
import { applyObjects, deployment, seedLogs, waitForDeployments } from '../../../tests/cluster';
import { k8sLogs } from '../../src/tools/k8s/logs';
import { cluster, connect, testConfig, textOf, VIEWER, type Connected } from '../support/harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h1-log-filters';
const LINE_CHARS = 1000;
const PLAIN = [
  'GET /api/products 200 0.8ms',
  'POST /api/cart 500 12.1ms error: cart service unavailable',
  'WARN retrying in 5s (attempt 2/5)',
  'panic: runtime error: index out of range [3] with length 3',
  'user=alice@example.com action=login ok',
  'Timeout waiting for db-0.db.svc:5432',
  'Échec de connexion au cache',
  'get /API/Products/42 404',
  '# a comment # with two hashes',
];
const ALL_A = 'a'.repeat(100_000);
const X_THEN_HASH = `${'x'.repeat(100_000)}#`;
const HUGE = [ALL_A, X_THEN_HASH, 'short line # one', 'ends with a', 'xxy marks the spot'];

/** Random a/b text: the input on which RE2's DFA gives up and its slower NFA runs. */
function abText(chars: number, seed: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < chars; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += s / 2147483648 < 0.5 ? 'a' : 'b';
  }
  return out;
}

/** How a seeded line looks in the view (long lines are cut for display after filtering). */
const shown = (line: string) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}… [line cut]` : line);

let mcp: Connected;

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'plain', namespace: NS }),
    deployment({ name: 'huge', namespace: NS }),
    deployment({ name: 'abab', namespace: NS }),
    deployment({ name: 'secret', namespace: NS }),
  ]);
  await seedLogs(cluster, { namespace: NS, container: 'secret', lines: ['db login with password=hunter2-h1 accepted'] });
  await seedLogs(cluster, { namespace: NS, container: 'plain', lines: PLAIN });
  await seedLogs(cluster, { namespace: NS, container: 'huge', lines: HUGE });
  await seedLogs(cluster, { namespace: NS, container: 'abab', lines: [1, 2, 3, 4].map((i) => `${abText(100_000, i)}#`) });
  await waitForDeployments(cluster, [NS], ['plain', 'huge', 'abab', 'secret']);
  mcp = await connect({ identity: VIEWER, tools: [k8sLogs], config: testConfig({ limits: { resultTokenBudget: 20_000 } }) });
});
afterAll(() => mcp.close());

async function kept(name: string, filters: { include?: string; exclude?: string }): Promise<{ lines: string[]; filteredOut: number }> {
  const res = await mcp.call('k8s_logs', { kind: 'deployment', name, namespace: NS, ...filters });
  if (res.isError) throw new Error(`${JSON.stringify(filters)}: ${textOf(res)}`);
  const view = res.structuredContent as any;
  return { lines: view.lines.map((l: any) => l.text), filteredOut: view.filteredOut };
}

describe('k8s_logs filters', () => {
  it.each([
    ['^(.|.)*#', [X_THEN_HASH, 'short line # one']],
    ['(.|.){0,24}#', [X_THEN_HASH, 'short line # one']],
    ['(a+)+$', [ALL_A, 'ends with a']],
    ['^(a|aa)*$', [ALL_A]],
    ['(x+x+)+y', ['xxy marks the spot']],
    ['((a*)*)*b', []],
    ['(\\w+\\s?)*$', HUGE],
  ])('runs %s, which backtracks without end in a JS RegExp, on 100 KB lines and keeps the right lines', async (include, expected) => {
    const res = await kept('huge', { include });
    expect(res.lines).toEqual(expected.map(shown));
    expect(res.filteredOut).toBe(HUGE.length - expected.length);
  });

  it('filters masked lines only, so a pattern cannot probe a masked value one character at a time', async () => {
    expect((await kept('secret', { include: 'password=' })).lines).toEqual(['db login with password=<masked> accepted']);
    for (const probe of ['password=h', 'password=hunter', 'hunter2']) expect((await kept('secret', { include: probe })).lines).toEqual([]);
  });

  it('runs a pathological exclude pattern too', async () => {
    const res = await kept('huge', { exclude: '^(.|.)*#' });
    expect(res.lines).toEqual([ALL_A, 'ends with a', 'xxy marks the spot'].map(shown));
  });

  it.each([
    'error',
    'API/PRODUCTS',
    'error|panic',
    '^GET ',
    '\\d+\\.\\d+ms',
    'attempt \\d/\\d\\)$',
    '\\bout of range\\b',
    '[0-9]{3} ',
    'db-\\d\\.db\\.svc:\\d+',
    'user=\\w+@',
    '(?:get|post) /api/(products|cart)',
    '\\[3\\]',
    'TIMEOUT',
    'échec',
    '^#.*#',
    'n{2,}',
  ])('keeps the lines a case-insensitive JS RegExp kept for the ordinary pattern %s', async (pattern) => {
    const expected = PLAIN.filter((l) => new RegExp(pattern, 'i').test(l));
    expect(expected.length).toBeGreaterThan(0);
    expect((await kept('plain', { include: pattern })).lines).toEqual(expected);
    expect((await kept('plain', { exclude: pattern })).lines).toEqual(PLAIN.filter((l) => !expected.includes(l)));
  });

  it('applies include and exclude together', async () => {
    const res = await kept('plain', { include: '/api/', exclude: 'products' });
    expect(res.lines).toEqual([PLAIN[1]]);
    expect(res.filteredOut).toBe(PLAIN.length - 1);
  });

  it('never compiles a user pattern into a JS RegExp', async () => {
    const Original = globalThis.RegExp;
    const sources: string[] = [];
    const record = (args: unknown[]) => sources.push(args[0] instanceof Original ? args[0].source : String(args[0]));
    globalThis.RegExp = new Proxy(Original, {
      construct: (target, args, newTarget) => {
        record(args);
        return Reflect.construct(target, args, newTarget);
      },
      apply: (target, self, args) => {
        record(args);
        return Reflect.apply(target, self, args);
      },
    });
    const userPatterns = (patterns: string[]) => sources.filter((s) => patterns.some((p) => s.includes(p)));
    try {
      const res = await kept('plain', { include: 'cart service|index out of range', exclude: 'panic: runtime' });
      expect(res.lines).toEqual([PLAIN[1]]);
      expect(userPatterns(['cart service', 'panic: runtime'])).toEqual([]);
      await kept('huge', { include: '^(.|.)*#' });
      expect(userPatterns(['(.|.)'])).toEqual([]);
    } finally {
      globalThis.RegExp = Original;
    }
  });

  it.each([
    [
      '(a)\\1',
      'the pattern uses backreferences (\\1), which RE2 (the linear-time engine that runs filters) does not support: it has no lookaround and no backreferences',
    ],
    ['(?<n>a)\\k<n>', 'the pattern uses named backreferences (\\k<name>), which RE2'],
    ['error(?=:)', 'the pattern uses lookahead (?=…), which RE2'],
    ['error(?!:)', 'the pattern uses negative lookahead (?!…), which RE2'],
    ['(?<=GET )/api', 'the pattern uses lookbehind (?<=…), which RE2'],
    ['(?<!GET )/api', 'the pattern uses negative lookbehind (?<!…), which RE2'],
    ['(unclosed', 'the pattern is not valid RE2 syntax: missing closing ) in `(unclosed`'],
    ['a{1001}', "the pattern has the repeat count {1001}, above RE2's limit of 1000 (nested repeats multiply)"],
    ['\\w{1000}\\w{1000}#', 'the pattern is too complex: it expands to 2003 steps (at most 1000); use smaller {n} repeat counts'],
  ])('refuses %s, saying which argument and why', async (pattern, why) => {
    for (const key of ['include', 'exclude']) {
      const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'plain', namespace: NS, [key]: pattern });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(why);
      expect(textOf(res)).toContain(` at ${key}`);
    }
  });

  it('refuses an oversized pattern without compiling it', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'plain', namespace: NS, include: 'x'.repeat(201) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('at include');
  });

  it('stops a filter that runs past its deadline with a clear message, and the server goes on', async () => {
    // RE2's NFA on random a/b text: about 1 s for each of the four 100 KB lines, past the 1 s deadline of this config.
    const slow = await connect({ identity: VIEWER, tools: [k8sLogs], config: testConfig({ limits: { timeoutSeconds: 1 } }) });
    try {
      const res = await slow.call('k8s_logs', { kind: 'deployment', name: 'abab', namespace: NS, include: '(a|b)*a(a|b){300}#' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toBe(
        'the include filter did not finish within 1 s on 4 lines and was stopped; use a simpler pattern, or fewer lines (tail, since)',
      );
      const after = await slow.call('k8s_logs', { kind: 'deployment', name: 'plain', namespace: NS, include: 'panic' });
      expect((after.structuredContent as any).lines.map((l: any) => l.text)).toEqual([PLAIN[3]]);
    } finally {
      await slow.close();
    }
  });
});
