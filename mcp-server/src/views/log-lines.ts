// Log lines for the model and the UI: filtered by the user's patterns, masked, labelled with their pod when several
// pods speak, cut to the budget keeping the newest.
import type { LogsView } from '@drover/protocol';
import type { LogLine } from '../kube/log-read';
import { maskCut } from '../policy/redact';
import { fitTail } from './text';

const LINE_CHARS = 1000;

export interface LineOptions {
  include?: string;
  exclude?: string;
  timestamps: boolean;
  /** Label each line with its pod (several pods) or pod/container (several containers). */
  label: 'none' | 'pod' | 'container';
}

export interface ShownLines {
  lines: LogsView['lines'];
  text: string;
  filteredOut: number;
  /** Lines that matched but did not fit the budget (the oldest). */
  dropped: number;
}

export function shapeLines(all: LogLine[], o: LineOptions, budgetChars: number): ShownLines {
  // Patterns were validated (compilable, bounded, no nested repetition) by lineFilterArg.
  const include = o.include ? new RegExp(o.include, 'i') : undefined;
  const exclude = o.exclude ? new RegExp(o.exclude, 'i') : undefined;
  const kept = all.filter((l) => (!include || include.test(l.text)) && !(exclude && exclude.test(l.text)));
  const shaped = kept.map((l) => {
    const masked = maskCut(l.text, LINE_CHARS, '… [line cut]');
    const text = o.timestamps && l.timestamp ? `${l.timestamp} ${masked}` : masked;
    const label = o.label === 'pod' ? `[${l.pod}] ` : o.label === 'container' ? `[${l.pod}/${l.container}] ` : '';
    return { view: { pod: l.pod, container: l.container, text }, line: `${label}${text}` };
  });
  const fitted = fitTail(shaped.map((s) => s.line), budgetChars);
  return {
    lines: shaped.slice(fitted.dropped).map((s) => s.view),
    text: fitted.lines.join('\n'),
    filteredOut: all.length - kept.length,
    dropped: fitted.dropped,
  };
}
