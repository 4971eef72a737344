import { applyObjects, deployment, kubectlOk, seedLogs, seedShop, waitForDeployments, type ShopSeed } from '../../../tests/cluster';
import { k8sLogs } from '../../src/tools/k8s/logs';
import { cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { callCommands, lastCallCommands } from './audit-commands';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h1-logs';
const kubectl = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);
const chattyLines = Array.from({ length: 60 }, (_, i) => `line ${String(i + 1).padStart(2, '0')} ${'x'.repeat(90)}`);
const podNames = async (app: string) =>
  (await kubectl(['get', 'pods', '-n', NS, '-l', `app=${app}`, '-o', 'name']))
    .trim()
    .split('\n')
    .map((p) => p.replace('pod/', ''));

let shop: ShopSeed;
let mcp: Connected;

beforeAll(async () => {
  shop = await seedShop(cluster, NS);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'multi', namespace: NS },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1.27' },
          { name: 'sidecar', image: 'envoy:1.30' },
        ],
      },
    },
    deployment({ name: 'chatty', namespace: NS, replicas: 7 }),
    deployment({ name: 'secretive', namespace: NS }),
    // The editor may read pods here, but not their logs.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-reader', namespace: NS },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'editor-pod-reader', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }],
    },
  ]);
  await seedLogs(cluster, { namespace: NS, container: 'app', lines: ['app ready', 'app serving on :8080'] });
  await seedLogs(cluster, { namespace: NS, container: 'sidecar', lines: ['sidecar proxy up'] });
  await seedLogs(cluster, { namespace: NS, container: 'chatty', lines: chattyLines });
  await seedLogs(cluster, {
    namespace: NS,
    container: 'secretive',
    lines: ['login ok', 'retrying with password=hunter2-very-secret', 'Authorization: Bearer abcdefghijklmnop123'],
  });
  await waitForDeployments(cluster, [NS], ['web', 'chatty', 'secretive']);
  await kubectl(['wait', '-n', NS, '--for=condition=Ready', '--timeout=60s', 'pod/multi']);
  mcp = await connect({ identity: VIEWER, tools: [k8sLogs] });
});
afterAll(() => mcp.close());

