// The views of tool results (the MCP server's structuredContent) as terminal lines: tables aligned, logs and YAML as
// text, plans with a coloured diff. Long results are capped, with a line saying how much was left out.
import type { ChangeView, LogsView, Plan, TextView, View, YamlView } from '@drover/protocol';
import type { Style } from './output';
import { describeLines, eventsLines, findingsLines } from './render-diagnosis';
import { tableLines } from './table';

export const MAX_TEXT_LINES = 60;
export const MAX_LOG_LINES = 50;

/** At most `max` lines from the start (or the end, for logs), and a note of what was left out. */
export function capLines(lines: string[], max: number, style: Style, fromEnd = false): string[] {
  if (lines.length <= max) return lines;
  const hidden = lines.length - max;
  return fromEnd
    ? [style.dim(`… ${hidden} earlier lines not shown`), ...lines.slice(-max)]
    : [...lines.slice(0, max), style.dim(`… ${hidden} more lines`)];
}

function textLines(text: string, truncated: boolean, style: Style): string[] {
  const lines = capLines(text.replace(/\n$/, '').split('\n'), MAX_TEXT_LINES, style);
  return truncated ? [...lines, style.dim('(cut by the server)')] : lines;
}

function logsLines(view: LogsView, style: Style): string[] {
  const sources = new Set(view.lines.map((l) => `${l.pod ?? ''}/${l.container ?? ''}`));
  const prefix = (l: LogsView['lines'][number]) =>
    sources.size > 1 ? style.dim(`[${[l.pod, l.container].filter(Boolean).join('/')}] `) : '';
  const lines = capLines(
    view.lines.map((l) => `${prefix(l)}${l.text}`),
    MAX_LOG_LINES,
    style,
    true,
  );
  if (!view.lines.length) lines.push(style.dim('(no log lines)'));
  if (view.filteredOut) lines.push(style.dim(`(${view.filteredOut} lines filtered out)`));
  return lines;
}

/** A diff with additions green and removals red, as `git diff` colours them. */
function diffLines(diff: string, style: Style): string[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return style.bold(line);
      if (line.startsWith('+')) return style.green(line);
      if (line.startsWith('-')) return style.red(line);
      if (line.startsWith('@@')) return style.cyan(line);
      return line;
    });
}

export function planLines(plan: Plan, style: Style): string[] {
  return [
    `${style.bold('Plan:')} ${plan.command}`,
    ...(plan.diff ? capLines(diffLines(plan.diff, style), MAX_TEXT_LINES, style) : []),
    ...plan.warnings.map((w) => style.yellow(`! ${w}`)),
  ];
}

function changeLines(view: ChangeView, style: Style): string[] {
  return [style.green(`✓ ${view.command}`), ...textLines(view.output, false, style)];
}

const textViewLines = (view: TextView | YamlView, style: Style) => [
  ...(view.kind === 'text' ? [style.bold(view.title)] : []),
  ...textLines(view.text, view.truncated, style),
];

export function viewLines(view: View, style: Style, width?: number): string[] {
  switch (view.kind) {
    case 'table':
      return tableLines(view, style, width);
    case 'yaml':
    case 'text':
      return textViewLines(view, style);
    case 'logs':
      return logsLines(view, style);
    case 'events':
      return eventsLines(view.events, view.truncated, style);
    case 'findings':
      return findingsLines(view, style);
    case 'describe':
      return describeLines(view, style, width);
    case 'plan':
      return planLines(view, style);
    case 'change':
      return changeLines(view, style);
  }
}
