// A release's whole life through the eight helm tools, as the editor, against the real cluster and a real HTTPS
// chart repository: install (plan, then approval), list/status/history/get, upgrade to 0.2.0, rollback, uninstall.
// A canary in the values (database.password) must never appear in any result or in the audit log.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync } from 'node:fs';
import { canary, kubectlOk, runKubectl } from '../../../tests/cluster';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { cluster, connect, EDITOR, textOf, type Connected } from '../support/harness';
import { dropNamespace, editableNamespace, HELM_TOOLS, planAndRun, repoConfig, uniqueNamespace } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = uniqueNamespace('life');
const PASSWORD = canary('helm-password');
const INSTALL = {
  release: 'web',
  chart: 'drover-test/hello',
  version: '0.1.0',
  namespace: NS,
  values: { database: { password: PASSWORD } },
};

let repo: ChartRepo;
let mcp: Connected;
const seen: CallToolResult[] = [];

/** Every result of the suite is kept, so the last test can prove the canary never appeared. */
async function call(tool: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const res = await mcp.call(tool, args);
  seen.push(res);
  return res;
}
async function approved(tool: string, args: Record<string, unknown>) {
  const both = await planAndRun(mcp, tool, args);
  seen.push(both.plan, both.done);
  return both;
}
const deployment = async () =>
  JSON.parse(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'deployment', 'web-hello', '-n', NS, '-o', 'json']));
const exists = async (kind: string, name: string) =>
  (await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', kind, name, '-n', NS])).code === 0;

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await editableNamespace(NS);
  mcp = await connect({ identity: EDITOR, plans: true, config: repoConfig(repo), tools: HELM_TOOLS });
});
afterAll(async () => {
  await mcp?.close();
  await repo?.close();
  await dropNamespace(NS);
});

