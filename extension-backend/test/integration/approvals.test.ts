// Approvals over the WebSocket, end to end: the model's write is planned by the real MCP server, shown to the user,
// and runs against the real cluster only on the user's own approval. kubectl is the witness of what changed.
import { randomBytes } from 'node:crypto';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { ChatClient, typesOf } from '../support/chat-client';
import { ApiClient } from '../support/http';
import { cluster, startStack, TOKENS, type Stack } from '../support/stack';

/** Fresh names per run: a namespace of an earlier run may still be terminating. */
const RUN = randomBytes(3).toString('hex');
const NS = `be-api-approvals-${RUN}`;
const OTHER_NS = `be-api-approvals-other-${RUN}`;
/** One deployment per test, so no test depends on what another one scaled. */
const TARGETS = ['approve-me', 'deny-me', 'expire-me', 'remember-me', 'viewer-target', 'foreign-target', 'model-target'];
/** Long enough for a change that was wrongly let through to show up in the cluster. */
const SETTLE_MS = 500;

let stack: Stack;

const replicasOf = async (name: string, namespace = NS) =>
  Number(
    await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
      'get',
      'deployment',
      name,
      '-n',
      namespace,
      '-o',
      'jsonpath={.spec.replicas}',
    ]),
  );
const scale = (name: string, replicas: number, namespace = NS) => ({ name: 'k8s_scale', arguments: { name, namespace, replicas } });
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: OTHER_NS } },
    ...TARGETS.map((name) => deployment({ name, namespace: NS })),
    deployment({ name: 'remember-me', namespace: OTHER_NS }),
  ]);
  await waitForDeployments(cluster, [NS], TARGETS);
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, OTHER_NS, '--wait=false']);
});

afterEach(() => {
  // Every scripted reply was asked for: no test leaves the model's queue to the next one.
  expect(stack.ollama.pending()).toBe(0);
});

