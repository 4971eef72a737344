// The local control plane is a real Kubernetes: these tests drive it only through real kubectl and helm.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  applyObjects, deployment, kubectlOk, runKubectl, seedShop, testCluster, waitForDeployments, type ShopSeed,
} from '../index';

const cluster = testCluster();
const admin = (args: string[], input?: string) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args, input);
const as = (kubeconfig: string, args: string[]) => runKubectl(cluster.tools.kubectl, kubeconfig, args);

async function podsOf(namespace: string, app: string): Promise<any[]> {
  return JSON.parse(await admin(['get', 'pods', '-n', namespace, '-l', `app=${app}`, '-o', 'json'])).items;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the local control plane', () => {
  it('serves the pinned Kubernetes version and has Ready kwok nodes', async () => {
    const version = JSON.parse(await admin(['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toBe(`v${cluster.versions.KUBERNETES_VERSION}`);
    const nodes = JSON.parse(await admin(['get', 'nodes', '-o', 'json'])).items;
    expect(nodes.length).toBeGreaterThanOrEqual(1);
    for (const node of nodes) {
      const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
      expect(ready.status).toBe('True');
    }
  });

  it('runs a Deployment through ReplicaSet to a Running, Ready pod', async () => {
    const ns = 'it-deploy';
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      deployment({ name: 'hello', namespace: ns, replicas: 2 }),
    ]);
    await waitForDeployments(cluster, [ns], ['hello']);
    const pods = await podsOf(ns, 'hello');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status.phase).toBe('Running');
      expect(pod.metadata.ownerReferences[0].kind).toBe('ReplicaSet');
      expect(pod.spec.nodeName).toMatch(/^kwok-node-/);
    }
  });
});

describe('the seeded shop', () => {
  let shop: ShopSeed;
  beforeAll(async () => {
    shop = await seedShop(cluster, 'it-shop');
    await waitForDeployments(cluster, ['it-shop'], ['web']);
  });

  it('returns the seeded log lines from `kubectl logs`', async () => {
    const logs = await admin(['logs', '-n', 'it-shop', 'deployment/web', '--tail=3']);
    expect(logs.trimEnd().split('\n')).toEqual(shop.webLogLines.slice(-3));
  });

  it('shows a crash-looping pod with its last termination and previous logs', async () => {
    const [pod] = await eventually('checkout to crash-loop', async () => {
      const pods = await podsOf('it-shop', 'checkout');
      return pods[0]?.status?.containerStatuses ? pods : undefined;
    });
    const status = pod.status.containerStatuses[0];
    expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.lastState.terminated.exitCode).toBe(1);
    expect(status.restartCount).toBeGreaterThan(0);
    const previous = await admin(['logs', '-n', 'it-shop', pod.metadata.name, '--previous']);
    expect(previous).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
  });

  it('shows image-pull failures and OOMKilled containers', async () => {
    const payments = await eventually('payments status', async () => (await podsOf('it-shop', 'payments'))[0]?.status?.containerStatuses?.[0]);
    expect(payments.state.waiting.reason).toBe('ImagePullBackOff');
    const cache = await eventually('cache status', async () => (await podsOf('it-shop', 'cache'))[0]?.status?.containerStatuses?.[0]);
    expect(cache.lastState.terminated.reason).toBe('OOMKilled');
  });

  it('leaves a pod Pending with the real scheduler\'s FailedScheduling event', async () => {
    const event = await eventually('a FailedScheduling event', async () => {
      const events = JSON.parse(await admin(['get', 'events', '-n', 'it-shop', '--field-selector', 'reason=FailedScheduling', '-o', 'json'])).items;
      return events.find((e: any) => e.involvedObject.name.startsWith('reports-'));
    });
    expect(event.message).toMatch(/node\(s\) didn't match Pod's node affinity\/selector/);
    const [pod] = await podsOf('it-shop', 'reports');
    expect(pod.status.phase).toBe('Pending');
  });

  it('has a Service with endpoints and one whose selector matches nothing', async () => {
    const ready = await eventually('web endpoints', async () => {
      const slices = JSON.parse(await admin(['get', 'endpointslices', '-n', 'it-shop', '-l', 'kubernetes.io/service-name=web', '-o', 'json'])).items;
      const addresses = slices.flatMap((s: any) => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready));
      return addresses.length === 2 ? addresses : undefined;
    });
    expect(ready).toHaveLength(2);
    const legacy = JSON.parse(await admin(['get', 'endpointslices', '-n', 'it-shop', '-l', 'kubernetes.io/service-name=legacy-api', '-o', 'json'])).items;
    expect(legacy.flatMap((s: any) => s.endpoints ?? [])).toHaveLength(0);
  });

  it('fails the nightly Job', async () => {
    const failed = await eventually('the Job to fail', async () => {
      const jobObj = JSON.parse(await admin(['get', 'job', '-n', 'it-shop', 'nightly-report', '-o', 'json']));
      return jobObj.status?.conditions?.find((c: any) => c.type === 'Failed' && c.status === 'True');
    }, 90_000);
    expect(failed.reason).toBe('BackoffLimitExceeded');
  });

  it('stores canary values in Secrets', async () => {
    const secret = JSON.parse(await admin(['get', 'secret', '-n', 'it-shop', 'payments-db', '-o', 'json']));
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(shop.canaries[0]);
  });
});

