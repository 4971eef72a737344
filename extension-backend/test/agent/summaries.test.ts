import type { View } from '@drover/protocol';
import { summarize } from '../../src/agent/summaries';

const WEB = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const POD = { kind: 'Pod', namespace: 'shop', name: 'web-7d9f-abcde' };
const row = (name: string) => ({ cells: [name, 'Running'] });
const event = { type: 'Warning', reason: 'BackOff', object: POD, message: 'Back-off restarting', count: 3 };
const finding = { ref: POD, severity: 'critical' as const, problem: 'CrashLoopBackOff', evidence: [], fix: 'Fix the command' };

describe('the one-line summary of a tool result', () => {
  it.each<[string, View, string]>([
    [
      'a table counts its rows',
      { kind: 'table', resource: 'pods', columns: ['NAME', 'STATUS'], rows: [row('a'), row('b')], truncated: false },
      '2 pods',
    ],
    [
      'a table says when it shows part of the total',
      { kind: 'table', resource: 'pods', columns: ['NAME'], rows: [row('a'), row('b')], total: 40, truncated: true },
      '2 of 40 pods',
    ],
    [
      'a table whose total is its rows says only the rows',
      { kind: 'table', resource: 'helm releases', columns: ['NAME'], rows: [row('a'), row('b')], total: 2, truncated: false },
      '2 helm releases',
    ],
    [
      'YAML names its object',
      { kind: 'yaml', ref: WEB, format: 'yaml', text: 'kind: Deployment', truncated: false },
      'Deployment web as YAML',
    ],
    ['JSON without an object says its format', { kind: 'yaml', format: 'json', text: '{}', truncated: false }, 'JSON'],
    [
      'logs count their lines',
      { kind: 'logs', ref: POD, previous: false, lines: [{ text: 'a' }, { text: 'b' }], filteredOut: 0, truncated: false },
      '2 log lines of Pod web-7d9f-abcde',
    ],
    [
      'logs of the previous run say so',
      { kind: 'logs', ref: POD, previous: true, lines: [{ text: 'a' }], filteredOut: 0, truncated: false },
      '1 log line of Pod web-7d9f-abcde (previous run)',
    ],
    ['events count themselves', { kind: 'events', events: [event, event, event], truncated: false }, '3 events'],
    ['one event is singular', { kind: 'events', events: [event], truncated: false }, '1 event'],
    [
      'a description names its object',
      { kind: 'describe', ref: WEB, summary: [], conditions: [], owners: [], events: [], truncated: false },
      'Deployment web',
    ],
    [
      'findings count the problems and name the namespace',
      { kind: 'findings', namespace: 'shop', findings: [finding, finding], checked: {}, unchecked: [], truncated: false },
      '2 problems found in shop',
    ],
    [
      'a clean cluster has no problems',
      { kind: 'findings', findings: [], checked: { pods: 12 }, unchecked: [], truncated: false },
      'no problems found',
    ],
    [
      'a plan shows its command',
      {
        kind: 'plan',
        tool: 'k8s_scale',
        command: 'kubectl scale deployment/web --replicas=3 -n shop',
        diff: '',
        warnings: [],
        requiresConfirmation: true,
      },
      'Plan: kubectl scale deployment/web --replicas=3 -n shop',
    ],
    [
      'a change shows the first line of its output',
      { kind: 'change', tool: 'k8s_scale', command: 'kubectl scale …', output: 'deployment.apps/web scaled\nmore', objects: [] },
      'deployment.apps/web scaled',
    ],
    [
      'a change without output shows its command',
      { kind: 'change', tool: 'k8s_delete', command: 'kubectl delete pod x', output: '', objects: [] },
      'Done: kubectl delete pod x',
    ],
    ['text shows its title', { kind: 'text', title: 'Cluster version', text: 'v1.33.0', truncated: false }, 'Cluster version'],
  ])('%s', (_behaviour, view, expected) => {
    expect(summarize('the text the model sees', view)).toBe(expected);
  });

  it('falls back to the first non-blank line of the text when there is no view', () => {
    expect(summarize('\n\n  \nNAME  READY\nweb   1/1', undefined)).toBe('NAME  READY');
  });

  it('falls back to the text when the structured content is not a known view', () => {
    expect(summarize('Error: pods "x" not found', { kind: 'chart', bars: [] })).toBe('Error: pods "x" not found');
  });

  it('says there was no output when the text is blank', () => {
    expect(summarize(' \n ', undefined)).toBe('(no output)');
  });

  it('is at most 200 characters, marked as cut', () => {
    const summary = summarize('x'.repeat(500), undefined);
    expect(summary).toHaveLength(200);
    expect(summary.endsWith('x…')).toBe(true);
    expect(summarize('y'.repeat(200), undefined)).toBe('y'.repeat(200));
  });
});
