import { errorLines, isErrorLine, nextErrorLine } from '../errors';

describe('error lines', () => {
  it.each([
    'ERROR failed to connect',
    'level=error msg="boom"',
    '{"level":"error","msg":"x"}',
    'err="connection refused"',
    'fatal: unable to start',
    'panic: runtime error: invalid memory address',
    'java.lang.NullPointerException: null',
    'Exception in thread "main"',
    'request failed after 3 retries',
    'FAIL TestCheckout',
    'Traceback (most recent call last):',
    'CRITICAL disk full',
    'E0412 10:00:00.000000       1 controller.go:42] sync failed',
  ])('finds %s', (line) => {
    expect(isErrorLine(line)).toBe(true);
  });

  it.each([
    'GET /healthz 200 0.4ms',
    'errors=0 warnings=0',
    'error_count=0',
    'terrorist alert test',
    'Info: started in 3s',
  ])('leaves %s alone', (line) => {
    expect(isErrorLine(line)).toBe(false);
  });

  it('lists the error lines in order', () => {
    expect(errorLines(['ok', 'ERROR a', 'ok', 'panic: b'])).toEqual([1, 3]);
  });

  it('finds the next error line after a line, wrapping to the first', () => {
    const errors = [2, 5, 9];

    expect(nextErrorLine(errors, -1)).toBe(2);
    expect(nextErrorLine(errors, 2)).toBe(5);
    expect(nextErrorLine(errors, 6)).toBe(9);
    expect(nextErrorLine(errors, 9)).toBe(2);
    expect(nextErrorLine([], 0)).toBeUndefined();
  });

  it('checks ten thousand long lines in linear time', () => {
    const line = `${ 'a'.repeat(999) } `;
    const lines = Array.from({ length: 10_000 }, (_, i) => (i === 9_999 ? 'fatal' : line));
    const started = Date.now();

    expect(errorLines(lines)).toEqual([9_999]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
