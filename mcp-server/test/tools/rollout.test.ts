import { deployment, waitForDeployments } from '../../../tests/cluster';
import { CONFIRMATION_META_KEY } from '../../src/policy/plans';
import { k8sRollout } from '../../src/tools/k8s/rollout';
import { k8sRolloutStatus } from '../../src/tools/k8s/rollout-status';
import { ADMIN, cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { admin, adminGet, editableNamespace, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-rollout';
const RESTART_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
const statefulSet = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: NS },
  spec: {
    replicas: 1,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
  },
});
let mcp: Connected;

beforeAll(async () => {
  // Revision numbers matter here: every run starts from workloads with a fresh history.
  await admin([
    'delete',
    'deployment/web',
    'deployment/api',
    'deployment/solo',
    'deployment/worker',
    'statefulset/db',
    '-n',
    NS,
    '--ignore-not-found',
  ]);
  await editableNamespace(NS, [
    deployment({ name: 'web', namespace: NS, replicas: 2 }),
    deployment({ name: 'api', namespace: NS }),
    deployment({ name: 'solo', namespace: NS }),
    deployment({ name: 'worker', namespace: NS }),
    statefulSet('db', 'postgres:16'),
  ]);
  await waitForDeployments(cluster, [NS]);
  mcp = await connect({ identity: EDITOR, tools: [k8sRollout, k8sRolloutStatus], plans: true });
});
afterAll(() => mcp.close());

const template = async (kind: string, name: string) => (await adminGet([kind, name, '-n', NS])).spec.template;

