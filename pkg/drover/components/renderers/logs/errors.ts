// "Jump to next error": lines that look like a failure. One fixed pattern, case-insensitive, made of plain words
// at word boundaries (no nested repetition), so checking a line takes time linear in its length.

/**
 * error/err, fatal, panic, fail/failed/failure, critical/crit, exception (also inside names like
 * NullPointerException), Traceback, and klog's E/F prefixes (`E0412 10:00:00.000000 …`).
 */
export const ERROR_PATTERN = /\b(?:err(?:or)?|fatal|panic(?:ked|s)?|fail(?:ed|ure|ures|ing|s)?|crit(?:ical)?|emerg(?:ency)?|traceback)\b|exception|^[EF]\d{4} /i;

export const isErrorLine = (text: string): boolean => ERROR_PATTERN.test(text);

/** Positions of the lines that look like errors, in order. */
export function errorLines(lines: readonly string[]): number[] {
  const found: number[] = [];

  for (let i = 0; i < lines.length; i++) if (ERROR_PATTERN.test(lines[i])) found.push(i);

  return found;
}

/** The first error line after `line` (wrapping to the first one), by binary search; undefined when there is none. */
export function nextErrorLine(errors: readonly number[], line: number): number | undefined {
  if (!errors.length) return undefined;
  let low = 0;
  let high = errors.length;

  while (low < high) {
    const mid = (low + high) >> 1;

    if (errors[mid] <= line) low = mid + 1;
    else high = mid;
  }

  return errors[low] ?? errors[0];
}
