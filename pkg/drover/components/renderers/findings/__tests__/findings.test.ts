import type { ObjectRef, Severity } from '@drover/protocol';
import { checkedSummary, countBySeverity, groupBySeverity, type Finding } from '../findings';

const finding = (name: string, severity: Severity): Finding => ({
  ref: {
    kind: 'Pod', namespace: 'shop', name
  } as ObjectRef,
  severity,
  problem:  `${ name } is broken`,
  evidence: [],
  fix:      'fix it',
});

describe('groupBySeverity', () => {
  it('puts critical findings first, then warnings, then information, keeping the order within each', () => {
    const groups = groupBySeverity([finding('a', 'info'), finding('b', 'critical'), finding('c', 'warning'), finding('d', 'critical')]);

    expect(groups.map((g) => [g.severity, g.findings.map((f) => f.ref.name)])).toEqual([
      ['critical', ['b', 'd']], ['warning', ['c']], ['info', ['a']],
    ]);
  });

  it('leaves out severities with no finding', () => {
    expect(groupBySeverity([finding('a', 'warning')]).map((g) => g.severity)).toEqual(['warning']);
    expect(groupBySeverity([])).toEqual([]);
  });
});

describe('countBySeverity', () => {
  it('counts the findings of each severity', () => {
    expect(countBySeverity([finding('a', 'critical'), finding('b', 'critical'), finding('c', 'info')])).toEqual({
      critical: 2, warning: 0, info: 1
    });
  });
});

describe('checkedSummary', () => {
  it('totals what was checked and lists the kinds with objects, most numerous first', () => {
    expect(checkedSummary({
      Pod: 10, Deployment: 7, StatefulSet: 0, Service: 3, Job: 3
    })).toEqual({
      total: 23,
      kinds: [{ kind: 'Pod', count: 10 }, { kind: 'Deployment', count: 7 }, { kind: 'Job', count: 3 }, { kind: 'Service', count: 3 }],
    });
    expect(checkedSummary({})).toEqual({ total: 0, kinds: [] });
  });
});
