import { deployment, waitForDeployments } from '../../../tests/cluster';
import { CallCancelled } from '../../src/errors';
import { commandExit, withDeadline } from '../../src/kube/pod-exec';
import { createRuntime } from '../../src/runtime-factory';
import type { ToolContext } from '../../src/runtime';
import { k8sExec } from '../../src/tools/k8s/exec';
import { k8sGet } from '../../src/tools/k8s/get';
import { ADMIN, cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { admin, editableNamespace, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-exec';
const execConfig = () => testConfig({ policy: { allowExec: true } });
let mcp: Connected;

const podOf = async (app: string): Promise<string> =>
  JSON.parse(await admin(['get', 'pods', '-n', NS, '-l', `app=${app}`, '-o', 'json'])).items[0].metadata.name;

beforeAll(async () => {
  const duo: any = deployment({ name: 'duo', namespace: NS });
  duo.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'sidecar' };
  duo.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36' });
  await editableNamespace(NS, [
    deployment({ name: 'web', namespace: NS }),
    duo,
    deployment({ name: 'stuck', namespace: NS, nodeSelector: { disktype: 'ssd' } }),
  ]);
  await waitForDeployments(cluster, [NS], ['web', 'duo']);
  mcp = await connect({ identity: EDITOR, tools: [k8sExec], plans: true, config: execConfig() });
});
afterAll(() => mcp.close());

describe('k8s_exec is offered only when allowed', () => {
  it.each([
    ['exec is disabled (the default)', testConfig(), false],
    ['the server is read-only, even with exec allowed', testConfig({ mode: 'read-only', policy: { allowExec: true } }), false],
    ['exec is allowed in read-write mode', execConfig(), true],
  ])('%s', async (_what, config, offered) => {
    // A read tool beside it, so the server offers tools/list even when k8s_exec is left out.
    const client = await connect({ identity: ADMIN, tools: [k8sGet, k8sExec], plans: true, config });
    try {
      const names = (await client.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('k8s_get');
      expect(names.includes('k8s_exec')).toBe(offered);
    } finally {
      await client.close();
    }
  });

  it('is still refused by the policy if the configuration changes under a registered tool', async () => {
    const rt = createRuntime(execConfig());
    const client = await connect({ rt, identity: EDITOR, tools: [k8sExec], plans: true });
    try {
      const pod = await podOf('web');
      rt.config.policy.allowExec = false;
      expect(textOf(await client.call('k8s_exec', { pod, namespace: NS, command: ['id'] }))).toBe(
        'refused: running commands in containers is disabled on this Drover server',
      );
      rt.config.mode = 'read-only';
      expect(textOf(await client.call('k8s_exec', { pod, namespace: NS, command: ['id'] }))).toBe(
        `refused: exec Pod ${pod} in namespace ${NS} is a change, and this Drover server runs read-only (an administrator can enable read-write mode)`,
      );
    } finally {
      await client.close();
    }
  });
});

describe('k8s_exec plans', () => {
  it('shows the command and what it may do, and runs nothing', async () => {
    const pod = await podOf('web');
    const res = await mcp.call('k8s_exec', { pod, namespace: NS, command: ['ls', '-l', '/etc/nginx'], timeoutSeconds: 5 });
    expect(res.structuredContent).toMatchObject({
      kind: 'plan',
      tool: 'k8s_exec',
      requiresConfirmation: true,
      command: `kubectl exec ${pod} --namespace=${NS} --container=web -- ls -l /etc/nginx`,
      warnings: [
        `runs inside container web of pod ${pod} with that container's privileges, files, network access and service account: it can change or stop the application`,
        'the command is stopped after 5 s',
      ],
    });
    const last = mcp
      .audit()
      .filter((e) => e.tool === 'k8s_exec')
      .pop()!;
    expect(last.phase).toBe('plan');
    expect(last.commands as string[]).not.toContainEqual(expect.stringMatching(/^kubectl exec/));
  });

  it("uses the pod's default container and says so", async () => {
    const pod = await podOf('duo');
    const res = await mcp.call('k8s_exec', { pod, namespace: NS, command: ['env'] });
    const view = res.structuredContent as any;
    expect(view.command).toContain('--container=sidecar -- env');
    expect(view.warnings).toContain('no container given: runs in sidecar (the pod has duo, sidecar)');
  });

  it.each([
    [
      'a container the pod lacks',
      async () => ({ pod: await podOf('web'), container: 'nope' }),
      /^pod web-\S+ has no container nope; its containers are web$/,
    ],
    [
      'a pod that is not running',
      async () => ({ pod: await podOf('stuck') }),
      /^pod stuck-\S+ is Pending, not Running: commands run only in running pods$/,
    ],
    ['a pod that does not exist', async () => ({ pod: 'ghost' }), /^Pod ghost not found in namespace h4-exec; k8s_get lists what exists$/],
  ])('rejects %s clearly', async (_what, target, message) => {
    const res = await mcp.call('k8s_exec', { namespace: NS, command: ['true'], ...(await target()) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(message);
  });

  it('refuses a protected namespace, whoever asks', async () => {
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sExec], plans: true, config: execConfig() });
    try {
      const res = await asAdmin.call('k8s_exec', { pod: 'etcd', namespace: 'kube-system', command: ['sh'] });
      expect(textOf(res)).toBe(
        'refused: exec Pod etcd in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
    } finally {
      await asAdmin.close();
    }
  });
});

describe('k8s_exec runs', () => {
  it('reports what the kwok node answers (this cluster serves no exec) as a clear error, not a crash', async () => {
    const pod = await podOf('web');
    const { done } = await planThenRun(mcp, 'k8s_exec', { pod, namespace: NS, command: ['cat', '/etc/hostname'] });
    expect(done.isError).toBe(true);
    expect(textOf(done)).toBe(
      `error: Internal error occurred: Internal error occurred: error executing command in container: no exec found for container "web" in pod "${NS}/${pod}"`,
    );
    expect(
      mcp
        .audit()
        .filter((e) => e.tool === 'k8s_exec')
        .pop(),
    ).toMatchObject({ phase: 'execute', result: 'error' });
  });

  it('refuses a viewer at the plan, asking the API server whether the user may exec (there is no exec dry run)', async () => {
    const viewer = await connect({ identity: VIEWER, tools: [k8sExec], plans: true, config: execConfig() });
    try {
      const pod = await podOf('web');
      const plan = await viewer.call('k8s_exec', { pod, namespace: NS, command: ['id'] });
      expect(plan.isError).toBe(true);
      expect(textOf(plan)).toBe(`you may not run commands in pods of namespace ${NS} (your role lacks create on pods/exec)`);
      expect(plan._meta?.['drover/confirmation']).toBeUndefined();
    } finally {
      await viewer.close();
    }
  });

  it("reads a non-zero exit from kubectl as the command's exit code, and anything else as kubectl's failure", () => {
    expect(commandExit(0, '')).toEqual({ code: 0, stderr: '' });
    expect(commandExit(3, 'grep: nothing\ncommand terminated with exit code 3\n')).toEqual({ code: 3, stderr: 'grep: nothing' });
    expect(commandExit(1, 'error: unable to upgrade connection: container not found ("web")')).toBeUndefined();
  });

  it('stops a command at its own deadline and says so', async () => {
    const ctx = { signal: new AbortController().signal } as ToolContext;
    const hang = (limited: ToolContext) =>
      new Promise<never>((_, reject) => {
        limited.signal.addEventListener('abort', () => reject(new CallCancelled('the call was cancelled')));
      });
    await expect(withDeadline(ctx, 1, hang)).rejects.toThrow('the command did not finish within 1 s and was stopped');
  });
});
