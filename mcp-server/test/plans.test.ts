// The two-phase write protocol, end to end through a real MCP client, against the real cluster.
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../tests/cluster';
import { CONFIRMATION_META_KEY, PlanSigner } from '../src/policy/plans';
import { COMMANDS_META_KEY } from '@drover/protocol';
import { createRuntime } from '../src/runtime-factory';
import { ADMIN, cluster, connect, EDITOR, testConfig, textOf, VIEWER } from './support/harness';

const NS = 'mcp-plans';
const replicas = async (name: string) =>
  Number(
    await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
      'get',
      'deployment',
      name,
      '-n',
      NS,
      '-o',
      'jsonpath={.spec.replicas}',
    ]),
  );

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'editor-edit', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }],
    },
    deployment({ name: 'web', namespace: NS, replicas: 2 }),
    deployment({ name: 'api', namespace: NS, replicas: 1 }),
  ]);
  await waitForDeployments(cluster, [NS]);
});

describe('two-phase writes', () => {
  it('gives a client that cannot show plans a plan and no way to run it', async () => {
    const mcp = await connect({ identity: EDITOR });
    try {
      const res = await mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 3 });
      expect(res.isError).toBeFalsy();
      expect(res._meta?.[CONFIRMATION_META_KEY]).toBeUndefined();
      expect(textOf(res)).toContain('Not executed: this client cannot show plans');
      expect(res.structuredContent).toMatchObject({ kind: 'plan', requiresConfirmation: true });
      expect(await replicas('web')).toBe(2);
    } finally {
      await mcp.close();
    }
  });

  it('plans with a server-side dry run, keeps the token out of the text, and runs only with the token', async () => {
    const mcp = await connect({ identity: EDITOR, plans: true });
    try {
      const plan = await mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 5 });
      const token = plan._meta?.[CONFIRMATION_META_KEY] as string;
      expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
      expect(textOf(plan)).not.toContain(token);
      expect(JSON.stringify(plan.structuredContent)).not.toContain(token);
      expect(plan.structuredContent).toMatchObject({
        kind: 'plan',
        tool: 'k8s_scale',
        command: `kubectl scale deployments.apps/web --replicas=5 --namespace=${NS}`,
        diff: expect.stringMatching(/-\s+replicas: 2\n\+\s+replicas: 5/),
      });
      expect(await replicas('web')).toBe(2);
      // The client learns what ran, as the user would type it: reads, discovery and the dry run, never the change.
      const planned = plan._meta?.[COMMANDS_META_KEY] as string[];
      expect(planned).toContain(`kubectl scale deployments.apps/web --replicas=5 --namespace=${NS} --dry-run=server --output=name`);
      expect(planned.filter((c) => c.startsWith('kubectl scale') && !c.includes('--dry-run=server'))).toEqual([]);

      const done = await mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 5 }, { [CONFIRMATION_META_KEY]: token });
      expect(done.isError).toBeFalsy();
      expect(done.structuredContent).toMatchObject({
        kind: 'change',
        tool: 'k8s_scale',
        objects: [{ kind: 'Deployment', name: 'web', namespace: NS }],
      });
      expect(textOf(done)).toContain('scaled');
      expect(done._meta?.[COMMANDS_META_KEY]).toEqual([`kubectl scale deployments.apps/web --replicas=5 --namespace=${NS}`]);
      expect(await replicas('web')).toBe(5);

      const phases = mcp
        .audit()
        .filter((e) => e.tool === 'k8s_scale')
        .map((e) => e.phase);
      expect(phases).toEqual(['plan', 'execute']);
    } finally {
      await mcp.close();
    }
  });

  it('refuses a token for other arguments, a second use, another tool and another user', async () => {
    const rt = createRuntime(testConfig());
    const editor = await connect({ rt, identity: EDITOR, plans: true });
    const viewer = await connect({ rt, identity: VIEWER, plans: true });
    try {
      const plan = await editor.call('k8s_scale', { name: 'api', namespace: NS, replicas: 2 });
      const token = { [CONFIRMATION_META_KEY]: plan._meta?.[CONFIRMATION_META_KEY] };

      const otherArgs = await editor.call('k8s_scale', { name: 'api', namespace: NS, replicas: 9 }, token);
      expect(otherArgs.isError).toBe(true);
      expect(textOf(otherArgs)).toBe('not executed: the confirmation was for different arguments; plan the change again');

      const otherUser = await viewer.call('k8s_scale', { name: 'api', namespace: NS, replicas: 2 }, token);
      expect(textOf(otherUser)).toBe('not executed: the confirmation was given for another user or cluster');

      const otherTool = await editor.call('k8s_get', { kind: 'pods', namespace: NS }, token);
      expect(otherTool.isError).toBeFalsy(); // read tools ignore confirmations entirely

      expect((await editor.call('k8s_scale', { name: 'api', namespace: NS, replicas: 2 }, token)).isError).toBeFalsy();
      const reused = await editor.call('k8s_scale', { name: 'api', namespace: NS, replicas: 2 }, token);
      expect(textOf(reused)).toBe('not executed: the confirmation was already used');

      const forged = await editor.call(
        'k8s_scale',
        { name: 'api', namespace: NS, replicas: 7 },
        { [CONFIRMATION_META_KEY]: 'eyJ0b29sIjoiazhzX3NjYWxlIn0.AAAA' },
      );
      expect(textOf(forged)).toBe('not executed: the confirmation token is not valid');
      expect(await replicas('api')).toBe(2);
    } finally {
      await editor.close();
      await viewer.close();
    }
  });

  it('refuses an expired token', async () => {
    const rt = createRuntime(testConfig());
    let now = Date.now();
    rt.plans = new PlanSigner(60, () => now);
    const mcp = await connect({ rt, identity: EDITOR, plans: true });
    try {
      const plan = await mcp.call('k8s_scale', { name: 'api', namespace: NS, replicas: 3 });
      now += 61_000;
      const late = await mcp.call(
        'k8s_scale',
        { name: 'api', namespace: NS, replicas: 3 },
        { [CONFIRMATION_META_KEY]: plan._meta?.[CONFIRMATION_META_KEY] },
      );
      expect(textOf(late)).toBe('not executed: the confirmation expired; plan the change again');
      expect(await replicas('api')).toBe(2);
    } finally {
      await mcp.close();
    }
  });

  it('asks the user through elicitation when the client supports it', async () => {
    const asked: string[] = [];
    const approving = await connect({
      identity: EDITOR,
      elicit: (m) => {
        asked.push(m);
        return { action: 'accept', content: { approve: true } };
      },
    });
    const declining = await connect({ identity: EDITOR, elicit: () => ({ action: 'decline' }) });
    try {
      const no = await declining.call('k8s_scale', { name: 'api', namespace: NS, replicas: 4 });
      expect(textOf(no)).toBe('Not executed: the user declined the change.');
      expect(await replicas('api')).toBe(2);

      const yes = await approving.call('k8s_scale', { name: 'api', namespace: NS, replicas: 4 });
      expect(yes.structuredContent).toMatchObject({ kind: 'change' });
      expect(asked[0]).toContain(`kubectl scale deployments.apps/api --replicas=4 --namespace=${NS}`);
      expect(await replicas('api')).toBe(4);
    } finally {
      await approving.close();
      await declining.close();
    }
  });

  it.each([
    ['approve: "true" (a string)', { action: 'accept', content: { approve: 'true' } }],
    ['approve: 1', { action: 'accept', content: { approve: 1 } }],
    ['no approve at all', { action: 'accept', content: {} }],
    ['no content', { action: 'accept' }],
  ] as const)('refuses an elicitation answer that is not a yes/no (%s) clearly, and audits it as declined', async (_what, answer) => {
    const mcp = await connect({ identity: EDITOR, elicit: () => answer as never });
    try {
      const before = await replicas('web');
      const res = await mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 7 });
      expect(textOf(res)).toBe('Not executed: the approval answer was not a yes/no (approve must be true or false).');
      expect(res.structuredContent).toMatchObject({ kind: 'plan', tool: 'k8s_scale' });
      expect(await replicas('web')).toBe(before);
      expect(mcp.audit().at(-1)).toMatchObject({ tool: 'k8s_scale', user: 'editor', result: 'declined' });
    } finally {
      await mcp.close();
    }
  });
});

