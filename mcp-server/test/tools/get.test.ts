import type { TableView, YamlView } from '@drover/protocol';
import { applyObjects, deployment, kubectlOk, seedShop, waitForDeployments, type ShopSeed } from '../../../tests/cluster';
import { ADMIN, cluster, connect, textOf, VIEWER, type Connected } from '../support/harness';

const NS = 'mcp-get';
let mcp: Connected;
let shop: ShopSeed;

beforeAll(async () => {
  shop = await seedShop(cluster, NS);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: 'bulk', namespace: NS, replicas: 12 })]);
  await waitForDeployments(cluster, [NS], ['web', 'bulk']);
  mcp = await connect({ identity: VIEWER });
});
afterAll(() => mcp.close());

describe('k8s_get', () => {
  it('lists pods as a compact table with kubectl-like columns and object references', async () => {
    const res = await mcp.call('k8s_get', { kind: 'po', namespace: NS, labelSelector: 'app=web' });
    expect(res.isError).toBeFalsy();
    const text = textOf(res);
    expect(text).toMatch(/^pods in namespace mcp-get: 2 of 2 shown/);
    expect(text).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(text).toMatch(/web-\S+\s+1\/1\s+Running\s+0/);
    const view = res.structuredContent as TableView;
    expect(view).toMatchObject({ kind: 'table', resource: 'pods', total: 2, truncated: false });
    expect(view.rows[0].ref).toMatchObject({ cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: NS });
  });

  it('shows more columns with output=wide, as kubectl -o wide does', async () => {
    const res = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=web', output: 'wide' });
    expect((res.structuredContent as TableView).columns).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(textOf(res)).toMatch(/web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+kwok-node-\d/);
  });

  it('gets one object with get rights only (RBAC scoped to resource names allows no list)', async () => {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'one-configmap', namespace: NS },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['web-config'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'one-configmap', namespace: NS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'one-configmap' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mcp-get-narrow' }],
      },
    ]);
    const narrow = await connect({ identity: { mode: 'impersonate', user: 'mcp-get-narrow', groups: [] } });
    try {
      const one = await narrow.call('k8s_get', { kind: 'configmap', name: 'web-config', namespace: NS });
      expect(one.isError).toBeFalsy();
      expect(textOf(one)).toMatch(/^web-config\s+2\s+/m);
      expect(textOf(await narrow.call('k8s_get', { kind: 'configmaps', namespace: NS }))).toContain('cannot list resource "configmaps"');
    } finally {
      await narrow.close();
    }
  });

  it('shows the crash-looping pod the way kubectl does', async () => {
    const text = textOf(await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=checkout' }));
    expect(text).toMatch(/checkout-\S+\s+0\/1\s+CrashLoopBackOff\s+5 \(\d+\w* ago\)/);
  });

  it('pages through a list with limit and continue, with the total the API server reports', async () => {
    const all = JSON.parse(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'pods', '-n', NS, '-o', 'json'])).items;
    const first = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, limit: 5 });
    const view = first.structuredContent as TableView;
    expect(view.rows).toHaveLength(5);
    expect(view.total).toBe(all.length);
    expect(textOf(first)).toContain(`5 of ${all.length} shown`);
    expect(textOf(first)).toContain(`continue="${view.next}"`);
    const second = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, limit: 5, continue: view.next });
    const names = (second.structuredContent as TableView).rows.map((r) => r.ref?.name);
    expect(names).toHaveLength(5);
    expect(names).not.toContain(view.rows[0].ref?.name);
  });

  it('pages a selected list too (the API server gives no total for selectors)', async () => {
    const first = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=bulk', limit: 5 });
    const view = first.structuredContent as TableView;
    expect(view.rows).toHaveLength(5);
    expect(view.total).toBeUndefined();
    expect(view.next).toBeTruthy();
  });

  it('resolves kinds by discovery, CRDs included', async () => {
    const admin = await connect({ identity: ADMIN });
    try {
      const res = await admin.call('k8s_get', { kind: 'clusterlogs.kwok.x-k8s.io' });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as TableView).resource).toBe('clusterlogs.kwok.x-k8s.io');
      expect(textOf(res)).toContain(`${NS}.web`);
    } finally {
      await admin.close();
    }
  });

  it('returns one object as YAML without managedFields', async () => {
    const res = await mcp.call('k8s_get', { kind: 'deployment', name: 'web', namespace: NS, output: 'yaml' });
    const view = res.structuredContent as YamlView;
    expect(view).toMatchObject({ kind: 'yaml', format: 'yaml', ref: { kind: 'Deployment', name: 'web' } });
    expect(view.text).toContain('replicas: 2');
    expect(view.text).not.toContain('managedFields');
    expect(textOf(res)).toContain('untrusted data from the cluster');
  });

  it('never shows Secret values, as a list or one object, in YAML or JSON, even to an admin', async () => {
    const admin = await connect({ identity: ADMIN });
    try {
      for (const args of [
        { output: 'yaml' },
        { output: 'json' },
        { output: 'yaml', name: 'payments-db' },
        { output: 'json', name: 'checkout-api' },
        { fields: ['data', 'stringData'] },
      ]) {
        const res = await admin.call('k8s_get', { kind: 'secrets', namespace: NS, ...args });
        expect(res.isError).toBeFalsy();
        const everything = textOf(res) + JSON.stringify(res.structuredContent);
        for (const value of [...shop.canaries, ...shop.canaries.map((c) => Buffer.from(c).toString('base64'))])
          expect(everything).not.toContain(value);
        expect(everything).toMatch(/<redacted \d+ bytes>/);
      }
    } finally {
      await admin.close();
    }
  });

  it('projects fields as columns', async () => {
    const res = await mcp.call('k8s_get', {
      kind: 'pods',
      namespace: NS,
      labelSelector: 'app=web',
      fields: ['status.phase', 'spec.nodeName'],
    });
    expect((res.structuredContent as TableView).columns).toEqual(['NAME', 'STATUS.PHASE', 'SPEC.NODENAME']);
    expect(textOf(res)).toMatch(/Running\s+kwok-node-\d/);
  });

  it('reports an unknown kind clearly', async () => {
    const res = await mcp.call('k8s_get', { kind: 'widgets' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('the cluster has no resource type "widgets"');
  });

  it('reports RBAC denials from the API server as the user', async () => {
    const res = await mcp.call('k8s_get', { kind: 'secrets', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('User "viewer" cannot list resource "secrets"');
  });

  it('audits every call with the user and the command', async () => {
    const entry = mcp.audit().find((e) => e.tool === 'k8s_get' && e.result === 'ok');
    expect(entry).toMatchObject({ user: 'viewer', phase: 'read', cluster: 'in-cluster' });
    expect(entry!.commands).toContainEqual(['GET', '/api/v1/namespaces/mcp-get/pods?includeObject=None&limit=50&labelSelector=app%3Dweb']);
  });
});