describe('k8s_rollout_status', () => {
  it('reports status without asking for confirmation', async () => {
    const res = await mcp.call('k8s_rollout_status', { action: 'status', name: 'web', namespace: NS });
    expect(res.isError).toBeFalsy();
    expect(res._meta?.[CONFIRMATION_META_KEY]).toBeUndefined();
    expect(textOf(res)).toBe('deployment "web" successfully rolled out');
    expect(res.structuredContent).toMatchObject({ kind: 'text', title: 'Rollout status of Deployment web' });
    expect(
      mcp
        .audit()
        .filter((e) => e.tool === 'k8s_rollout_status')
        .pop(),
    ).toMatchObject({ phase: 'read', result: 'ok' });
  });

  it('reports status when no action is given', async () => {
    expect(textOf(await mcp.call('k8s_rollout_status', { name: 'web', namespace: NS }))).toBe('deployment "web" successfully rolled out');
  });

  it('reports an unfinished rollout without blocking', async () => {
    await admin([
      'patch',
      'deployment/solo',
      '-n',
      NS,
      '-p',
      '{"spec":{"template":{"metadata":{"annotations":{"drover.test/fault":"image-pull"}}}}}',
    ]);
    const started = Date.now();
    const res = await mcp.call('k8s_rollout_status', { action: 'status', name: 'solo', namespace: NS });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(textOf(res)).toMatch(/^Waiting for deployment "solo" rollout to finish: .*\n\(still in progress after 3 s; ask again later\)$/);
  });

  it('is offered in read-only mode, where k8s_rollout is not', async () => {
    const readOnly = await connect({ identity: VIEWER, config: testConfig({ mode: 'read-only' }) });
    try {
      const tools = (await readOnly.client.listTools()).tools;
      expect(tools.find((t) => t.name === 'k8s_rollout_status')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(tools.map((t) => t.name)).not.toContain('k8s_rollout');
    } finally {
      await readOnly.close();
    }
  });

  it('shows the history as untrusted data, to a viewer too', async () => {
    const viewer = await connect({ identity: VIEWER, tools: [k8sRolloutStatus] });
    try {
      const res = await viewer.call('k8s_rollout_status', { action: 'history', name: 'web', namespace: NS });
      expect(res.isError).toBeFalsy();
      expect(textOf(res)).toMatch(/untrusted data from the cluster[\s\S]*REVISION\s+CHANGE-CAUSE\n1\s+<none>/);
    } finally {
      await viewer.close();
    }
  });
});

describe('k8s_rollout changes', () => {
  it('takes only changes: status and history are k8s_rollout_status', async () => {
    const res = await mcp.call('k8s_rollout', { action: 'status', name: 'web', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('Invalid option: expected one of "restart"|"undo"|"pause"|"resume" at action');
  });

  it('restarts a deployment: the plan changes nothing, the run sets the template annotation', async () => {
    const args = { action: 'restart', name: 'web', namespace: NS };
    const plan = await mcp.call('k8s_rollout', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(`kubectl rollout restart deployments.apps/web --namespace=${NS}`);
    expect(view.diff).toMatch(new RegExp(`\\+\\s+${RESTART_ANNOTATION.replace(/\./g, '\\.')}: "?\\d{4}-`));
    expect(view.warnings).toEqual(['Deployment web: all 2 pods are replaced, a few at a time (rolling update)']);
    expect((await template('deployment', 'web')).metadata.annotations?.[RESTART_ANNOTATION]).toBeUndefined();
    const done = await mcp.call('k8s_rollout', args, { [CONFIRMATION_META_KEY]: plan._meta?.[CONFIRMATION_META_KEY] });
    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toBe('deployment.apps/web restarted');
    expect((await template('deployment', 'web')).metadata.annotations?.[RESTART_ANNOTATION]).toMatch(/^\d{4}-/);
  });

  it('undoes a deployment back to revision 1, naming its image', async () => {
    await admin(['set', 'image', 'deployment/api', 'api=nginx:1.28', '-n', NS]);
    await admin(['rollout', 'status', 'deployment/api', '-n', NS, '--timeout=60s']);
    const args = { action: 'undo', name: 'api', namespace: NS, toRevision: 1 };
    const plan = await mcp.call('k8s_rollout', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(`kubectl rollout undo deployments.apps/api --namespace=${NS} --to-revision=1`);
    expect(view.diff).toMatch(/-\s+- image: nginx:1\.28\n\+\s+- image: nginx:1\.27/);
    expect(view.diff).not.toContain('pod-template-hash');
    expect(view.warnings).toEqual([
      'Deployment api goes back to revision 1 (api=nginx:1.27)',
      'Deployment api: its pod is replaced (rolling update)',
    ]);
    expect((await template('deployment', 'api')).spec.containers[0].image).toBe('nginx:1.28');
    const done = await mcp.call('k8s_rollout', args, { [CONFIRMATION_META_KEY]: plan._meta?.[CONFIRMATION_META_KEY] });
    expect(done.isError).toBeFalsy();
    expect((await template('deployment', 'api')).spec.containers[0].image).toBe('nginx:1.27');
  });

  it('undoes a StatefulSet to its previous revision by default', async () => {
    await admin(['set', 'image', 'statefulset/db', 'db=postgres:17', '-n', NS]);
    await admin(['rollout', 'status', 'statefulset/db', '-n', NS, '--timeout=60s']);
    const { plan, done } = await planThenRun(mcp, 'k8s_rollout', { action: 'undo', kind: 'statefulset', name: 'db', namespace: NS });
    expect((plan.structuredContent as any).command).toBe(`kubectl rollout undo statefulsets.apps/db --namespace=${NS} --to-revision=1`);
    expect((plan.structuredContent as any).warnings[0]).toBe('StatefulSet db goes back to revision 1 (db=postgres:16)');
    expect(done.isError).toBeFalsy();
    expect((await template('statefulset', 'db')).spec.containers[0].image).toBe('postgres:16');
  });

  it('pauses and resumes a deployment, refusing what would not change anything', async () => {
    const pause = await planThenRun(mcp, 'k8s_rollout', { action: 'pause', name: 'worker', namespace: NS });
    expect((pause.plan.structuredContent as any).diff).toMatch(/\+\s+paused: true/);
    expect(textOf(pause.done)).toBe('deployment.apps/worker paused');
    expect((await adminGet(['deployment', 'worker', '-n', NS])).spec.paused).toBe(true);

    expect(textOf(await mcp.call('k8s_rollout', { action: 'pause', name: 'worker', namespace: NS }))).toBe(
      'Deployment worker is already paused',
    );
    expect(textOf(await mcp.call('k8s_rollout', { action: 'restart', name: 'worker', namespace: NS }))).toBe(
      'Deployment worker is paused; resume it first (action=resume)',
    );

    const resume = await planThenRun(mcp, 'k8s_rollout', { action: 'resume', name: 'worker', namespace: NS });
    expect((resume.plan.structuredContent as any).diff).toMatch(/-\s+paused: true/);
    expect(resume.done.isError).toBeFalsy();
    expect((await adminGet(['deployment', 'worker', '-n', NS])).spec.paused).toBeUndefined();
  });

  it.each([
    [{ action: 'undo', name: 'worker' }, 'Deployment worker has only one revision: there is nothing to go back to'],
    [{ action: 'undo', name: 'worker', toRevision: 9 }, 'Deployment worker has no revision 9; its revisions are 1'],
    [{ action: 'restart', name: 'web', toRevision: 1 }, 'toRevision is only for action=undo'],
    [{ action: 'pause', kind: 'statefulset', name: 'db' }, 'only Deployments can be paused and resumed'],
    [{ action: 'restart', name: 'nope' }, `Deployment nope not found in namespace ${NS}; k8s_get lists what exists`],
  ])('rejects %j clearly', async (args, message) => {
    const res = await mcp.call('k8s_rollout', { namespace: NS, ...args });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(message);
  });

  it('refuses a protected namespace and lets the API server deny a viewer at plan time', async () => {
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sRollout], plans: true });
    const viewer = await connect({ identity: VIEWER, tools: [k8sRollout], plans: true });
    try {
      const system = await asAdmin.call('k8s_rollout', { action: 'restart', name: 'coredns', namespace: 'kube-system' });
      expect(textOf(system)).toBe(
        'refused: patch Deployment coredns in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
      const denied = await viewer.call('k8s_rollout', { action: 'restart', name: 'web', namespace: NS });
      expect(denied.isError).toBe(true);
      expect(textOf(denied)).toMatch(/User "viewer" cannot patch resource "deployments" in API group "apps"/);
    } finally {
      await asAdmin.close();
      await viewer.close();
    }
  });
});
