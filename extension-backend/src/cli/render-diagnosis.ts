// The views that explain a problem, compactly: Kubernetes events one per line, findings with their evidence and fix,
// and an object described by its summary, conditions, owners, pods and recent events.
import type { DescribeView, EventRow, FindingsView, ObjectRef, Severity } from '@drover/protocol';
import type { Style } from './output';
import { tableLines } from './table';

const MAX_EVENTS = 15;
const MAX_FINDINGS = 20;
const MAX_EVIDENCE = 3;

const refName = (ref: ObjectRef) => `${ref.kind.toLowerCase()}/${ref.name}`;

export function eventsLines(events: EventRow[], truncated: boolean, style: Style): string[] {
  if (!events.length) return [style.dim('(no events)')];
  const shown = events.slice(-MAX_EVENTS).map((e) => {
    const type = e.type === 'Normal' ? style.dim(e.type) : style.yellow(e.type);
    return `${type} ${e.reason} ${refName(e.object)}: ${e.message}${e.count > 1 ? style.dim(` (×${e.count})`) : ''}`;
  });
  const hidden = events.length - shown.length;
  return [
    ...(hidden > 0 || truncated ? [style.dim(`… ${hidden > 0 ? `${hidden} earlier events` : 'older events'} not shown`)] : []),
    ...shown,
  ];
}

function severity(value: Severity, style: Style): string {
  const colour = value === 'critical' ? style.red : value === 'warning' ? style.yellow : style.cyan;
  return colour(value.padEnd(8));
}

export function findingsLines(view: FindingsView, style: Style): string[] {
  const checked = Object.entries(view.checked)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const lines = view.findings.length ? [] : [style.green(`No problems found${checked ? ` (checked ${checked})` : ''}.`)];
  for (const finding of view.findings.slice(0, MAX_FINDINGS)) {
    lines.push(`${severity(finding.severity, style)} ${style.bold(refName(finding.ref))}: ${finding.problem}`);
    lines.push(...finding.evidence.slice(0, MAX_EVIDENCE).map((e) => style.dim(`    ${e}`)));
    lines.push(`    fix: ${finding.fix}`);
  }
  if (view.findings.length > MAX_FINDINGS) lines.push(style.dim(`… ${view.findings.length - MAX_FINDINGS} more findings`));
  lines.push(...view.unchecked.map((u) => style.yellow(`! not checked: ${u.kind} (${u.reason})`)));
  return lines;
}

export function describeLines(view: DescribeView, style: Style, width?: number): string[] {
  const labelWidth = Math.max(0, ...view.summary.map((s) => s.label.length));
  const lines = [
    style.bold(`${refName(view.ref)}${view.ref.namespace ? ` in ${view.ref.namespace}` : ''}`),
    ...view.summary.map((s) => `${`${s.label}:`.padEnd(labelWidth + 2)}${s.value}`),
  ];
  if (view.owners.length) lines.push(`owned by ${view.owners.map(refName).join(' ← ')}`);
  if (view.conditions.length) {
    lines.push(
      `conditions: ${view.conditions.map((c) => (c.status === 'True' ? `${c.type}` : style.yellow(`${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`))).join(', ')}`,
    );
  }
  if (view.pods) lines.push('', ...tableLines(view.pods, style, width));
  if (view.events.length) lines.push('', ...eventsLines(view.events, false, style));
  return lines;
}
