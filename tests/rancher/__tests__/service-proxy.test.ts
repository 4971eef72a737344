// Who may use Drover in Rancher: the panel reaches the backend through the local cluster's service proxy, which a
// standard user may not call. The chart's GlobalRole `drover-user` opens exactly that proxy: proven here with real
// Rancher users, the real chart and the real backend behind the real service proxy.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { kubectlOk, testCluster } from '../../cluster';
import { testRancher } from '../../cluster/state';
import { rancherClient } from '../client';
import { installDroverInRancher, NAMESPACE, type DroverInRancher } from '../drover-in-rancher';
import { grantDroverUser, type RancherRole } from '../start';

const cluster = testCluster();
const rancher = testRancher();
const ca = readFileSync(rancher.caFile, 'utf8');
const admin = rancherClient(rancher.url, ca, rancher.adminToken);
let drover: DroverInRancher;
let bindingId: string | undefined;

/** A request as the browser makes it: the Rancher session in the R_SESS cookie, same origin. */
function asBrowser(role: RancherRole, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, rancher.url), {
      method, ca,
      headers: { Cookie: `R_SESS=${rancher.users[role].token}`, ...(payload ? { 'Content-Type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  drover = await installDroverInRancher(cluster, rancher, { uiPlugin: false });
});
afterAll(async () => {
  if (bindingId) await admin.call('DELETE', `/v3/globalrolebindings/${bindingId}`).catch(() => undefined);
  await drover?.stop();
});

describe('the Drover user global role', () => {
  it('is installed by the chart, and Rancher turns it into a Role for exactly the backend proxy', async () => {
    const role = JSON.parse(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'globalroles.management.cattle.io', 'drover-user', '-o', 'json']));
    expect(role.displayName).toBe('Drover user');
    const rules = await until('Rancher\'s Role for the global role', async () => {
      const res = await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'roles', '-n', NAMESPACE, '-o', 'json']);
      return JSON.parse(res).items.find((r: { metadata: { name: string } }) => r.metadata.name.startsWith('drover-user'))?.rules;
    });
    expect(rules).toEqual([{ apiGroups: [''], resources: ['services/proxy'], resourceNames: ['http:drover-backend:8055'], verbs: ['get', 'create', 'update', 'patch', 'delete'] }]);
  });

  it('without it, a standard user is refused by the service proxy, before the backend sees anything', async () => {
    const res = await asBrowser('standard', 'GET', `${drover.proxyPath}api/me`);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect(JSON.parse(res.text).message).toContain(`User "${rancher.users.standard.id}" cannot get resource "services/proxy"`);
  });

  it('with it, the same user reaches the backend, which knows them from their Rancher session', async () => {
    bindingId = await grantDroverUser(rancher, rancher.users.standard.id);
    const me = await until('the role reaching the local cluster', async () => {
      const res = await asBrowser('standard', 'GET', `${drover.proxyPath}api/me`);
      return res.status === 200 ? JSON.parse(res.text) : undefined;
    });
    expect(me).toMatchObject({ name: 'standard', mode: 'rancher' });
    // The chat's writes are POSTs, which the proxy checks as `create`.
    const read = await asBrowser('standard', 'POST', `${drover.proxyPath}api/read`, { tool: 'k8s_get', arguments: { kind: 'pods', namespace: cluster.editorNamespace } });
    expect(read.status).toBe(200);
  });

  it('opens only that one Service: not another one in the namespace, nor the MCP server', async () => {
    for (const service of ['http:drover-mcp:3000', 'https:rancher:443', 'http:drover-backend:9999']) {
      const res = await asBrowser('standard', 'GET', `/api/v1/namespaces/${NAMESPACE}/services/${service}/proxy/`);
      expect({ service, status: res.status }).toEqual({ service, status: 403 });
    }
  });

  it('a user who was not given it stays refused', async () => {
    const res = await asBrowser('readonly', 'GET', `${drover.proxyPath}api/me`);
    expect(res.status).toBe(403);
  });
});
