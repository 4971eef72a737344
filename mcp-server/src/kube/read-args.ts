// Validated inputs of the read tools beyond kube/args.ts: log line filters, explain field paths, durations as time.
import { z } from 'zod';

/** A group that repeats and is itself repeated, e.g. (a+)+ or (\w+\s?)*: such patterns can take exponential time. */
const NESTED_REPEAT = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

/** A regular expression applied to log lines by the server (never passed to kubectl). */
export const lineFilterArg = z.string().min(1).max(200)
  .refine(compiles, 'must be a valid regular expression')
  .refine((s) => !NESTED_REPEAT.test(s), 'must not repeat a group that itself repeats, such as (a+)+');

/** A field path for `kubectl explain`: spec.template.spec.containers (no indexes). */
export const explainFieldArg = z.string().max(200)
  .regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/, 'must be a field path such as spec.replicas or spec.template.spec.containers');

/** Milliseconds of a duration accepted by durationArg (30s, 5m, 1h30m). */
export function durationMs(duration: string): number {
  const [, h = '0', m = '0', s = '0'] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration) ?? [];
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}
