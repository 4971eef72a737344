// The one-line summary of a tool result for the chat transcript; the full result goes to the renderers.
import { ViewSchema, type View } from '@drover/protocol';

const MAX_SUMMARY = 200;

const clip = (text: string) => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeView(view: View): string {
  switch (view.kind) {
    case 'table':
      return `${view.rows.length}${view.total !== undefined && view.total > view.rows.length ? ` of ${view.total}` : ''} ${view.resource}`;
    case 'yaml':
      return view.ref ? `${view.ref.kind} ${view.ref.name} as ${view.format.toUpperCase()}` : view.format.toUpperCase();
    case 'logs':
      return `${plural(view.lines.length, 'log line')} of ${view.ref.kind} ${view.ref.name}${view.previous ? ' (previous run)' : ''}`;
    case 'events':
      return plural(view.events.length, 'event');
    case 'describe':
      return `${view.ref.kind} ${view.ref.name}`;
    case 'findings':
      return `${view.findings.length ? plural(view.findings.length, 'problem') : 'no problems'} found${view.namespace ? ` in ${view.namespace}` : ''}`;
    case 'plan':
      return `Plan: ${view.command}`;
    case 'change':
      return view.output.split('\n')[0] || `Done: ${view.command}`;
    case 'text':
      return view.title;
  }
}

/** A short line: from the structured view when there is one, else the first line of the text. */
export function summarize(text: string, structured: unknown): string {
  const view = ViewSchema.safeParse(structured);
  if (view.success) return clip(describeView(view.data));
  return clip(text.split('\n').find((line) => line.trim()) ?? '(no output)');
}
