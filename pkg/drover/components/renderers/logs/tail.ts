// "More lines": k8s_logs reads the newest `tail` lines of each container (100 unless asked, at most 2000); each
// click doubles it, up to the tool's maximum.

export const DEFAULT_TAIL = 100;
export const MAX_TAIL = 2000;

export function tailOf(args: Record<string, unknown>): number {
  const tail = args.tail;

  return typeof tail === 'number' && Number.isFinite(tail) && tail > 0 ? tail : DEFAULT_TAIL;
}

/** The tail to ask for next, or undefined when the last read already asked for the most the tool gives. */
export function moreTail(args: Record<string, unknown>): number | undefined {
  const tail = tailOf(args);

  return tail >= MAX_TAIL ? undefined : Math.min(MAX_TAIL, tail * 2);
}
