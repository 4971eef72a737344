// How a diagnosis reads: findings worst first, counted per severity, and what was (and was not) looked at.
import type { FindingsView, Severity } from '@drover/protocol';

export type Finding = FindingsView['findings'][number];

/** Worst first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export interface SeverityGroup {
  severity: Severity;
  findings: Finding[];
}

/** The findings in groups by severity, worst first; each group keeps the order the diagnosis gave. Empty groups are left out. */
export function groupBySeverity(findings: Finding[]): SeverityGroup[] {
  const groups = new Map<Severity, Finding[]>(SEVERITIES.map((s) => [s, []]));

  for (const finding of findings) groups.get(finding.severity)?.push(finding);

  return SEVERITIES.map((severity) => ({ severity, findings: groups.get(severity)! })).filter((g) => g.findings.length);
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = {
    critical: 0, warning: 0, info: 0
  };

  for (const finding of findings) counts[finding.severity]++;

  return counts;
}

export interface CheckedSummary {
  total: number;
  /** Kinds with at least one object looked at, most numerous first. */
  kinds: { kind: string; count: number }[];
}

export function checkedSummary(checked: Record<string, number>): CheckedSummary {
  const kinds = Object.entries(checked).filter(([, count]) => count > 0).map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));

  return { total: kinds.reduce((sum, k) => sum + k.count, 0), kinds };
}

export const SEVERITY_ICONS: Record<Severity, string> = {
  critical: 'icon-error', warning: 'icon-warning', info: 'icon-info'
};
