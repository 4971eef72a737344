import { deployment } from '../../../tests/cluster';
import { k8sPatch } from '../../src/tools/k8s/patch';
import { ADMIN, connect, EDITOR, textOf, VIEWER, type Connected } from '../support/harness';
import { adminGet, editableNamespace, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-patch';
let mcp: Connected;

beforeAll(async () => {
  // Applied with force by the harness on every run, so each run starts from these exact values.
  await editableNamespace(NS, [
    deployment({ name: 'web', namespace: NS, replicas: 1 }),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: NS, labels: { tier: 'web' } },
      data: { LOG_LEVEL: 'info' },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS }, stringData: { password: 'unused' } },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: 'h4-logs', namespace: NS },
      spec: { logs: [{ containers: ['app'], logsFile: '/dev/null' }] },
    },
  ]);
  mcp = await connect({ identity: EDITOR, tools: [k8sPatch], plans: true });
});
afterAll(() => mcp.close());

describe('k8s_patch', () => {
  it('plans a strategic patch as a diff from a server-side dry run, then patches', async () => {
    const args = {
      kind: 'deployment',
      name: 'web',
      namespace: NS,
      patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
    };
    const { plan, done } = await planThenRun(mcp, 'k8s_patch', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(
      `kubectl patch deployments.apps web --namespace=${NS} --type=strategic '--patch={"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'`,
    );
    expect(view.diff).toMatch(/-\s+- image: nginx:1\.27\n\+\s+- image: nginx:1\.28/);
    expect(view.warnings).toEqual(['Deployment web: the pod template changes, so every pod is replaced (rolling update)']);
    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toBe('deployment.apps/web patched');
    expect(done.structuredContent).toMatchObject({ kind: 'change', objects: [{ kind: 'Deployment', name: 'web', namespace: NS }] });
    expect((await adminGet(['deployment', 'web', '-n', NS])).spec.template.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('accepts the patch as a JSON string', async () => {
    const args = { kind: 'configmap', name: 'settings', namespace: NS, patch: '{"data":{"LOG_LEVEL":"debug"}}' };
    const { plan, done } = await planThenRun(mcp, 'k8s_patch', args);
    expect((plan.structuredContent as any).diff).toMatch(/-\s+LOG_LEVEL: info\n\+\s+LOG_LEVEL: debug/);
    expect(done.isError).toBeFalsy();
    expect((await adminGet(['configmap', 'settings', '-n', NS])).data.LOG_LEVEL).toBe('debug');
  });

  it('takes a list of operations as a JSON patch', async () => {
    const args = { kind: 'configmap', name: 'settings', namespace: NS, patch: [{ op: 'remove', path: '/metadata/labels/tier' }] };
    const { plan, done } = await planThenRun(mcp, 'k8s_patch', args);
    expect((plan.structuredContent as any).command).toContain('--type=json');
    expect((plan.structuredContent as any).diff).toMatch(/-\s+tier: web/);
    expect(done.isError).toBeFalsy();
    expect((await adminGet(['configmap', 'settings', '-n', NS])).metadata.labels).toBeUndefined();
  });

  it('uses a merge patch for custom resources, which do not support strategic ones', async () => {
    const admin = await connect({ identity: ADMIN, tools: [k8sPatch], plans: true });
    try {
      const args = {
        kind: 'logs.kwok.x-k8s.io',
        name: 'h4-logs',
        namespace: NS,
        patch: { spec: { logs: [{ containers: ['app', 'sidecar'], logsFile: '/dev/null' }] } },
      };
      const { plan, done } = await planThenRun(admin, 'k8s_patch', args);
      expect((plan.structuredContent as any).command).toContain('--type=merge');
      expect(done.isError).toBeFalsy();
      expect((await adminGet(['logs.kwok.x-k8s.io', 'h4-logs', '-n', NS])).spec.logs[0].containers).toEqual(['app', 'sidecar']);
    } finally {
      await admin.close();
    }
  });

  it('says when a patch changes nothing', async () => {
    const res = await mcp.call('k8s_patch', { kind: 'deployment', name: 'web', namespace: NS, patch: { spec: { replicas: 1 } } });
    expect((res.structuredContent as any).warnings).toEqual(['the patch changes nothing in Deployment web']);
  });

  it.each([
    ['a patch that is not JSON', { kind: 'configmap', name: 'settings', patch: '{"data":' }, 'the patch is not valid JSON'],
    [
      'operations without type json',
      { kind: 'configmap', name: 'settings', type: 'merge', patch: [{ op: 'remove', path: '/data' }] },
      'a merge patch is an object such as {"spec":{"replicas":3}}; a list of operations needs type=json',
    ],
    [
      'a JSON patch that is not operations',
      { kind: 'configmap', name: 'settings', type: 'json', patch: { data: {} } },
      'a json patch is a list of operations such as [{"op":"replace","path":"/spec/replicas","value":3}]',
    ],
    [
      'a missing object',
      { kind: 'deployment', name: 'nope', patch: { spec: { replicas: 2 } } },
      `Deployment nope not found in namespace ${NS}; k8s_get lists what exists`,
    ],
    [
      'a Secret',
      { kind: 'secret', name: 'creds', patch: { stringData: { password: 'x' } } },
      'patching a Secret would put its values on the command line; use k8s_apply with only the keys to change (values stay hidden)',
    ],
  ])('rejects %s clearly', async (_what, args, message) => {
    const res = await mcp.call('k8s_patch', { namespace: NS, ...args });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(message);
  });

  it('refuses protected namespaces and cluster-wide kinds outside admin mode', async () => {
    const admin = await connect({ identity: ADMIN, tools: [k8sPatch], plans: true });
    try {
      const system = await admin.call('k8s_patch', {
        kind: 'configmap',
        name: 'kube-root-ca.crt',
        namespace: 'kube-system',
        patch: { data: {} },
      });
      expect(textOf(system)).toBe(
        'refused: patch ConfigMap kube-root-ca.crt in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
      const node = await admin.call('k8s_patch', { kind: 'node', name: 'kwok-node-1', patch: { metadata: { labels: { h4: 'x' } } } });
      expect(textOf(node)).toBe('refused: patch Node kwok-node-1 is a cluster-wide change, which needs admin mode');
    } finally {
      await admin.close();
    }
  });

  it('lets the API server deny a viewer at plan time', async () => {
    const viewer = await connect({ identity: VIEWER, tools: [k8sPatch], plans: true });
    try {
      const res = await viewer.call('k8s_patch', { kind: 'deployment', name: 'web', namespace: NS, patch: { spec: { replicas: 3 } } });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "h4-patch"/);
    } finally {
      await viewer.close();
    }
    expect((await adminGet(['deployment', 'web', '-n', NS])).spec.replicas).toBe(1);
  });
});
