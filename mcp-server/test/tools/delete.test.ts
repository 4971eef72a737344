import { canary, deployment, service, waitForDeployments } from '../../../tests/cluster';
import { CONFIRMATION_META_KEY } from '../../src/policy/plans';
import { k8sDelete } from '../../src/tools/k8s/delete';
import { ADMIN, cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { admin, adminGet, editableNamespace, everything, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-delete';
const VOLUME = 'h4-delete-data';
const token = canary('delete-token');
let mcp: Connected;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  // The volume keeps the previous run's claim after a Retain release: start both afresh.
  await admin(['delete', 'persistentvolumeclaim/data', '-n', NS, '--ignore-not-found']);
  await admin(['delete', `persistentvolume/${VOLUME}`, '--ignore-not-found']);
  await editableNamespace(NS, [
    deployment({ name: 'web', namespace: NS, replicas: 3 }),
    deployment({ name: 'api', namespace: NS }),
    service('web', NS, { app: 'web' }),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-token', namespace: NS }, stringData: { token } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', namespace: NS, finalizers: ['h4.example.com/hold'] },
      data: { a: 'b' },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: VOLUME },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        hostPath: { path: `/tmp/${VOLUME}` },
        claimRef: { namespace: NS, name: 'data' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: NS },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: VOLUME },
    },
  ]);
  await waitForDeployments(cluster, [NS]);
  await until('the claim to bind', async () => ((await adminGet(['pvc', 'data', '-n', NS])).status.phase === 'Bound' ? true : undefined));
  mcp = await connect({ identity: EDITOR, tools: [k8sDelete], plans: true });
});
afterAll(async () => {
  await mcp.close();
  await admin(['patch', 'configmap/held', '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
});

describe('k8s_delete', () => {
  it('plans the deletion of a deployment with its pod count and the removed object, then deletes it', async () => {
    const args = { kind: 'deployment', name: 'web', namespace: NS };
    const plan = await mcp.call('k8s_delete', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(`kubectl delete deployments.apps web --namespace=${NS} --wait=false`);
    expect(view.warnings).toEqual(['Deployment web: its 3 pods (selector app=web) are deleted with it']);
    expect(view.diff).toMatch(/^@@ -1,\d+ \+0,0 @@\n-apiVersion: apps\/v1\n-kind: Deployment\n/);
    expect(
      view.diff
        .split('\n')
        .slice(1)
        .every((line: string) => line.startsWith('-') || line.startsWith('\\')),
    ).toBe(true);
    expect(await adminGet(['deployment', 'web', '-n', NS])).toBeDefined();

    const done = await mcp.call('k8s_delete', args, { [CONFIRMATION_META_KEY]: plan._meta?.[CONFIRMATION_META_KEY] });
    expect(textOf(done)).toBe('deployment.apps "web" deleted');
    expect(done.structuredContent).toMatchObject({
      kind: 'change',
      tool: 'k8s_delete',
      objects: [{ kind: 'Deployment', name: 'web', namespace: NS }],
    });
    expect(await adminGet(['deployment', 'web', '-n', NS])).toBeUndefined();
  });

  it("warns that a claim's data may go, by the reclaim policy of its volume when the user may read it", async () => {
    const asEditor = await mcp.call('k8s_delete', { kind: 'pvc', name: 'data', namespace: NS });
    expect((asEditor.structuredContent as any).warnings).toEqual([
      `PersistentVolumeClaim data: the reclaim policy of its volume ${VOLUME} cannot be read with your rights: its data may be deleted with the claim`,
      'PersistentVolumeClaim data has finalizers (kubernetes.io/pvc-protection): it stays Terminating until their controllers finish',
    ]);
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sDelete], plans: true });
    try {
      const { plan, done } = await planThenRun(asAdmin, 'k8s_delete', { kind: 'persistentvolumeclaims', name: 'data', namespace: NS });
      expect((plan.structuredContent as any).warnings[0]).toBe(
        `PersistentVolumeClaim data: its volume ${VOLUME} has reclaim policy Retain: the data is kept, but an administrator must reclaim the volume to use it again`,
      );
      expect(done.isError).toBeFalsy();
      await until('the claim to go', async () => ((await adminGet(['pvc', 'data', '-n', NS])) === undefined ? true : undefined));
      expect((await adminGet(['pv', VOLUME])).status.phase).toBe('Released');
    } finally {
      await asAdmin.close();
    }
  });

  it("warns that a Service's clients lose access", async () => {
    const res = await mcp.call('k8s_delete', { kind: 'svc', name: 'web', namespace: NS });
    expect((res.structuredContent as any).warnings).toEqual([
      expect.stringMatching(/^Service web: clients that reach it by name or address \(10\.\d+\.\d+\.\d+, ports 80\/TCP\) lose access$/),
    ]);
  });

  it("shows a Secret's removal without its values and deletes it", async () => {
    const { plan, done } = await planThenRun(mcp, 'k8s_delete', { kind: 'secret', name: 'api-token', namespace: NS });
    expect((plan.structuredContent as any).diff).toMatch(/-\s+token: <redacted \d+ bytes>/);
    for (const res of [plan, done]) {
      expect(everything(res)).not.toContain(token);
      expect(everything(res)).not.toContain(Buffer.from(token).toString('base64'));
    }
    expect(await adminGet(['secret', 'api-token', '-n', NS])).toBeUndefined();
  });

  it('says a pod with a controller comes back, and names finalizers', async () => {
    const pod = JSON.parse(await admin(['get', 'pods', '-n', NS, '-l', 'app=api', '-o', 'json'])).items[0];
    const owner = pod.metadata.ownerReferences[0].name;
    const podPlan = await mcp.call('k8s_delete', { kind: 'pod', name: pod.metadata.name, namespace: NS });
    expect((podPlan.structuredContent as any).warnings).toEqual([
      `Pod ${pod.metadata.name} is managed by ReplicaSet ${owner}, which will likely create a replacement`,
    ]);
    const held = await mcp.call('k8s_delete', { kind: 'configmap', name: 'held', namespace: NS });
    expect((held.structuredContent as any).warnings).toEqual([
      'ConfigMap held: pods that use it (environment or volume) fail to start until it exists again',
      'ConfigMap held has finalizers (h4.example.com/hold): it stays Terminating until their controllers finish',
    ]);
  });

  it('says clearly when the object does not exist', async () => {
    const res = await mcp.call('k8s_delete', { kind: 'configmap', name: 'nope', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(`ConfigMap nope not found in namespace ${NS}; k8s_get lists what exists`);
  });

  it('refuses Namespaces: cluster-wide outside admin mode, and a denied kind even in admin mode', async () => {
    const editorRes = await mcp.call('k8s_delete', { kind: 'namespace', name: NS });
    expect(textOf(editorRes)).toBe(`refused: delete Namespace ${NS} is a cluster-wide change, which needs admin mode`);
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sDelete], plans: true, config: testConfig({ mode: 'admin' }) });
    try {
      expect(textOf(await asAdmin.call('k8s_delete', { kind: 'namespace', name: NS }))).toBe(
        'refused: Drover is configured never to delete Namespace objects',
      );
      expect(textOf(await asAdmin.call('k8s_delete', { kind: 'node', name: 'kwok-node-1' }))).toBe(
        'refused: Drover is configured never to delete Node objects',
      );
    } finally {
      await asAdmin.close();
    }
    expect(await adminGet(['namespace', NS])).toBeDefined();
  });

  it('refuses a protected namespace, whoever asks', async () => {
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sDelete], plans: true });
    try {
      const res = await asAdmin.call('k8s_delete', { kind: 'configmap', name: 'kube-root-ca.crt', namespace: 'kube-system' });
      expect(textOf(res)).toBe(
        'refused: delete ConfigMap kube-root-ca.crt in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
    } finally {
      await asAdmin.close();
    }
  });

  it('lets the API server deny a viewer at plan time', async () => {
    const viewer = await connect({ identity: VIEWER, tools: [k8sDelete], plans: true });
    try {
      const res = await viewer.call('k8s_delete', { kind: 'service', name: 'web', namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/User "viewer" cannot delete resource "services" in API group "" in the namespace "h4-delete"/);
    } finally {
      await viewer.close();
    }
    expect(await adminGet(['service', 'web', '-n', NS])).toBeDefined();
  });
});