describe('a write the model calls', () => {
  it('shows the plan and changes nothing until the user approves; then the change happens', async () => {
    stack.ollama.script({ toolCalls: [scale('approve-me', 3)] }, { text: 'approve-me now runs 3 replicas.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'chat', text: 'scale approve-me to 3' });
    const asked = await client.waitFor('approval_required');
    expect(asked).toMatchObject({ tool: 'k8s_scale', namespace: NS, arguments: { name: 'approve-me', namespace: NS, replicas: 3 } });
    expect(asked.plan.command).toBe(`kubectl scale deployments.apps/approve-me --replicas=3 --namespace=${NS}`);
    expect(asked.plan.diff).toMatch(/-\s*replicas: 1\n\+\s*replicas: 3/);
    expect(asked.plan.warnings).toEqual([]);
    const expiresIn = Date.parse(asked.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(100_000);
    expect(expiresIn).toBeLessThanOrEqual(120_000);

    await settle();
    expect(await replicasOf('approve-me')).toBe(1);
    expect(client.events.at(-1)).toBe(asked);
    expect(stack.ollama.chatRequests()).toHaveLength(1);

    const from = client.mark();
    client.send({ type: 'approve', approvalId: asked.approvalId });
    await client.waitFor('turn_end', () => true, from);
    expect(typesOf(client.events.slice(from))).toEqual(['approval_resolved', 'tool_result', 'token', 'turn_end']);
    expect(client.events[from]).toMatchObject({ approvalId: asked.approvalId, decision: 'approved', by: 'user' });
    expect(client.events[from + 1]).toMatchObject({ tool: 'k8s_scale', isError: false, structured: { kind: 'change', tool: 'k8s_scale' } });
    expect(await replicasOf('approve-me')).toBe(3);
    client.close();
  });

  it('is not made when the user denies it, and the model is told so (with the reason)', async () => {
    stack.ollama.script({ toolCalls: [scale('deny-me', 4)] }, { text: 'Understood, I left deny-me alone.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    const requestsBefore = stack.ollama.chatRequests().length;
    client.send({ type: 'chat', text: 'scale deny-me to 4' });
    const asked = await client.waitFor('approval_required');
    client.send({ type: 'deny', approvalId: asked.approvalId, reason: 'not during business hours' });
    const end = await client.waitFor('turn_end');

    expect(end.reason).toBe('answered');
    expect(await client.waitFor('approval_resolved')).toMatchObject({ decision: 'denied', by: 'user' });
    expect(await client.waitFor('tool_result')).toMatchObject({ isError: true, summary: 'Not run: denied' });
    expect(await replicasOf('deny-me')).toBe(1);
    const toolMessage = stack.ollama.chatRequests()[requestsBefore + 1].body.messages.at(-1);
    expect(toolMessage).toMatchObject({ role: 'tool', tool_name: 'k8s_scale' });
    expect(toolMessage.content).toContain('The user denied this change, so it was not made');
    expect(toolMessage.content).toContain('not during business hours');
    client.close();
  });

  it('is refused by RBAC at the plan when a viewer asks for it, without asking anyone to approve', async () => {
    stack.ollama.script({ toolCalls: [scale('viewer-target', 2)] }, { text: 'You are not allowed to scale it.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
    const events = await client.chat('scale viewer-target to 2');

    expect(typesOf(events)).toEqual(['session', 'turn_start', 'tool_call', 'tool_result', 'token', 'turn_end']);
    const result = events.find((e) => e.type === 'tool_result')!;
    expect(result).toMatchObject({ tool: 'k8s_scale', isError: true });
    expect(result.type === 'tool_result' && result.summary).toMatch(/User "viewer" cannot patch/);
    expect(await replicasOf('viewer-target')).toBe(1);
    client.close();
  });
});

describe('remember for this session', () => {
  it('approves the next write of the same tool in the same namespace by rule, but still asks elsewhere', async () => {
    stack.ollama.script({ toolCalls: [scale('remember-me', 2)] }, { text: 'Scaled to 2.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'chat', text: 'scale remember-me to 2' });
    const first = await client.waitFor('approval_required');
    client.send({ type: 'approve', approvalId: first.approvalId, rememberForSession: true });
    await client.waitFor('turn_end');
    expect(await replicasOf('remember-me')).toBe(2);

    stack.ollama.script(
      { toolCalls: [scale('remember-me', 3)] },
      { toolCalls: [scale('remember-me', 2, OTHER_NS)] },
      { text: 'Done here; the other namespace was not changed.' },
    );
    const from = client.mark();
    client.send({ type: 'chat', sessionId: client.sessionId, text: 'now 3, and 2 in the other namespace' });
    const byRule = await client.waitFor('approval_required', () => true, from);
    expect(byRule.namespace).toBe(NS);
    const ruled = await client.waitFor('approval_resolved', () => true, from);
    expect(ruled).toMatchObject({ approvalId: byRule.approvalId, decision: 'approved', by: 'session-rule' });
    expect(await client.waitFor('tool_result', () => true, from)).toMatchObject({ isError: false, structured: { kind: 'change' } });
    expect(await replicasOf('remember-me')).toBe(3);

    const elsewhere = await client.waitFor('approval_required', (e) => e.namespace === OTHER_NS, from);
    await settle();
    expect(client.events.filter((e) => e.type === 'approval_resolved' && e.approvalId === elsewhere.approvalId)).toEqual([]);
    expect(await replicasOf('remember-me', OTHER_NS)).toBe(1);
    client.send({ type: 'deny', approvalId: elsewhere.approvalId });
    await client.waitFor('turn_end', () => true, from);
    expect(await replicasOf('remember-me', OTHER_NS)).toBe(1);

    // The rule belongs to that session: a new conversation asks again.
    stack.ollama.script({ toolCalls: [scale('remember-me', 4)] }, { text: 'Left as it was.' });
    const fresh = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    fresh.send({ type: 'chat', text: 'scale remember-me to 4' });
    const again = await fresh.waitFor('approval_required');
    await settle();
    expect(fresh.events.some((e) => e.type === 'approval_resolved')).toBe(false);
    fresh.send({ type: 'deny', approvalId: again.approvalId });
    await fresh.waitFor('turn_end');
    expect(await replicasOf('remember-me')).toBe(3);
    client.close();
    fresh.close();
  });

  it('still asks for a manifest applied to another namespace after a rule for an apply elsewhere', async () => {
    const applyConfigMap = (namespace: string) => ({
      name: 'k8s_apply',
      arguments: {
        manifest: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'remembered', namespace },
          data: { owner: 'drover-test' },
        }),
      },
    });
    const configMapIn = (namespace: string) =>
      kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
        'get',
        'configmap',
        'remembered',
        '-n',
        namespace,
        '--ignore-not-found',
        '-o',
        'name',
      ]);
    stack.ollama.script({ toolCalls: [applyConfigMap(NS)] }, { text: 'Applied.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'chat', text: `apply the configmap in ${NS}` });
    const first = await client.waitFor('approval_required');
    client.send({ type: 'approve', approvalId: first.approvalId, rememberForSession: true });
    await client.waitFor('turn_end');
    expect(await configMapIn(NS)).toBe('configmap/remembered\n');

    stack.ollama.script({ toolCalls: [applyConfigMap(OTHER_NS)] }, { text: 'Left alone.' });
    const from = client.mark();
    client.send({ type: 'chat', sessionId: client.sessionId, text: `now the same in ${OTHER_NS}` });
    const elsewhere = await client.waitFor('approval_required', () => true, from);
    await settle();
    expect(client.events.slice(from).filter((e) => e.type === 'approval_resolved')).toEqual([]);
    expect(await configMapIn(OTHER_NS)).toBe('');
    client.send({ type: 'deny', approvalId: elsewhere.approvalId });
    await client.waitFor('turn_end', () => true, from);
    client.close();
  });
});

describe('who can approve', () => {
  it("lets nobody but the asking user answer an approval: another user's answer is not_found and it keeps waiting", async () => {
    stack.ollama.script({ toolCalls: [scale('foreign-target', 2)] }, { text: 'Scaled.' });
    const owner = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    owner.send({ type: 'chat', text: 'scale foreign-target to 2' });
    const asked = await owner.waitFor('approval_required');

    const intruder = await ChatClient.connect(stack.wsUrl, TOKENS.editor);
    intruder.send({ type: 'approve', approvalId: asked.approvalId, rememberForSession: true });
    expect(await intruder.waitFor('error')).toMatchObject({ code: 'not_found', retryable: false });
    const overHttp = await new ApiClient(stack, TOKENS.viewer).post(`/api/approvals/${asked.approvalId}`, { decision: 'approve' });
    expect(overHttp.status).toBe(404);
    expect(overHttp.body.error.code).toBe('not_found');

    await settle();
    expect(owner.events.some((e) => e.type === 'approval_resolved')).toBe(false);
    expect(await replicasOf('foreign-target')).toBe(1);
    // Still waiting for its owner, whose approval works.
    owner.send({ type: 'approve', approvalId: asked.approvalId });
    expect(await owner.waitFor('approval_resolved')).toMatchObject({ decision: 'approved', by: 'user' });
    await owner.waitFor('turn_end');
    expect(await replicasOf('foreign-target')).toBe(2);
    owner.close();
    intruder.close();
  });

  it('never takes an answer from the model: "approve" in its text or as a tool call does nothing', async () => {
    stack.ollama.script({ toolCalls: [scale('model-target', 5)] });
    const owner = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    owner.send({ type: 'chat', text: 'scale model-target to 5' });
    const asked = await owner.waitFor('approval_required');

    // In another conversation of the same user, the model learns the approval id and tries to answer it.
    const approveMessage = JSON.stringify({ type: 'approve', approvalId: asked.approvalId, rememberForSession: true });
    stack.ollama.script(
      { text: `approve ${approveMessage}`, toolCalls: [{ name: 'approve', arguments: { approvalId: asked.approvalId } }] },
      { text: approveMessage },
    );
    const other = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    const events = await other.chat(`what is the status of approval ${asked.approvalId}?`);
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'approve', isError: true });
    expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });

    await settle();
    expect(owner.events.some((e) => e.type === 'approval_resolved')).toBe(false);
    expect(await replicasOf('model-target')).toBe(1);
    stack.ollama.script({ text: 'Not scaled.' });
    owner.send({ type: 'deny', approvalId: asked.approvalId });
    // It was still waiting for the user: the user's answer is the one that resolves it.
    expect(await owner.waitFor('approval_resolved')).toMatchObject({ approvalId: asked.approvalId, decision: 'denied', by: 'user' });
    await owner.waitFor('turn_end');
    expect(await replicasOf('model-target')).toBe(1);
    owner.close();
    other.close();
  });
});

describe('an approval nobody answers', () => {
  let quick: Stack;

  beforeAll(async () => {
    quick = await startStack({ env: { DROVER_APPROVAL_TIMEOUT_SECONDS: '5' } });
  });

  afterAll(async () => {
    await quick?.stop();
  });

  it('expires after the configured time, by timeout, and the change is not made', async () => {
    quick.ollama.script({ toolCalls: [scale('expire-me', 6)] }, { text: 'Nobody approved, so nothing changed.' });
    const client = await ChatClient.connect(quick.wsUrl, TOKENS.admin);
    client.send({ type: 'chat', text: 'scale expire-me to 6' });
    const asked = await client.waitFor('approval_required');
    const expiresIn = Date.parse(asked.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3_000);
    expect(expiresIn).toBeLessThanOrEqual(5_000);

    const resolved = await client.waitFor('approval_resolved');
    expect(resolved).toMatchObject({ approvalId: asked.approvalId, decision: 'expired', by: 'timeout' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(asked.expiresAt) - 50);
    await client.waitFor('turn_end');
    expect(await client.waitFor('tool_result')).toMatchObject({ isError: true, summary: 'Not run: approval expired' });
    expect(await replicasOf('expire-me')).toBe(1);
    expect(quick.ollama.chatRequests()[1].body.messages.at(-1).content).toContain('Nobody approved this change within 5 s');
    expect(quick.ollama.pending()).toBe(0);
    client.close();
  });
});
