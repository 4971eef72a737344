// "5m ago" from a timestamp: the one largest unit, as kubectl prints ages, computed against a clock the caller
// passes (so a list re-renders with a ticking `now`, and tests pass a fixed one).

/** `now`: within the last few seconds (or a time slightly ahead: clock skew). */
export type AgeUnit = 'now' | 'second' | 'minute' | 'hour' | 'day';

export interface Age {
  value: number;
  unit: AgeUnit;
}

const SECOND = 1_000;
const JUST_NOW = 10 * SECOND;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `iso` was; undefined when it is not a time. */
export function ageOf(iso: string | undefined, now: number): Age | undefined {
  const at = iso ? Date.parse(iso) : NaN;

  if (Number.isNaN(at)) return undefined;
  const elapsed = now - at;

  if (elapsed < JUST_NOW) return { value: 0, unit: 'now' };
  if (elapsed < MINUTE) return { value: Math.floor(elapsed / SECOND), unit: 'second' };
  if (elapsed < HOUR) return { value: Math.floor(elapsed / MINUTE), unit: 'minute' };
  if (elapsed < DAY) return { value: Math.floor(elapsed / HOUR), unit: 'hour' };

  return { value: Math.floor(elapsed / DAY), unit: 'day' };
}

/** How often a list showing ages should refresh them. */
export const AGE_TICK_MS = 15_000;
