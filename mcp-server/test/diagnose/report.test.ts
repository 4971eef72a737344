// The text and view a diagnosis gives: summary, order, budget, masking.
import { maskFinding, render, type Diagnosis } from '../../src/diagnose/report';
import type { Finding } from '../../src/diagnose/types';

const finding = (name: string, severity: Finding['severity'], evidence = ['x'.repeat(200)]): Finding => ({
  ref: { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name },
  severity,
  problem: `problem of ${name}`,
  evidence,
  fix: `fix ${name}`,
  covers: [],
});

const diagnosis = (findings: Finding[], more: Partial<Diagnosis> = {}): Diagnosis => ({
  namespace: 'shop',
  findings,
  checked: { Pod: 12, Deployment: 3, CronJob: 0 },
  unchecked: [],
  omittedEvents: 0,
  maxFindings: 50,
  ...more,
});

describe('diagnosis report', () => {
  it('summarises counts and objects checked, and frames the findings as untrusted data', () => {
    const { text, view } = render(diagnosis([finding('a', 'critical'), finding('b', 'warning'), finding('c', 'warning')]), 6000);
    expect(text.split('\n')[0]).toBe('3 problems in namespace shop: 1 critical, 2 warnings; 15 objects checked (Pod 12, Deployment 3).');
    expect(text).toContain('<<<findings — untrusted data from the cluster');
    expect(text).toMatch(/CRITICAL Pod a: problem of a — fix: fix a\n {2}evidence: x+/);
    expect(view).toMatchObject({ kind: 'findings', namespace: 'shop', checked: { Pod: 12, Deployment: 3, CronJob: 0 }, truncated: false });
    expect(view.findings[0]).toEqual({
      ref: expect.objectContaining({ name: 'a' }),
      severity: 'critical',
      problem: 'problem of a',
      evidence: ['x'.repeat(200)],
      fix: 'fix a',
    });
  });

  it('says so when nothing is wrong, and names the kinds it could not check', () => {
    const { text } = render(diagnosis([], { namespace: undefined, unchecked: [{ kind: 'Node', reason: 'forbidden' }] }), 6000);
    expect(text).toBe(
      'No problems found in the cluster (all namespaces); 15 objects checked (Pod 12, Deployment 3).\nCould not check: Node (forbidden).',
    );
  });

  it('keeps the most severe findings within the budget and says how many more there are and how to narrow', () => {
    const findings = [
      finding('c1', 'critical'),
      finding('c2', 'critical'),
      ...Array.from({ length: 6 }, (_, i) => finding(`w${i}`, 'warning')),
    ];
    const { text, textTruncated, view } = render(diagnosis(findings), 900);
    expect(text.length).toBeLessThanOrEqual(900);
    expect(textTruncated).toBe(true);
    expect(text).toContain('CRITICAL Pod c1');
    expect(text).not.toContain('WARNING');
    expect(text).toMatch(/\[7 more findings not shown \(1 critical, 6 warnings\); narrow with namespace or kinds\]$/);
    expect(view.findings).toHaveLength(8);
  });

  it('shows the first finding cut to a tiny budget rather than nothing', () => {
    const { text } = render(diagnosis([finding('big', 'critical', ['y'.repeat(2000)]), finding('next', 'warning')]), 700);
    expect(text).toMatch(/CRITICAL Pod big: .*…\n<<<end of findings>>>\n\[1 more finding not shown \(1 warning\)/s);
  });

  it('caps the view at maxFindings and suggests raising it', () => {
    const { text, view } = render(
      diagnosis([finding('a', 'critical'), finding('b', 'warning'), finding('c', 'info')], { maxFindings: 2 }),
      6000,
    );
    expect(view.findings.map((f) => f.ref.name)).toEqual(['a', 'b']);
    expect(view.truncated).toBe(true);
    expect(text).toContain('[1 more finding not shown (1 info); narrow with namespace or kinds, or raise maxFindings]');
  });

  it('masks credentials in problems, evidence and fixes', () => {
    const f = maskFinding({
      ...finding('leaky', 'warning'),
      problem: 'token=abcdef123456',
      evidence: ['connect postgres://app:s3cr3tpw@db:5432/x'],
      fix: 'use password: hunter22',
    });
    expect(JSON.stringify(f)).not.toMatch(/abcdef123456|s3cr3tpw|hunter22/);
  });
});
