// Validated inputs of the read tools beyond kube/args.ts: log line filters, explain field paths, durations as time.
import { z } from 'zod';
import { patternProblem } from './line-filter';

const MAX_PATTERN_CHARS = 200;

/** A regular expression applied to log lines by the server (never passed to kubectl), in RE2 syntax: see line-filter.ts. */
export const lineFilterArg = z
  .string()
  .min(1)
  .max(MAX_PATTERN_CHARS)
  .superRefine((pattern, check) => {
    // max() has refused an oversized pattern already; it is not compiled at all.
    const problem = pattern.length <= MAX_PATTERN_CHARS ? patternProblem(pattern) : undefined;
    if (problem) check.addIssue({ code: 'custom', message: `the pattern ${problem}` });
  });

/** A field path for `kubectl explain`: spec.template.spec.containers (no indexes). */
export const explainFieldArg = z
  .string()
  .max(200)
  .regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/, 'must be a field path such as spec.replicas or spec.template.spec.containers');

/** Milliseconds of a duration accepted by durationArg (30s, 5m, 1h30m). */
export function durationMs(duration: string): number {
  const [, h = '0', m = '0', s = '0'] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration) ?? [];
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}