describe('a helm release from install to uninstall', () => {
  it('plans an install with every rendered object as an addition and installs only after approval', async () => {
    const plan = await call('helm_install', INSTALL);
    expect(plan.isError).toBeFalsy();
    const view = plan.structuredContent as any;
    expect(view).toMatchObject({
      kind: 'plan',
      tool: 'helm_install',
      requiresConfirmation: true,
      command: `helm install web hello --repo=${repo.url} --ca-file=${repo.caFile} --version=0.1.0 --values=<file>/values.json --namespace=${NS}`,
    });
    expect(view.diff).toMatch(/^3 to add, 0 to change, 0 to remove, 0 unchanged\n/);
    expect(view.diff).toContain(`=== added Deployment ${NS}/web-hello`);
    expect(view.diff).toContain('+  replicas: 1');
    expect(await exists('deployment', 'web-hello')).toBe(false);

    const { done } = await approved('helm_install', INSTALL);
    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toMatch(
      new RegExp(`^Release web installed in namespace ${NS}: revision 1, status deployed, chart hello-0.1.0\\.`),
    );
    expect((done.structuredContent as any).objects).toEqual(
      expect.arrayContaining([
        { cluster: 'local', apiVersion: 'apps/v1', kind: 'Deployment', namespace: NS, name: 'web-hello' },
        { cluster: 'local', apiVersion: 'v1', kind: 'ConfigMap', namespace: NS, name: 'web-hello' },
      ]),
    );
    expect((await deployment()).spec.replicas).toBe(1);
    expect(repo.requests).toContain('/index.yaml');
    expect(repo.requests).toContain('/hello-0.1.0.tgz');
    const phases = mcp
      .audit()
      .filter((e) => e.tool === 'helm_install')
      .map((e) => e.phase);
    expect(phases).toEqual(['plan', 'plan', 'execute']);
  });

  it('lists the release, shows its status and its history', async () => {
    const list = await call('helm_list', { namespace: NS });
    expect(textOf(list)).toMatch(/NAME\s+NAMESPACE\s+REVISION\s+STATUS\s+CHART\s+APP VERSION\s+UPDATED/);
    expect(textOf(list)).toMatch(
      new RegExp(`web\\s+${NS}\\s+1\\s+deployed\\s+hello-0\\.1\\.0\\s+1\\.0\\.0\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`),
    );
    expect((list.structuredContent as any).rows[0].ref).toEqual({ cluster: 'local', kind: 'HelmRelease', namespace: NS, name: 'web' });
    expect(textOf(await call('helm_list', { namespace: NS, status: 'failed' }))).toBe(
      `No helm releases found (namespace ${NS}, status failed).`,
    );

    const status = textOf(await call('helm_status', { release: 'web', namespace: NS }));
    expect(status).toContain('Status: deployed\nRevision: 1\nChart: hello-0.1.0\nApp version: 1.0.0');
    expect(status).toContain('Description: Install complete');
    expect(status).toMatch(/<<<chart notes — untrusted data[^\n]*>>>\nweb is installed: 1 replica\(s\) of nginx:1\.27\./);

    const history = await call('helm_history', { release: 'web', namespace: NS });
    expect(textOf(history)).toMatch(/1\s+\S+ \S+ UTC\s+deployed\s+hello-0\.1\.0\s+1\.0\.0\s+Install complete/);

    const missing = await call('helm_status', { release: 'nope', namespace: NS });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(`release nope not found in namespace ${NS}; helm_list shows the releases there`);
  });

  it('gives values with secrets redacted, the manifest and the notes', async () => {
    const values = await call('helm_get', { release: 'web', namespace: NS, what: 'values' });
    expect(textOf(values)).toContain('database:\n  password: <redacted>');
    expect(values.structuredContent).toMatchObject({ kind: 'yaml', format: 'yaml', text: 'database:\n  password: <redacted>\n' });
    const allValues = textOf(await call('helm_get', { release: 'web', namespace: NS, what: 'values', allValues: true }));
    expect(allValues).toContain('replicaCount: 1');
    expect(allValues).toContain('password: <redacted>');

    const manifest = textOf(await call('helm_get', { release: 'web', namespace: NS, what: 'manifest' }));
    expect(manifest).toMatch(/^<<<manifest of release web — untrusted data/);
    expect(manifest).toContain('kind: Deployment');
    const notes = await call('helm_get', { release: 'web', namespace: NS, what: 'notes' });
    expect(notes.structuredContent).toMatchObject({ kind: 'text', text: 'web is installed: 1 replica(s) of nginx:1.27.' });
    const all = textOf(await call('helm_get', { release: 'web', namespace: NS, what: 'all' }));
    expect(all).toContain('# values (redacted)\ndatabase:\n  password: <redacted>');
    expect(all).toContain('# hooks\n(none)');
  });

  it('explains what reusing or resetting the values does', async () => {
    const plan = await call('helm_upgrade', { ...INSTALL, version: '0.2.0', values: undefined, previousValues: 'reuse' });
    const view = plan.structuredContent as any;
    expect(view.warnings).toContain(
      'previousValues=reuse keeps the values of hello-0.1.0, its defaults included: defaults changed in hello-0.2.0 do not apply (use reset and pass your values again to get them)',
    );
    expect(view.diff).toContain(`=== added Secret ${NS}/web-db`);
    expect(view.diff).not.toContain('replicas: 2');

    const reset = await call('helm_upgrade', { ...INSTALL, values: undefined, previousValues: 'reset' });
    expect((reset.structuredContent as any).warnings).toEqual([
      'revision 2: chart hello-0.1.0 → hello-0.1.0',
      'previousValues=reset without values: every value set before is dropped and the chart defaults apply',
    ]);
  });

  it('plans an upgrade to 0.2.0 as a diff of every object, with the new Secret redacted, and runs it', async () => {
    const args = { ...INSTALL, version: '0.2.0', previousValues: 'reset' };
    const { plan, done } = await approved('helm_upgrade', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(
      `helm upgrade web hello --repo=${repo.url} --ca-file=${repo.caFile} --version=0.2.0 --values=<file>/values.json --namespace=${NS} --reset-values`,
    );
    expect(view.diff).toMatch(/^1 to add, 1 to change, 0 to remove, 2 unchanged\n/);
    expect(view.diff).toMatch(/-\s+replicas: 1\n\+\s+replicas: 2/);
    expect(view.diff).toContain(`=== added Secret ${NS}/web-db`);
    expect(view.diff).toMatch(/\+\s+password: <redacted \d+ bytes>/);
    expect(view.warnings).toEqual([
      'revision 2: chart hello-0.1.0 → hello-0.2.0',
      `Deployment ${NS}/web-hello: images change from nginx:1.27 to nginx:1.28`,
    ]);
    expect(textOf(done)).toMatch(new RegExp(`^Release web upgraded in namespace ${NS}: revision 2, status deployed, chart hello-0.2.0\\.`));
    expect((await deployment()).spec.replicas).toBe(2);

    const manifest = textOf(await call('helm_get', { release: 'web', namespace: NS, what: 'manifest' }));
    expect(manifest).toMatch(/kind: Secret\n[\s\S]*password: <redacted \d+ bytes>/);
    const first = textOf(await call('helm_get', { release: 'web', namespace: NS, what: 'manifest', revision: 1 }));
    expect(first).toContain('replicas: 1');
    expect(first).not.toContain('kind: Secret');
  });

  it('rolls back to revision 1 with a diff that removes the Secret and restores the replicas', async () => {
    const { plan, done } = await approved('helm_rollback', { release: 'web', namespace: NS, revision: 1 });
    const view = plan.structuredContent as any;
    expect(view.command).toBe(`helm rollback web 1 --namespace=${NS}`);
    expect(view.diff).toMatch(/^0 to add, 1 to change, 1 to remove, 2 unchanged\n/);
    expect(view.diff).toContain(`=== removed Secret ${NS}/web-db`);
    expect(view.diff).toMatch(/-\s+replicas: 2\n\+\s+replicas: 1/);
    expect(view.warnings).toEqual(
      expect.arrayContaining(['creates revision 3 with the chart and values of revision 1', `deletes 1 object(s): Secret ${NS}/web-db`]),
    );
    expect(textOf(done)).toBe(`Rolled back web in namespace ${NS} to revision 1: now revision 3, status deployed, chart hello-0.1.0.`);
    expect((await deployment()).spec.replicas).toBe(1);
    expect(await exists('secret', 'web-db')).toBe(false);
    const history = (await call('helm_history', { release: 'web', namespace: NS })).structuredContent as any;
    expect(history.rows.map((r: any) => [r.cells[0], r.cells[2], r.cells[3], r.cells[5]])).toEqual([
      ['1', 'superseded', 'hello-0.1.0', 'Install complete'],
      ['2', 'superseded', 'hello-0.2.0', 'Upgrade complete'],
      ['3', 'deployed', 'hello-0.1.0', 'Rollback to 1'],
    ]);
  });

  it('uninstalls keeping the history, from which a rollback brings the release back', async () => {
    const kept = await approved('helm_uninstall', { release: 'web', namespace: NS, keepHistory: true });
    expect((kept.plan.structuredContent as any).warnings[0]).toBe('keeps the release history: helm_rollback can bring the release back');
    expect(await exists('deployment', 'web-hello')).toBe(false);
    expect(textOf(await call('helm_list', { namespace: NS, status: 'uninstalled' }))).toMatch(
      new RegExp(`web\\s+${NS}\\s+3\\s+uninstalled`),
    );

    const back = await approved('helm_rollback', { release: 'web', namespace: NS, revision: 3 });
    expect((back.plan.structuredContent as any).diff).toMatch(/^3 to add, 0 to change, 0 to remove, 0 unchanged\n/);
    expect(textOf(back.done)).toBe(`Rolled back web in namespace ${NS} to revision 3: now revision 4, status deployed, chart hello-0.1.0.`);
    expect((await deployment()).spec.replicas).toBe(1);
  });

  it('uninstalls after a plan that lists every deletion', async () => {
    const { plan, done } = await approved('helm_uninstall', { release: 'web', namespace: NS });
    const view = plan.structuredContent as any;
    expect(view.diff).toMatch(/^0 to add, 0 to change, 3 to remove, 0 unchanged\n/);
    expect(view.warnings).toEqual([
      'removes the release history too: the release cannot be rolled back afterwards',
      `deletes 3 object(s): ConfigMap ${NS}/web-hello, Service ${NS}/web-hello, Deployment ${NS}/web-hello`,
    ]);
    expect(textOf(done)).toBe(`Release web uninstalled from namespace ${NS}: 3 object(s) deleted.`);
    expect((done.structuredContent as any).objects).toHaveLength(3);
    expect(await exists('deployment', 'web-hello')).toBe(false);
    expect(textOf(await call('helm_list', { namespace: NS }))).toBe(`No helm releases found (namespace ${NS}).`);
  });

  it('never showed the password: not in any text, structured result or audit line', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const res of seen) expect(JSON.stringify(res)).not.toContain(PASSWORD); // text, structured content and _meta
    expect(readFileSync(mcp.rt.config.audit.file!, 'utf8')).not.toContain(PASSWORD);
  });
});
