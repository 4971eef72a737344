// The cluster card's diagnosis namespace by namespace: when a result means "RBAC refused everything", and how
// several namespaces' findings become one view.
import type { FindingsView } from '@drover/protocol';
import { isRefusedEverywhere, mergeFindings } from '../namespace-diagnosis';

const finding = (severity: FindingsView['findings'][number]['severity'], name: string): FindingsView['findings'][number] => ({
  ref: {
    kind: 'Pod', name, namespace: 'ns'
  },
  severity,
  problem:  'p',
  evidence: [],
  fix:      'f'
});
const view = (extra: Partial<FindingsView>): FindingsView => ({
  kind: 'findings', findings: [], checked: {}, unchecked: [], truncated: false, ...extra
});

describe('a diagnosis refused everywhere', () => {
  it.each([
    ['every list refused', 'could not check anything: Pod (forbidden), Event (forbidden)', true],
    ['the summary cut short in a reason', 'could not check anything: Deployment (forbidden), Event (forbidden), Node (f…', true],
    ['one list failing otherwise', 'could not check anything: Pod (forbidden), Event (connection refused)', false],
    ['another error', 'namespace "x" not found', false],
  ])('%s', (_case, summary, refused) => {
    expect(isRefusedEverywhere({ isError: true, summary })).toBe(refused);
  });

  it('is what the backend marks as an RBAC refusal, and never a result that worked', () => {
    expect(isRefusedEverywhere({
      isError: true, summary: 'pods is forbidden', forbidden: true
    })).toBe(true);
    expect(isRefusedEverywhere({ isError: false, summary: 'could not check anything: Pod (forbidden)' })).toBe(false);
  });
});

describe('several namespaces\' findings as one', () => {
  const merged = mergeFindings([
    view({
      findings: [finding('warning', 'a1'), finding('info', 'a2')], checked: { Pod: 2, Service: 1 }, unchecked: [{ kind: 'Event', reason: 'forbidden' }]
    }),
    view({
      findings: [finding('critical', 'b1')], checked: { Pod: 3 }, unchecked: [{ kind: 'Event', reason: 'forbidden' }], truncated: true
    }),
  ]);

  it('are worst first, each severity in the namespaces\' order', () => {
    expect(merged.findings.map((f) => f.ref.name)).toEqual(['b1', 'a1', 'a2']);
  });

  it('count the objects looked at per kind, name each kind not checked once, and are truncated if one was', () => {
    expect(merged).toMatchObject({
      kind: 'findings', checked: { Pod: 5, Service: 1 }, unchecked: [{ kind: 'Event', reason: 'forbidden' }], truncated: true
    });
    expect(merged.namespace).toBeUndefined();
  });
});
