// Rancher identity mode: every call runs with the user's own Rancher token through the real Rancher's
// /k8s/clusters proxy (a recording tap in front of it shows what reached Rancher), so the RBAC answers are the ones
// Rancher's project roles give its users on the real API server.
import type { TableView } from '@drover/protocol';
import { applyObjects, deployment } from '../../tests/cluster';
import { testRancher } from '../../tests/cluster/state';
import { tapRancher, type RancherTap } from '../../tests/rancher/tap';
import type { Identity } from '../src/identity';
import { CONFIRMATION_META_KEY } from '../src/policy/plans';
import { cluster, connect, testConfig, textOf, type Connected } from './support/harness';

const rancher = testRancher();
let tap: RancherTap;
let config: ReturnType<typeof testConfig>;
/** readonly: read-only member of the project holding the editor namespace; standard: its project member. */
const as = (role: 'readonly' | 'standard', overrides: Partial<Extract<Identity, { mode: 'rancher' }>> = {}): Identity => ({
  mode: 'rancher',
  user: rancher.users[role].id,
  token: rancher.users[role].token,
  cluster: 'local',
  ...overrides,
});

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: 'web', namespace: cluster.editorNamespace })]);
  tap = await tapRancher(rancher);
  config = testConfig({ identity: { mode: 'rancher', rancherUrl: tap.url, kubeconfig: undefined } });
});
afterAll(() => tap.stop());

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
    const { id } = rancher.users.readonly;
    await withClient(as('readonly'), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'deployments', namespace: cluster.editorNamespace, name: 'web' });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as TableView).rows[0].ref?.cluster).toBe('local');
      expect(tap.requests.some((r) => r.path.startsWith('/k8s/clusters/local/') && r.user === id)).toBe(true);
      expect(mcp.audit().at(-1)).toMatchObject({ user: id, cluster: 'local' });
    });
  });

  it("gets the user's own RBAC answers: read-only may not read secrets or scale", async () => {
    const { id } = rancher.users.readonly;
    await withClient(as('readonly'), async (mcp) => {
      expect(textOf(await mcp.call('k8s_get', { kind: 'secrets', namespace: 'default' }))).toContain(
        `User "${id}" cannot list resource "secrets"`,
      );
      expect(textOf(await mcp.call('k8s_scale', { name: 'web', namespace: cluster.editorNamespace, replicas: 1 }))).toContain(
        `User "${id}" cannot patch`,
      );
    });
  });

  it('pages lists through the proxy (raw API paths keep the /k8s/clusters prefix)', async () => {
    await withClient(as('standard'), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'configmaps', namespace: cluster.editorNamespace, limit: 1 });
      expect(res.isError).toBeFalsy();
      expect(tap.requests.some((r) => r.path === `/k8s/clusters/local/api/v1/namespaces/${cluster.editorNamespace}/configmaps`)).toBe(true);
    });
  });

  it('plans and confirms a write as the Rancher user', async () => {
    await withClient(as('standard'), async (mcp) => {
      const missing = await mcp.call('k8s_scale', { name: 'missing-deployment', namespace: cluster.editorNamespace, replicas: 1 });
      expect(textOf(missing)).toContain('"missing-deployment" not found');
      expect(missing._meta?.[CONFIRMATION_META_KEY]).toBeUndefined();
    });
  });

  it('fails clearly with a token Rancher does not accept, and for an unknown cluster', async () => {
    await withClient(as('readonly', { token: 'token-x:bogus' }), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'namespaces' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/Unauthorized|must be logged in|must authenticate/i);
      expect(textOf(res)).not.toContain('token-x:bogus');
    });
    await withClient(as('readonly', { cluster: 'c-missing' }), async (mcp) => {
      const res = await mcp.call('k8s_get', { kind: 'namespaces' });
      expect(res.isError).toBe(true);
    });
  });

  it('never writes the Rancher token into the audit log', async () => {
    await withClient(as('readonly'), async (mcp) => {
      await mcp.call('k8s_get', { kind: 'pods', namespace: cluster.editorNamespace });
      expect(JSON.stringify(mcp.audit())).not.toContain(rancher.users.readonly.token);
    });
  });
});
