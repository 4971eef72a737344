// Rancher mode over HTTP, as the backend calls it: a call acts on the cluster it names (its `cluster` argument),
// else on the one the UI shows (X-Drover-Cluster), and never on a guessed one; it reaches Rancher's proxy for that
// cluster as the same user (a recording tap in front of the real Rancher shows it), and a plan stays on its cluster.
// The second cluster is an imported one that never connects, so Rancher genuinely cannot reach it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../tests/cluster';
import { testRancher } from '../../tests/cluster/state';
import { addImportedCluster, type DownstreamCluster } from '../../tests/rancher/downstream';
import { tapRancher, type RancherTap } from '../../tests/rancher/tap';
import { listen } from '../src/http';
import { CONFIRMATION_META_KEY, PLANS_CAPABILITY } from '../src/policy/plans';
import { createRuntime } from '../src/runtime-factory';
import { auditOf, cluster, testConfig, textOf } from './support/harness';

const rancher = testRancher();
const NS = cluster.editorNamespace;
const WEB = 'cluster-arg-web';
const NO_CLUSTER = 'No cluster is selected: pass `cluster` (a Rancher cluster id; rancher_clusters lists yours).';
let tap: RancherTap;
let downstream: DownstreamCluster;
let base: string;
let stop: () => Promise<void>;
let audit: () => Record<string, unknown>[];
const clients: Client[] = [];

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: WEB, namespace: NS })]);
  await waitForDeployments(cluster, [NS], [WEB]);
  downstream = await addImportedCluster(rancher, 'drover-route');
  await downstream.grant(rancher.users.standard);
  tap = await tapRancher(rancher);
  const config = testConfig({ identity: { mode: 'rancher', rancherUrl: tap.url, kubeconfig: undefined } });
  const http = await listen(createRuntime(config));
  base = `http://127.0.0.1:${http.port}`;
  stop = http.close;
  audit = () => auditOf(config);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stop?.();
  await tap?.stop();
  await downstream?.remove();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'deployment', WEB, '-n', NS, '--ignore-not-found']);
});

/** The standard user, as the backend sends them: with the cluster the UI shows, or none. */
async function standard(clusterInView?: string): Promise<Client> {
  const client = new Client(
    { name: 'cluster-argument-test', version: '0' },
    { capabilities: { experimental: { [PLANS_CAPABILITY]: {} } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: {
        headers: {
          Authorization: `Bearer ${testConfig().http.authToken}`,
          'X-Drover-User': rancher.users.standard.id,
          'X-Drover-Rancher-Token': rancher.users.standard.token,
          ...(clusterInView ? { 'X-Drover-Cluster': clusterInView } : {}),
        },
      },
    }),
  );
  clients.push(client);
  return client;
}

const call = (client: Client, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>) =>
  client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }) as Promise<CallToolResult>;
const reached = (clusterId: string) =>
  tap.requests.filter((r) => r.path.startsWith(`/k8s/clusters/${clusterId}/`) && r.user === rancher.users.standard.id);
const replicas = () =>
  kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'deployment', WEB, '-n', NS, '-o', 'jsonpath={.spec.replicas}']);

describe('the cluster of a call in Rancher mode', () => {
  it('works on the cluster in view when the call names none', async () => {
    const client = await standard('local');
    const before = reached('local').length;
    const res = await call(client, 'k8s_get', { kind: 'deployments', namespace: NS, name: WEB });
    expect(res.isError).toBeFalsy();
    expect(reached('local').length).toBeGreaterThan(before);
    expect(audit().at(-1)).toMatchObject({ tool: 'k8s_get', cluster: 'local', result: 'ok' });
  });

  it("goes to the cluster the call names, through Rancher's proxy for it, and says clearly that it is not available", async () => {
    const client = await standard('local');
    for (const [tool, args] of [
      ['k8s_get', { kind: 'pods', namespace: NS }],
      ['k8s_top', { what: 'pods', namespace: NS }],
    ] as const) {
      const before = reached(downstream.id).length;
      const res = await call(client, tool, { ...args, cluster: downstream.id });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`cluster ${downstream.id} is not available: cluster not provisioned`);
      expect(reached(downstream.id).length).toBeGreaterThan(before);
      expect(audit().at(-1)).toMatchObject({ tool, cluster: downstream.id, result: 'error' });
    }
  });

  it('fails in one clear sentence when neither the call nor the UI names a cluster, before reaching any cluster', async () => {
    const client = await standard();
    const before = tap.requests.length;
    const res = await call(client, 'k8s_get', { kind: 'pods', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(NO_CLUSTER);
    expect(tap.requests.slice(before).filter((r) => r.path.startsWith('/k8s/clusters/'))).toEqual([]);
    expect(audit().at(-1)).toMatchObject({ tool: 'k8s_get', cluster: '(none)', result: 'error', error: NO_CLUSTER });
    // Named by the call, it works without the header.
    expect((await call(client, 'k8s_get', { kind: 'pods', namespace: NS, cluster: 'local' })).isError).toBeFalsy();
  });

  it('refuses a cluster argument that is not a cluster id, as it refuses such a header', async () => {
    const res = await call(await standard('local'), 'k8s_get', { kind: 'pods', namespace: NS, cluster: '../local' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('must be a Rancher cluster id such as local or c-m-abc12');
  });

  it('keeps a plan on its cluster: one made on local cannot be run on another cluster, by argument or by header', async () => {
    const onLocal = await standard('local');
    const args = { kind: 'deployment', name: WEB, namespace: NS, replicas: 2 };
    const plan = await call(onLocal, 'k8s_scale', args);
    const token = plan._meta?.[CONFIRMATION_META_KEY];
    expect(typeof token).toBe('string');
    const confirm = { [CONFIRMATION_META_KEY]: token };
    const refusal = 'not executed: the confirmation was given for another user or cluster';
    expect(textOf(await call(onLocal, 'k8s_scale', { ...args, cluster: downstream.id }, confirm))).toBe(refusal);
    expect(textOf(await call(await standard(downstream.id), 'k8s_scale', args, confirm))).toBe(refusal);
    expect(await replicas()).toBe('1');
    // The same token on the cluster it was made for runs.
    const ran = await call(onLocal, 'k8s_scale', args, confirm);
    expect(ran.isError).toBeFalsy();
    expect(await replicas()).toBe('2');
  });
});
