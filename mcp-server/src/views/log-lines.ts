// Log lines for the model and the UI: masked first (so a user's filter pattern can never probe a masked value),
// labelled with their pod when several pods speak, cut to the budget keeping the newest.
import type { LogsView } from '@drover/protocol';
import type { LogLine } from '../kube/log-read';
import { maskText } from '../policy/redact';
import { fitTail } from './text';

const LINE_CHARS = 1000;

export interface LineOptions {
  timestamps: boolean;
  /** Label each line with its pod (several pods) or pod/container (several containers). */
  label: 'none' | 'pod' | 'container';
}

export interface ShownLines {
  lines: LogsView['lines'];
  text: string;
  /** Lines that did not fit the budget (the oldest). */
  dropped: number;
}

/** Each whole line masked (linear in its length): what filters see, before anything is cut for display. */
export function maskLines(lines: LogLine[]): LogLine[] {
  return lines.map((l) => ({ ...l, text: maskText(l.text) }));
}

/** Shapes lines already masked by maskLines; long lines are cut for display. */
export function shapeLines(masked: LogLine[], o: LineOptions, budgetChars: number): ShownLines {
  const shaped = masked.map((l) => {
    const line = l.text.length > LINE_CHARS ? `${l.text.slice(0, LINE_CHARS)}… [line cut]` : l.text;
    const text = o.timestamps && l.timestamp ? `${l.timestamp} ${line}` : line;
    const label = o.label === 'pod' ? `[${l.pod}] ` : o.label === 'container' ? `[${l.pod}/${l.container}] ` : '';
    return { view: { pod: l.pod, container: l.container, text }, line: `${label}${text}` };
  });
  const fitted = fitTail(
    shaped.map((s) => s.line),
    budgetChars,
  );
  return { lines: shaped.slice(fitted.dropped).map((s) => s.view), text: fitted.lines.join('\n'), dropped: fitted.dropped };
}
