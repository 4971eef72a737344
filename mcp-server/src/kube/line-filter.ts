// The only place user regular expressions run (k8s_logs include/exclude). They run in RE2 (re2js, pure JavaScript),
// which never backtracks: (.|.)*# or (a+)+$ take time linear in the line, where a JS RegExp takes exponential time.
// RE2's linear time still has a large factor when its DFA gives up ([ab]*a[ab]{300}# costs about 5 µs a character
// on hostile text, and a call may read 20 MB), so the matching runs in a worker thread under a deadline: the event
// loop never runs a user pattern, and no user pattern ever reaches a JS RegExp.
import { Worker } from 'node:worker_threads';
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { CallCancelled, ToolError } from '../errors';
import { CancelledError, QueueFullError } from '../exec/limiter';
import type { ToolContext } from '../runtime';

/** RE2 instructions a compiled pattern may have: enough for {500} repeats, refuses patterns built to be slow. */
const MAX_PROGRAM_SIZE = 1_000;
/** Longest a filter may run (shorter if the configured call deadline is shorter). */
const FILTER_DEADLINE_MS = 10_000;
const WORKER_HEAP_MB = 256;

/** Plain JavaScript run by the worker: compiles both patterns with RE2 and marks the lines that pass. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { RE2JS } = require(workerData.engine);
const compile = (p) => (p === undefined ? undefined : RE2JS.compile(p, RE2JS.CASE_INSENSITIVE));
const include = compile(workerData.include);
const exclude = compile(workerData.exclude);
const kept = new Uint8Array(workerData.lines.length);
workerData.lines.forEach((line, i) => { kept[i] = (!include || include.test(line)) && !(exclude && exclude.test(line)) ? 1 : 0; });
parentPort.postMessage(kept, [kept.buffer]);
`;

/** RE2 refuses these Perl/JavaScript constructs: it could not match them in linear time. */
const UNSUPPORTED: [start: string, what: string][] = [
  ['(?=', 'lookahead (?=…)'],
  ['(?!', 'negative lookahead (?!…)'],
  ['(?<=', 'lookbehind (?<=…)'],
  ['(?<!', 'negative lookbehind (?<!…)'],
  ['\\k', 'named backreferences (\\k<name>)'],
  ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d): [string, string] => [`\\${d}`, `backreferences (\\${d})`]),
];

/** What is wrong with a pattern RE2 could not parse, after "the pattern ". */
function syntaxProblem(err: RE2JSSyntaxException): string {
  // The engine shows the pattern with its case-insensitive flag in front; the user did not write that.
  const raw = err.input ?? '';
  const at = raw.startsWith('(?i)') ? raw.slice(4) : raw;
  const unsupported = UNSUPPORTED.find(([start]) => at.startsWith(start));
  if (unsupported)
    return `uses ${unsupported[1]}, which RE2 (the linear-time engine that runs filters) does not support: it has no lookaround and no backreferences`;
  if (err.error === 'invalid repeat count') return `has the repeat count ${at}, above RE2's limit of 1000 (nested repeats multiply)`;
  return `is not valid RE2 syntax: ${err.error}${at ? ` in \`${at}\`` : ''}`;
}

/** Why a pattern cannot be used as a line filter, after "the pattern ", in words the model can act on; undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) return syntaxProblem(err);
    if (err instanceof RE2JSException) return `is not valid RE2 syntax: ${err.message}`;
    throw err;
  }
  const size = compiled.programSize();
  if (size > MAX_PROGRAM_SIZE)
    return `is too complex: it expands to ${size} steps (at most ${MAX_PROGRAM_SIZE}); use smaller {n} repeat counts`;
  return undefined;
}

export interface LineFilters {
  include?: string;
  exclude?: string;
}

function runWorker(texts: string[], filters: LineFilters, deadlineMs: number, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { engine: require.resolve('re2js'), include: filters.include, exclude: filters.exclude, lines: texts },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const settle = (done: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      done();
    };
    const which = [filters.include ? 'include' : '', filters.exclude ? 'exclude' : ''].filter(Boolean).join(' and ');
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new ToolError(
              `the ${which} filter did not finish within ${deadlineMs / 1000} s on ` +
                `${texts.length} lines and was stopped; use a simpler pattern, or fewer lines (tail, since)`,
            ),
          ),
        ),
      deadlineMs,
    );
    const onAbort = () => settle(() => reject(new CallCancelled('the call was cancelled')));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (kept: Uint8Array) => settle(() => resolve(kept)));
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ToolError(
                `the ${which} filter needed too much memory on these lines; use a simpler pattern, or fewer lines (tail, since)`,
              )
            : err,
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(new Error('the line filter worker stopped without an answer'))));
  });
}

/** The lines that pass the filters (include matches, exclude does not; case-insensitive), in their order. */
export async function filterLines<T extends { text: string }>(ctx: ToolContext, lines: T[], filters: LineFilters): Promise<T[]> {
  if (!filters.include && !filters.exclude) return lines;
  if (!lines.length) return lines;
  const deadlineMs = Math.min(FILTER_DEADLINE_MS, ctx.rt.config.limits.timeoutSeconds * 1000);
  let kept: Uint8Array;
  try {
    // A worker is a CPU-bound task like a kubectl process: it takes a slot of the same bounded pool.
    kept = await ctx.rt.limiter.run(
      () =>
        runWorker(
          lines.map((l) => l.text),
          filters,
          deadlineMs,
          ctx.signal,
        ),
      ctx.signal,
    );
  } catch (err) {
    if (err instanceof CancelledError) throw new CallCancelled('the call was cancelled');
    if (err instanceof QueueFullError) throw new ToolError(err.message);
    throw err;
  }
  return lines.filter((_, i) => kept[i] === 1);
}