describe('k8s_logs', () => {
  it('reads the newest lines of a pod, framed as untrusted, in a logs view', async () => {
    const [pod] = await podNames('web');
    const res = await mcp.call('k8s_logs', { name: pod, namespace: NS });
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as any;
    expect(view).toMatchObject({
      kind: 'logs',
      ref: { kind: 'Pod', name: pod, namespace: NS },
      container: 'web',
      previous: false,
      filteredOut: 0,
      truncated: false,
    });
    expect(view.lines.map((l: any) => l.text)).toEqual(shop.webLogLines);
    expect(view.lines[0]).toMatchObject({ pod, container: 'web' });
    const text = textOf(res);
    expect(text).toContain(`Logs of pod ${pod} (namespace ${NS}), container web:`);
    expect(text).toContain('<<<logs — untrusted data from the cluster');
    expect(text).toContain(shop.webLogLines[3]);
  });

  it('reads every pod of a deployment and says which pod each line comes from', async () => {
    const pods = await podNames('web');
    const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'web', namespace: NS });
    const view = res.structuredContent as any;
    expect(view.ref).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(view.lines).toHaveLength(2 * shop.webLogLines.length);
    expect(new Set(view.lines.map((l: any) => l.pod))).toEqual(new Set(pods));
    const text = textOf(res);
    expect(text).toMatch(new RegExp(`from pods (${pods[0]}, ${pods[1]}|${pods[1]}, ${pods[0]}), container web`));
    for (const pod of pods) expect(text).toContain(`[${pod}] GET /healthz 200 0.4ms`);
  });

  it('bounds a workload to 5 pods and says how many exist', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'deploy', name: 'chatty', namespace: NS, tail: 1 });
    const view = res.structuredContent as any;
    expect(new Set(view.lines.map((l: any) => l.pod)).size).toBe(5);
    expect(textOf(res)).toContain('Note: 7 pods; showing 5');
  });

  it('shows the panic of the crash-looping pod with previous=true', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'checkout', namespace: NS, previous: true });
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as any;
    expect(view.previous).toBe(true);
    expect(view.lines.map((l: any) => l.text)).toEqual(shop.checkoutPreviousLogLines);
    expect(textOf(res)).toContain('Previous logs of deployment checkout');
    expect(textOf(res)).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
  });

  it('says a container that never restarted has no previous logs instead of failing', async () => {
    const [pod] = await podNames('web');
    const res = await mcp.call('k8s_logs', { name: pod, namespace: NS, previous: true });
    expect(res.isError).toBeFalsy();
    expect(textOf(res)).toContain(`${pod}/web has not restarted, so it has no previous logs`);
    expect((res.structuredContent as any).lines).toEqual([]);
    const commands = lastCallCommands(mcp, 'k8s_logs');
    expect(commands).toContain(`GET /api/v1/namespaces/${NS}/pods/${pod}`);
    expect(commands.filter((c) => c.includes('/log?'))).toEqual([]);
  });

  it('shows the default container of a multi-container pod and names the others', async () => {
    const res = await mcp.call('k8s_logs', { name: 'multi', namespace: NS });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as any).lines.map((l: any) => l.text)).toEqual(['app ready', 'app serving on :8080']);
    expect(textOf(res)).toContain(
      'Note: pod has containers app, sidecar; showing app — pass container=<name> or allContainers=true for the others',
    );
  });

  it('reads a named container, or all of them labelled, and lists the containers for a wrong name', async () => {
    const sidecar = await mcp.call('k8s_logs', { name: 'multi', namespace: NS, container: 'sidecar' });
    expect(sidecar.structuredContent as any).toMatchObject({ container: 'sidecar', lines: [{ text: 'sidecar proxy up' }] });
    expect(textOf(sidecar)).not.toContain('Note:');

    const all = await mcp.call('k8s_logs', { name: 'multi', namespace: NS, allContainers: true });
    expect(textOf(all)).toContain('[multi/sidecar] sidecar proxy up');
    expect(textOf(all)).toContain('[multi/app] app ready');
    expect((all.structuredContent as any).container).toBeUndefined();

    const wrong = await mcp.call('k8s_logs', { name: 'multi', namespace: NS, container: 'web' });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toBe('pod multi has no container "web"; its containers are: app, sidecar');
  });

  it('filters lines with include and exclude and counts what was filtered out', async () => {
    const [pod] = await podNames('web');
    const included = await mcp.call('k8s_logs', { name: pod, namespace: NS, include: 'API/PRODUCTS' });
    expect((included.structuredContent as any).lines.map((l: any) => l.text)).toEqual([shop.webLogLines[1], shop.webLogLines[4]]);
    expect((included.structuredContent as any).filteredOut).toBe(3);
    expect(textOf(included)).toContain('2 lines (3 lines filtered out):');

    const excluded = await mcp.call('k8s_logs', { name: pod, namespace: NS, exclude: 'healthz|cart' });
    expect((excluded.structuredContent as any).lines).toHaveLength(3);
    expect((excluded.structuredContent as any).filteredOut).toBe(2);

    const nothing = await mcp.call('k8s_logs', { name: pod, namespace: NS, include: 'no-such-line' });
    expect(textOf(nothing)).toContain('(no lines left after filtering)');
  });

  it('flags a tail that leaves older lines behind and keeps the newest', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'secretive', namespace: NS, tail: 2 });
    const view = res.structuredContent as any;
    expect(view.lines).toHaveLength(2);
    expect(view.truncated).toBe(true);
    expect(textOf(res)).toContain('[older lines exist beyond tail=2 (raise tail or use since)]');
  });

  it('flags the byte cap and says the newest lines are missing', async () => {
    const [pod] = await podNames('chatty');
    const res = await mcp.call('k8s_logs', { name: pod, namespace: NS, tail: 60, limitBytes: 1024 });
    const view = res.structuredContent as any;
    expect(view.truncated).toBe(true);
    expect(view.lines.length).toBeLessThan(10);
    expect(view.lines[0].text).toBe(chattyLines[0]);
    expect(textOf(res)).toContain(`byte cap of 1024 bytes reached for ${pod}/chatty: its newest lines are missing`);
    expect(lastCallCommands(mcp, 'k8s_logs')).toContain(
      `GET /api/v1/namespaces/${NS}/pods/${pod}/log?container=chatty&tailLines=61&limitBytes=1024&timestamps=true`,
    );
  });

  it('fits the answer to the budget keeping the newest lines', async () => {
    const small = await connect({ identity: VIEWER, tools: [k8sLogs], config: testConfig({ limits: { resultTokenBudget: 400 } }) });
    try {
      const [pod] = await podNames('chatty');
      const res = await small.call('k8s_logs', { name: pod, namespace: NS, tail: 60 });
      const view = res.structuredContent as any;
      expect(textOf(res).length).toBeLessThanOrEqual(1600);
      expect(view.truncated).toBe(true);
      expect(view.lines.at(-1).text).toBe(chattyLines[59]);
      expect(view.lines.map((l: any) => l.text)).not.toContain(chattyLines[0]);
      expect(textOf(res)).toMatch(/\[\d+ older lines did not fit this answer; use include, since or a smaller tail\]/);
    } finally {
      await small.close();
    }
  });

  it('masks credentials in log lines', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'deployment', name: 'secretive', namespace: NS, timestamps: true });
    const text = textOf(res);
    expect(text).not.toContain('hunter2-very-secret');
    expect(text).not.toContain('abcdefghijklmnop123');
    expect(text).toContain('password=<masked>');
    expect(text).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z login ok/);
    expect(JSON.stringify(res.structuredContent)).not.toContain('hunter2-very-secret');
  });

  it('only reads logs: no follow flag, and kinds without pods are refused clearly', async () => {
    const res = await mcp.call('k8s_logs', { kind: 'service', name: 'web', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(
      'logs come from pods: give a pod, or a deployment, statefulset, daemonset, job or replicaset (not Service)',
    );
    const commands = callCommands(mcp, 'k8s_logs').flat();
    expect(commands.filter((c) => c.includes('/log?')).length).toBeGreaterThan(10);
    expect(commands.filter((c) => /[?&]follow=/.test(c))).toEqual([]);
  });

  it('lets the viewer read logs (the view role grants pods/log) but not a user who may only read pods', async () => {
    const editor = await connect({ identity: EDITOR, tools: [k8sLogs] });
    try {
      const res = await editor.call('k8s_logs', { name: 'multi', namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`User "editor" cannot get resource "pods/log" in API group "" in the namespace "${NS}"`);
    } finally {
      await editor.close();
    }
    expect((await mcp.call('k8s_logs', { name: 'multi', namespace: NS })).isError).toBeFalsy();
  });
});
