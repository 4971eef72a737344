// Percentiles and the printed forms of the figures.
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/** p50 / p99 / max of a sample, e.g. "1.20 ms / 4.50 ms / 9.10 ms". */
export const spread = (xs: number[]) => [percentile(xs, 50), percentile(xs, 99), Math.max(...xs)].map(ms).join(' / ');
