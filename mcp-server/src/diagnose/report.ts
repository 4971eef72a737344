// Shapes a diagnosis for its two readers: a findings view for the UI, and compact text for a small model — a
// one-line summary, then one finding per two lines, most severe first, cut to the budget with a note on how to
// narrow. Everything taken from the cluster is masked here, once, for both.
import type { FindingsView, Severity } from '@drover/protocol';
import { maskText } from '../policy/redact';
import { frameUntrusted } from '../views/text';
import type { Unchecked } from './fetch';
import type { Finding } from './types';
import { short } from './util';

const EVIDENCE_CHARS = 600;
/** Room kept for the closing notes (what was left out, how to narrow). */
const FOOTER_CHARS = 300;
const MIN_LINE_CHARS = 160;

export interface Diagnosis {
  namespace?: string;
  findings: Finding[];
  checked: Record<string, number>;
  unchecked: Unchecked[];
  omittedEvents: number;
  maxFindings: number;
}

export function maskFinding(f: Finding): Finding {
  return { ...f, problem: maskText(f.problem), evidence: f.evidence.map(maskText), fix: maskText(f.fix) };
}

function counts(findings: Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [
    [n('critical'), 'critical', 'critical'],
    [n('warning'), 'warning', 'warnings'],
    [n('info'), 'info', 'info'],
  ] as const;
  return parts
    .filter(([c]) => c > 0)
    .map(([c, one, many]) => `${c} ${c === 1 ? one : many}`)
    .join(', ');
}

function summary(d: Diagnosis): string {
  const scope = d.namespace ? `in namespace ${d.namespace}` : 'in the cluster (all namespaces)';
  const total = Object.values(d.checked).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(d.checked)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`);
  const checked = `${total} objects checked${kinds.length ? ` (${kinds.join(', ')})` : ''}`;
  const problems =
    d.findings.length === 0
      ? `No problems found ${scope}`
      : `${d.findings.length} problem${d.findings.length === 1 ? '' : 's'} ${scope}: ${counts(d.findings)}`;
  const skipped = d.unchecked.length ? `\nCould not check: ${d.unchecked.map((u) => `${u.kind} (${maskText(u.reason)})`).join(', ')}.` : '';
  return `${problems}; ${checked}.${skipped}`;
}

function lineOf(f: Finding, withNamespace: boolean): string {
  const name = withNamespace && f.ref.namespace ? `${f.ref.namespace}/${f.ref.name}` : f.ref.name;
  return `${f.severity.toUpperCase()} ${f.ref.kind} ${name}: ${f.problem} — fix: ${f.fix}\n  evidence: ${short(f.evidence.join(' | '), EVIDENCE_CHARS)}`;
}

export function render(d: Diagnosis, budgetChars: number): { text: string; view: FindingsView; textTruncated: boolean } {
  const head = summary(d);
  const lines: string[] = [];
  let used = head.length + frameUntrusted('findings', '').length + FOOTER_CHARS;
  for (const f of d.findings.slice(0, d.maxFindings)) {
    const full = lineOf(f, !d.namespace);
    const room = budgetChars - used - 1;
    if (full.length > room && lines.length) break;
    // The most severe finding is always shown, cut to the room there is.
    const line = full.length > room ? `${full.slice(0, Math.max(room, MIN_LINE_CHARS) - 1)}…` : full;
    lines.push(line);
    used += line.length + 1;
  }
  const left = d.findings.slice(lines.length);
  const notes = [
    left.length
      ? `[${left.length} more finding${left.length === 1 ? '' : 's'} not shown (${counts(left)}); narrow with namespace or kinds${lines.length === d.maxFindings ? ', or raise maxFindings' : ''}]`
      : '',
    d.omittedEvents ? `[${d.omittedEvents} more warning events not shown; diagnose one namespace with kinds ["events"] to see them]` : '',
  ].filter(Boolean);
  const body = lines.length ? `\n${frameUntrusted('findings', lines.join('\n'))}` : '';
  const view: FindingsView = {
    kind: 'findings',
    ...(d.namespace ? { namespace: d.namespace } : {}),
    findings: d.findings
      .slice(0, d.maxFindings)
      .map(({ ref, severity, problem, evidence, fix }) => ({ ref, severity, problem, evidence, fix })),
    checked: d.checked,
    unchecked: d.unchecked.map((u) => ({ kind: u.kind, reason: maskText(u.reason) })),
    truncated: d.findings.length > d.maxFindings || d.omittedEvents > 0,
  };
  return { text: [`${head}${body}`, ...notes].join('\n'), view, textTruncated: left.length > 0 };
}