describe('helm against the local control plane', () => {
  const helmHome = mkdtempSync(join(tmpdir(), 'drover-helm-'));
  const chart = resolve(__dirname, '..', '..', 'fixtures', 'charts', 'hello');
  const helm = (args: string[]) => spawnSync(cluster.tools.helm, [...args, '--kubeconfig', cluster.kubeconfigPath], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: helmHome, HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_DATA_HOME: join(helmHome, 'data') },
  });
  afterAll(() => rmSync(helmHome, { recursive: true, force: true }));

  it('installs a local chart and lists the release', () => {
    const install = helm(['install', 'demo', chart, '-n', 'it-helm', '--create-namespace', '--wait', '--timeout', '90s']);
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    const list = helm(['list', '-n', 'it-helm', '-o', 'json']);
    const releases = JSON.parse(list.stdout);
    expect(releases).toEqual([expect.objectContaining({ name: 'demo', status: 'deployed', chart: 'hello-0.1.0' })]);
  });
});

describe('RBAC and impersonation', () => {
  beforeAll(async () => {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'it-rbac' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep-me', namespace: 'it-rbac' }, data: { a: '1' } },
    ]);
  });

  it('lets the viewer read but denies delete', async () => {
    const read = await as(cluster.users.viewer.kubeconfigPath, ['get', 'configmap', 'keep-me', '-n', 'it-rbac']);
    expect(read.code).toBe(0);
    const del = await as(cluster.users.viewer.kubeconfigPath, ['delete', 'configmap', 'keep-me', '-n', 'it-rbac']);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toContain('is forbidden: User "viewer" cannot delete resource "configmaps"');
  });

  it('keeps secrets away from the viewer (the view role has no Secret access)', async () => {
    const res = await as(cluster.users.viewer.kubeconfigPath, ['get', 'secrets', '-n', 'it-rbac']);
    expect(res.stderr).toContain('cannot list resource "secrets"');
  });

  it('lets the editor write only in its namespace', async () => {
    const ns = cluster.editorNamespace;
    const own = await as(cluster.users.editor.kubeconfigPath, ['create', 'configmap', 'editor-made', '-n', ns, '--from-literal=a=1']);
    expect(own.stderr).toBe('');
    const other = await as(cluster.users.editor.kubeconfigPath, ['create', 'configmap', 'editor-made', '-n', 'it-rbac', '--from-literal=a=1']);
    expect(other.stderr).toContain('is forbidden: User "editor" cannot create resource "configmaps"');
  });

  it('lets the MCP service account impersonate the viewer, who is then denied', async () => {
    const mcp = cluster.users.mcp.kubeconfigPath;
    const whoami = JSON.parse((await as(mcp, ['auth', 'whoami', '--as', 'viewer', '-o', 'json'])).stdout);
    expect(whoami.status.userInfo.username).toBe('viewer');
    const read = await as(mcp, ['get', 'configmap', 'keep-me', '-n', 'it-rbac', '--as', 'viewer']);
    expect(read.code).toBe(0);
    const del = await as(mcp, ['delete', 'configmap', 'keep-me', '-n', 'it-rbac', '--as', 'viewer']);
    expect(del.stderr).toContain('is forbidden: User "viewer" cannot delete resource "configmaps"');
    expect((await admin(['get', 'configmap', 'keep-me', '-n', 'it-rbac', '-o', 'name'])).trim()).toBe('configmap/keep-me');
  });

  it('gives the MCP service account no rights of its own beyond impersonation and token review', async () => {
    const mcp = cluster.users.mcp.kubeconfigPath;
    const res = await as(mcp, ['get', 'configmaps', '-n', 'it-rbac']);
    expect(res.stderr).toContain(`User "${cluster.users.mcp.name}" cannot list resource "configmaps"`);
  });
});