describe('policy and RBAC on writes', () => {
  it('offers no write tools in read-only mode and refuses a call anyway', async () => {
    const mcp = await connect({ identity: ADMIN, config: testConfig({ mode: 'read-only' }), plans: true });
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('k8s_get');
      expect(names).not.toContain('k8s_scale');
      // A tool the server does not offer is unknown to it: JSON-RPC invalid params, as the MCP specification says.
      await expect(mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 1 })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('unknown tool "k8s_scale"'),
      });
    } finally {
      await mcp.close();
    }
  });

  it('refuses writes in protected namespaces, whoever asks', async () => {
    const mcp = await connect({ identity: ADMIN, plans: true });
    try {
      const res = await mcp.call('k8s_scale', { name: 'coredns', namespace: 'kube-system', replicas: 0 });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toBe(
        'refused: patch Deployment coredns in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
    } finally {
      await mcp.close();
    }
  });

  it("lets the API server deny a viewer's write at the plan, and says so", async () => {
    const mcp = await connect({ identity: VIEWER, plans: true });
    try {
      const res = await mcp.call('k8s_scale', { name: 'web', namespace: NS, replicas: 1 });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/User "viewer" cannot patch resource "deployments\/scale"/);
      expect(mcp.audit().find((e) => e.tool === 'k8s_scale')).toMatchObject({ result: 'error', user: 'viewer' });
    } finally {
      await mcp.close();
    }
  });
});
