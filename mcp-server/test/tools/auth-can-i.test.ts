// k8s_auth_can_i asks the API server as the user; every answer is checked against kubectl auth can-i --as the same user
// (or against the real request), so the harness's viewer and editor get different, true answers.
import { runKubectl } from '../../../tests/cluster';
import { k8sAuthCanI } from '../../src/tools/k8s/auth-can-i';
import { cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = cluster.editorNamespace;
let viewer: Connected;
let editor: Connected;

/** kubectl's own answer for that user, asked by the admin with impersonation. */
async function kubectlCanI(user: string, args: string[]): Promise<'yes' | 'no'> {
  const res = await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['auth', 'can-i', ...args, `--as=${user}`]);
  return res.stdout.trim() === 'yes' ? 'yes' : 'no';
}

const answer = (text: string) => text.split(':')[0];

beforeAll(async () => {
  // Read-only mode: asking is a read, offered and run without approval.
  viewer = await connect({ identity: VIEWER, tools: [k8sAuthCanI], config: testConfig({ mode: 'read-only' }) });
  editor = await connect({ identity: EDITOR, tools: [k8sAuthCanI], config: testConfig({ mode: 'read-only' }) });
});
afterAll(async () => {
  await viewer.close();
  await editor.close();
});

describe('k8s_auth_can_i: one question', () => {
  it.each([
    ['create', 'deployments.apps', ['create', 'deployments.apps', '-n', NS]],
    ['delete', 'configmaps', ['delete', 'configmaps', '-n', NS]],
    ['get', 'pods/log', ['get', 'pods', '--subresource=log', '-n', NS]],
    ['create', 'pods/exec', ['create', 'pods', '--subresource=exec', '-n', NS]],
    ['list', 'secrets', ['list', 'secrets', '-n', NS]],
  ])('answers "%s %s" in a namespace as kubectl does, for the viewer and the editor', async (verb, resource, kubectlArgs) => {
    for (const [who, mcp] of [
      ['viewer', viewer],
      ['editor', editor],
    ] as const) {
      const res = await mcp.call('k8s_auth_can_i', { verb, resource, namespace: NS });
      expect(res.isError).toBeFalsy();
      expect(answer(textOf(res))).toBe(await kubectlCanI(who, kubectlArgs));
    }
  });

  it('gives different answers to the viewer and the editor, with the reason the API server gives', async () => {
    const asViewer = await viewer.call('k8s_auth_can_i', { verb: 'create', resource: 'deploy', namespace: NS });
    const asEditor = await editor.call('k8s_auth_can_i', { verb: 'create', resource: 'deploy', namespace: NS });
    expect(textOf(asViewer)).toBe(`no: the user may not create deployments.apps in namespace ${NS}`);
    expect(textOf(asEditor)).toBe(
      `yes: the user may create deployments.apps in namespace ${NS}\nReason: RBAC: allowed by RoleBinding "drover-test:editor/${NS}" of ClusterRole "edit" to User "editor"`,
    );
    expect(asEditor.structuredContent).toMatchObject({ kind: 'text', title: `Can I create deployments.apps in namespace ${NS}?` });
    const entry = editor
      .audit()
      .filter((e) => e.tool === 'k8s_auth_can_i')
      .pop()!;
    expect(entry).toMatchObject({
      phase: 'read',
      result: 'ok',
      commands: [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '--filename=-']],
    });
  });

  it('asks about every namespace when none is given', async () => {
    const res = await editor.call('k8s_auth_can_i', { verb: 'create', resource: 'deployments.apps' });
    expect(textOf(res)).toBe('no: the user may not create deployments.apps in every namespace');
    expect(await kubectlCanI('editor', ['create', 'deployments.apps', '--all-namespaces'])).toBe('no');
  });

  it('counts a Namespace as inside itself, as the real request is judged', async () => {
    const res = await editor.call('k8s_auth_can_i', { verb: 'get', resource: 'namespaces', name: NS });
    expect(textOf(res)).toMatch(new RegExp(`^yes: the user may get namespaces ${NS}\n`));
    const real = await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'namespace', NS, '--as=editor', '-o', 'name']);
    expect(real.stdout.trim()).toBe(`namespace/${NS}`);
    const other = await editor.call('k8s_auth_can_i', { verb: 'get', resource: 'namespaces', name: 'default' });
    expect(textOf(other)).toBe('no: the user may not get namespaces default');
  });

  it('resolves names through discovery, as the rest of Drover does (users are Rancher users here)', async () => {
    const res = await viewer.call('k8s_auth_can_i', { verb: 'list', resource: 'users' });
    expect(textOf(res)).toBe('no: the user may not list users.management.cattle.io');
    expect(await kubectlCanI('viewer', ['list', 'users.management.cattle.io'])).toBe('no');
  });

  it('says when a namespace does not apply to a cluster-scoped kind', async () => {
    const res = await viewer.call('k8s_auth_can_i', { verb: 'list', resource: 'namespaces', namespace: NS });
    expect(textOf(res)).toMatch(/^yes: the user may list namespaces \(Namespace is cluster-scoped: the namespace does not apply\)\n/);
    expect(await kubectlCanI('viewer', ['list', 'namespaces'])).toBe('yes');
  });
});

