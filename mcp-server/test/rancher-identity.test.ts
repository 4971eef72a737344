// Rancher identity mode: every call runs with the user's own Rancher token through Rancher's /k8s/clusters proxy
// (a stand-in for Rancher's two endpoints, in front of the real API server).
import type { TableView } from '@drover/protocol';
import { applyObjects, deployment } from '../../tests/cluster';
import { startFakeRancher, type FakeRancher } from '../../tests/rancher-fake/server';
import type { Identity } from '../src/identity';
import { CONFIRMATION_META_KEY } from '../src/policy/plans';
import { cluster, connect, testConfig, textOf, type Connected } from './support/harness';

let rancher: FakeRancher;
let config: ReturnType<typeof testConfig>;
const as = (role: 'viewer' | 'editor', overrides: Partial<Extract<Identity, { mode: 'rancher' }>> = {}): Identity => ({
  mode: 'rancher',
  user: rancher.users[role].id,
  token: rancher.users[role].token,
  cluster: 'local',
  ...overrides,
});

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: 'web', namespace: cluster.editorNamespace })]);
  rancher = await startFakeRancher(cluster);
  config = testConfig({ identity: { mode: 'rancher', rancherUrl: rancher.url, rancherCaFile: rancher.caFile, kubeconfig: undefined } });
});
afterAll(() => rancher.stop());

async function withClient<T>(identity: Identity, fn: (mcp: Connected) => Promise<T>): Promise<T> {
  const mcp = await connect({ identity, config, plans: true });
  try {
    return await fn(mcp);
  } finally {
    await mcp.close();
  }
}

describe('rancher identity mode', () => {
  it('reads as the Rancher user, through the cluster proxy', async () => {
    await withClient(as('viewer'), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'namespaces', name: 'kube-system' });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as TableView).rows[0].ref?.cluster).toBe('local');
      expect(rancher.requests.some((r) => r.path.startsWith('/k8s/clusters/local/') && r.user === 'u-viewer')).toBe(true);
      expect(mcp.audit().at(-1)).toMatchObject({ user: 'u-viewer', cluster: 'local' });
    });
  });

  it("gets the user's own RBAC answers: the viewer may not read secrets or scale", async () => {
    await withClient(as('viewer'), async (mcp) => {
      expect(textOf(await mcp.call('k8s_get', { kind: 'secrets', namespace: 'default' }))).toContain(
        'User "viewer" cannot list resource "secrets"',
      );
      expect(textOf(await mcp.call('k8s_scale', { name: 'web', namespace: cluster.editorNamespace, replicas: 1 }))).toMatch(
        /User "viewer" cannot patch/,
      );
    });
  });

  it('pages lists through the proxy (raw API paths keep the /k8s/clusters prefix)', async () => {
    await withClient(as('editor'), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'configmaps', namespace: cluster.editorNamespace, limit: 1 });
      expect(res.isError).toBeFalsy();
      expect(rancher.requests.some((r) => r.path === `/k8s/clusters/local/api/v1/namespaces/${cluster.editorNamespace}/configmaps`)).toBe(
        true,
      );
    });
  });

  it('plans and confirms a write as the Rancher user', async () => {
    await withClient(as('editor'), async (mcp) => {
      const missing = await mcp.call('k8s_scale', { name: 'missing-deployment', namespace: cluster.editorNamespace, replicas: 1 });
      expect(textOf(missing)).toContain('"missing-deployment" not found');
      expect(missing._meta?.[CONFIRMATION_META_KEY]).toBeUndefined();
    });
  });

  it('fails clearly with a token Rancher does not accept, and for an unknown cluster', async () => {
    await withClient(as('viewer', { token: 'token-x:bogus' }), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'namespaces' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/Unauthorized|must be logged in|must authenticate/i);
      expect(textOf(res)).not.toContain('token-x:bogus');
    });
    await withClient(as('viewer', { cluster: 'c-missing' }), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'namespaces' });
      expect(res.isError).toBe(true);
    });
  });

  it('never writes the Rancher token into the audit log', async () => {
    await withClient(as('viewer'), async (mcp) => {
      await mcp.call('k8s_get', { kind: 'namespaces', name: 'default' });
      expect(JSON.stringify(mcp.audit())).not.toContain(rancher.users.viewer.token);
    });
  });
});
