// Where each log line comes from, when a result mixes several pods or containers: a `[pod/container]` label per
// line (one string per source, shared), a tone per source to tell them apart at a glance, and the file name of a
// downloaded log.
import type { LogsView } from '@drover/protocol';

export interface SourceLabels {
  /** The label of each line. */
  labels: string[];
  /** The source number of each line (0, 1, 2… in order of appearance), for its tone. */
  tones: number[];
  count: number;
}

const keyOf = (line: LogsView['lines'][number]) => [line.pod, line.container].filter(Boolean).join('/');

/** Labels for a log with several sources; undefined when every line comes from the same one. */
export function sourceLabels(lines: LogsView['lines']): SourceLabels | undefined {
  if (!lines.length) return undefined;
  const firstKey = keyOf(lines[0]);

  if (lines.every((line) => keyOf(line) === firstKey)) return undefined;
  const sources = new Map<string, { label: string; tone: number }>();
  const labels: string[] = new Array(lines.length);
  const tones: number[] = new Array(lines.length);

  lines.forEach((line, i) => {
    const key = keyOf(line);
    let source = sources.get(key);

    if (!source) {
      source = { label: `[${ key || '?' }]`, tone: sources.size };
      sources.set(key, source);
    }
    labels[i] = source.label;
    tones[i] = source.tone;
  });

  return {
    labels, tones, count: sources.size
  };
}

/** `<pod>-<container>.log` (`-previous` for the previous run); the object's name when containers are mixed. */
export function logFileName(view: Pick<LogsView, 'ref' | 'container' | 'previous'>): string {
  const parts = [view.ref.name, view.container, view.previous ? 'previous' : undefined].filter(Boolean);

  return `${ parts.join('-').replace(/[^\w.-]+/g, '_') }.log`;
}

/** Colours of the source labels, one per source in turn (theme colours pulled toward the log text, for contrast). */
const TONES = ['--link', '--success', '--app-color2-accent', '--app-color3-accent', '--warning', '--app-color6-accent']
  .map((variable) => `color-mix(in srgb, var(${ variable }) 60%, var(--logs-text))`);

export const sourceTone = (tone: number): string => TONES[tone % TONES.length];
