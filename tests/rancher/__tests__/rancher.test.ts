// The real Rancher Manager of the test run: real users with real tokens, real RBAC on the local cluster through
// Rancher's own proxy, and a start that fails loudly when it cannot work.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlOk, testCluster } from '../../cluster';
import { testRancher } from '../../cluster/state';
import { rancherClient, RancherApiError } from '../client';
import { startRancher, type RancherRole } from '../start';

const cluster = testCluster();
const rancher = testRancher();
const client = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'));
const ns = cluster.editorNamespace;
const as = (role: RancherRole) => (method: string, path: string, body?: unknown) => client.call(method, path, body, rancher.users[role].token);
const statusOf = (p: Promise<unknown>) => p.then(() => 200, (err: RancherApiError) => err.status);

describe('the real Rancher Manager', () => {
  it('runs the pinned version on 127.0.0.1 and serves only over TLS with its own CA', async () => {
    expect(new URL(rancher.url).hostname).toBe('127.0.0.1');
    const info = await client.call<{ Version: string; GitCommit: string }>('GET', '/rancherversion', undefined, rancher.adminToken);
    expect(info).toMatchObject({ Version: `v${cluster.versions.RANCHER_VERSION}`, GitCommit: cluster.versions.RANCHER_COMMIT });
  });

  it.each(['admin', 'standard', 'readonly'] as const)('knows %s by its real session token, as a Bearer and as the R_SESS cookie', async (role) => {
    const me = await as(role)('GET', '/v3/users?me=true');
    expect(me.data).toHaveLength(1);
    expect(me.data[0]).toMatchObject({ id: rancher.users[role].id, username: rancher.users[role].username });
    const { request } = await import('node:https');
    const viaCookie = await new Promise<string>((resolve, reject) => {
      request(new URL('/v3/users?me=true', rancher.url), { ca: client.ca, headers: { Cookie: `R_SESS=${rancher.users[role].token}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c.toString(); });
        res.on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    expect(JSON.parse(viaCookie).data[0].id).toBe(rancher.users[role].id);
  });

  it('refuses a token it did not issue', async () => {
    const forged = `${rancher.users.standard.token.split(':')[0]}:${'x'.repeat(54)}`;
    expect(await statusOf(client.call('GET', '/v3/users?me=true', undefined, forged))).toBe(401);
  });

  it('reaches the local cluster as the user: the API server sees the Rancher user id', async () => {
    for (const role of ['standard', 'readonly'] as const) {
      const review = await as(role)('POST', '/k8s/clusters/local/apis/authentication.k8s.io/v1/selfsubjectreviews',
        { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      expect(review.status.userInfo.username).toBe(rancher.users[role].id);
    }
  });

  it('enforces each user\'s real rights: project member writes in its namespace, read-only reads, neither reaches beyond', async () => {
    const name = `rancher-rbac-${Date.now()}`;
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } };
    const path = `/k8s/clusters/local/api/v1/namespaces/${ns}/configmaps`;
    expect(await statusOf(as('readonly')('POST', path, configMap))).toBe(403);
    expect(await statusOf(as('standard')('POST', path, configMap))).toBe(200);
    // Verified by the cluster itself, not by Rancher's answer.
    expect(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'configmap', name, '-n', ns, '-o', 'jsonpath={.data.a}'])).toBe('1');
    expect(await statusOf(as('readonly')('GET', path))).toBe(200);
    expect(await statusOf(as('readonly')('DELETE', `${path}/${name}`))).toBe(403);
    expect(await statusOf(as('standard')('DELETE', `${path}/${name}`))).toBe(200);
    for (const role of ['standard', 'readonly'] as const) {
      expect(await statusOf(as(role)('GET', '/k8s/clusters/local/api/v1/namespaces/kube-system/secrets'))).toBe(403);
    }
    // Not even the service proxy of Rancher's own namespace (the chart's GlobalRole opens exactly one service there).
    expect(await statusOf(as('readonly')('GET', '/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/healthz'))).toBe(403);
  });

  it('was prepared to stay up, and the API server reaches its imperative API, so namespace deletion and the login flow work', async () => {
    expect(() => process.kill(rancher.pid, 0)).not.toThrow();
    expect(readFileSync(rancher.logFile, 'utf8')).not.toContain('[FATAL]');
    const kubectl = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);
    expect(await kubectl(['get', 'apiservice', 'v1.ext.cattle.io', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}'])).toBe('True');
    // What the dashboard's login page asks right after the password: only the imperative API answers it.
    const self = await as('standard')('POST', '/v1/ext.cattle.io.selfuser', { apiVersion: 'ext.cattle.io/v1', kind: 'SelfUser' });
    expect(self.status.userID).toBe(rancher.users.standard.id);
    const name = `rancher-ns-delete-${Date.now()}`;
    await kubectl(['create', 'namespace', name]);
    await kubectl(['delete', 'namespace', name, '--wait=true', '--timeout=60s']);
  });

  it('says why a second Rancher cannot start on this machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-rancher-second-'));
    try {
      await expect(startRancher(cluster, { dir })).rejects.toThrow(/port 6666 is in use: Rancher's imperative API needs it, so only one Rancher/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to build Rancher when it is not built', async () => {
    const saved = process.env.DROVER_CACHE;
    process.env.DROVER_CACHE = mkdtempSync(join(tmpdir(), 'drover-empty-cache-'));
    try {
      await expect(startRancher(cluster)).rejects.toThrow(/Rancher v[\d.]+ is not built .*\nBuild it once with: toolchain\/install.sh rancher/);
    } finally {
      rmSync(process.env.DROVER_CACHE, { recursive: true, force: true });
      if (saved === undefined) delete process.env.DROVER_CACHE;
      else process.env.DROVER_CACHE = saved;
    }
  });
});