describe('k8s_auth_can_i: everything in a namespace', () => {
  /** The verbs the table gives a resource (in rows without resource names). */
  function verbsOf(view: any, resource: string): string[] {
    const row = view.rows.find((r: any) => r.cells[1] === '' && r.cells[2].split(',').includes(resource));
    return row ? row.cells[0].split(',') : [];
  }

  it('lists what each user may do, as kubectl auth can-i answers each action', async () => {
    const checks: [string, string][] = [
      ['create', 'pods'],
      ['get', 'pods'],
      ['delete', 'deployments.apps'],
      ['update', 'configmaps'],
      ['list', 'secrets'],
    ];
    for (const [who, mcp] of [
      ['viewer', viewer],
      ['editor', editor],
    ] as const) {
      const res = await mcp.call('k8s_auth_can_i', { namespace: NS });
      expect(res.isError).toBeFalsy();
      const view = res.structuredContent as any;
      expect(view).toMatchObject({ kind: 'table', columns: ['VERBS', 'RESOURCE NAMES', 'RESOURCES'], truncated: false });
      for (const [verb, resource] of checks) {
        const listed = verbsOf(view, resource).some((v) => v === verb || v === '*');
        expect([who, verb, resource, listed ? 'yes' : 'no']).toEqual([
          who,
          verb,
          resource,
          await kubectlCanI(who, [verb, resource, '-n', NS]),
        ]);
      }
      expect(verbsOf(view, '/healthz')).toEqual(['get']);
      expect(verbsOf(view, 'deployments.apps/scale')).toEqual(verbsOf(view, 'deployments.apps'));
      expect(textOf(res)).toMatch(new RegExp(`^What the user may do in namespace ${NS} \\(cluster-wide rights included\\):\nVERBS`));
    }
  });
});

describe('k8s_auth_can_i: bad input', () => {
  it.each([
    [{ verb: 'get' }, 'give both verb and resource to check one action, or only a namespace to list what the user may do there'],
    [
      { resource: 'pods', namespace: NS },
      'give both verb and resource to check one action, or only a namespace to list what the user may do there',
    ],
    [{}, 'give verb and resource to check one action, or a namespace to list what the user may do there'],
    [{ namespace: NS, name: 'web' }, 'name needs verb and resource too'],
    [
      { verb: 'get', resource: 'frobnicators' },
      'the cluster has no resource type "frobnicators"; k8s_api_resources lists the types it serves',
    ],
  ])('refuses %j with a clear reason', async (args, message) => {
    const res = await viewer.call('k8s_auth_can_i', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(message);
  });

  it.each([
    [{ verb: '--as=admin', resource: 'pods' }, 'verb'],
    [{ verb: 'get', resource: 'pods --as=admin' }, 'resource'],
    [{ verb: 'get', resource: 'pods/log/extra' }, 'resource'],
    [{ verb: 'get', resource: 'pods', namespace: '-A' }, 'namespace'],
  ])('never lets %j become a flag', async (args, field) => {
    const res = await viewer.call('k8s_auth_can_i', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(field);
    const last = viewer
      .audit()
      .filter((e) => e.tool === 'k8s_auth_can_i')
      .pop();
    expect(JSON.stringify(last?.commands ?? [])).not.toContain('--as');
  });
});
