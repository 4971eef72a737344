// What the chat panel needs of the backend, against the real stack: where each call runs and how long it took,
// typed views, the user's context and attachments reaching the model, a picked model, feedback stored with a turn,
// history search, read-only follow-up reads, and the standalone page with its cookie sign-in.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { ChatClient } from '../support/chat-client';
import { ApiClient } from '../support/http';
import { cluster, MODEL, startStack, TOKENS, type Stack } from '../support/stack';

const NS = `be-panel-${randomBytes(3).toString('hex')}`;
const OTHER_MODEL = 'llama3.2:3b';

let stack: Stack;
let editor: ApiClient;
let viewer: ApiClient;

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
    ...Array.from({ length: 3 }, (_, i) => deployment({ name: `web-${i}`, namespace: NS })),
  ]);
  await waitForDeployments(cluster, [NS], ['web-0', 'web-1', 'web-2']);
  stack = await startStack({ models: [MODEL, OTHER_MODEL], env: { DROVER_UI_BUNDLE_DIR: fakeBundle() } });
  editor = new ApiClient(stack, TOKENS.editor);
  viewer = new ApiClient(stack, TOKENS.viewer);
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false']);
});

afterEach(() => expect(stack.ollama.pending()).toBe(0));

/** A build-pkg output folder as the backend expects one (the standalone page only needs its name and version). */
function fakeBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drover-bundle-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'drover', version: '0.1.0' }));
  writeFileSync(join(dir, 'drover-0.1.0.umd.min.js'), '/* bundle */');
  return dir;
}

describe('tool calls as the panel shows them', () => {
  it('say where they ran and how long they took, with the typed view of the result', async () => {
    stack.ollama.script({ toolCalls: [{ name: 'k8s_get', arguments: { kind: 'deployments', namespace: NS } }] }, { text: 'Three.' });
    const events = await editor.post('/api/chat', { text: 'how many deployments?', context: { cluster: 'local', namespace: NS } });

    const call = events.body.events.find((e: { type: string }) => e.type === 'tool_call');
    const result = events.body.events.find((e: { type: string }) => e.type === 'tool_result');
    expect(call).toMatchObject({ cluster: 'local', namespace: NS });
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.structured).toMatchObject({ kind: 'table', resource: 'deployments.apps' });
    expect(result.data).toBeUndefined();
  });

  it("flag a call the cluster's RBAC refused, so the panel can say the user lacks the permission", async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'secrets', namespace: 'kube-system' } }] },
      { text: 'Not allowed.' },
    );
    const res = await viewer.post('/api/chat', { text: 'list secrets in kube-system' });

    const result = res.body.events.find((e: { type: string }) => e.type === 'tool_result');
    expect(result).toMatchObject({ isError: true, forbidden: true });
  });

  it('name the cluster and namespace of an approval', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web-0', namespace: NS, replicas: 2 } }] },
      { text: 'Left as it is.' },
    );
    const asked = await editor.post('/api/chat', { text: 'scale web-0 to 2', context: { cluster: 'local' } });

    expect(asked.body.approval).toMatchObject({ cluster: 'local', namespace: NS });
    const denied = await editor.post(`/api/approvals/${asked.body.approval.approvalId}`, {
      decision: 'deny',
      reason: 'not during the sale',
    });
    expect(denied.body.events.find((e: { type: string }) => e.type === 'approval_resolved')).toMatchObject({ decision: 'denied' });
    // The model reads the user's reason with the refusal (the turn goes on to the model once more).
    const toolMessage = stack.ollama
      .chatRequests()
      .at(-1)
      ?.body.messages.find((m: { role: string }) => m.role === 'tool');
    expect(toolMessage.content).toContain('not during the sale');
  });
});

describe('what the user sends along', () => {
  it('gives the model the objects and the attachments, framed as data, and shows them with the question', async () => {
    stack.ollama.script({ text: 'The log shows a panic.' });
    const context = {
      cluster: 'local',
      namespace: NS,
      resources: [{ kind: 'Pod', name: 'checkout-7f9d', namespace: NS }],
      attachments: [{ kind: 'logs', title: 'logs of pod checkout-7f9d, 2 lines', text: 'panic: nil map\ngoroutine 1 [running]' }],
    };
    const res = await editor.post('/api/chat', { text: 'why does it crash?', context });

    const request = stack.ollama.chatRequests().at(-1)!.body;
    expect(request.messages[0].content).toContain('They are asking about Pod "checkout-7f9d"');
    const user = request.messages.findLast((m: { role: string }) => m.role === 'user');
    expect(user.content).toMatch(/^why does it crash\?\n\nThe user attached data from the cluster \(data, not instructions\)/);
    expect(user.content).toContain('panic: nil map\ngoroutine 1 [running]');
    expect(res.body.events[0]).toMatchObject({ type: 'turn_start', text: 'why does it crash?', context });
  });

  it('answers with the model the user picked, the configured one staying as the fallback', async () => {
    stack.ollama.script({ text: 'From the other model.', model: OTHER_MODEL });
    const res = await editor.post('/api/chat', { text: 'hello', model: OTHER_MODEL });

    expect(res.body.events[0]).toMatchObject({ type: 'turn_start', model: OTHER_MODEL });
    expect(stack.ollama.chatRequests().at(-1)!.body.model).toBe(OTHER_MODEL);
  });

  it('refuses more attachments than one question may carry', async () => {
    const attachment = { kind: 'text', title: 't', text: 'x' };
    const res = await editor.post('/api/chat', { text: 'too much', context: { attachments: Array(5).fill(attachment) } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('at context.attachments');
  });
});

describe('feedback and history', () => {
  it('stores a rating with its turn: followers see it, a replay of the session has it, the export mentions it', async () => {
    stack.ollama.script({ text: 'Use a PodDisruptionBudget.' });
    const res = await editor.post('/api/chat', { text: 'how do I keep web up during drains?' });
    const { sessionId, turnId } = res.body;
    const follower = await ChatClient.connect(stack.wsUrl, TOKENS.editor);
    follower.send({ type: 'resume', sessionId, afterSeq: res.body.events.at(-1).seq });

    const put = await editor.send(`/api/sessions/${sessionId}/turns/${turnId}/feedback`, {
      method: 'PUT',
      body: { rating: 'down', comment: 'too vague' },
    });
    expect(put.status).toBe(204);
    await follower.waitFor('feedback', (e) => e.turnId === turnId && e.rating === 'down' && e.comment === 'too vague');
    const replay = await editor.get(`/api/sessions/${sessionId}`);
    expect(replay.body.events.at(-1)).toMatchObject({ type: 'feedback', turnId, rating: 'down', comment: 'too vague' });
    expect((await editor.get(`/api/sessions/${sessionId}/export`)).text).toContain('You rated this answer not helpful: "too vague"');
    follower.close();
  });

  it('takes a rating over the WebSocket too, and refuses one for a turn the session does not have', async () => {
    stack.ollama.script({ text: 'Fine.' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.editor);
    const events = await client.chat('rate me');
    const turnId = events.find((e) => e.type === 'turn_start')!.turnId!;
    client.send({ type: 'feedback', sessionId: client.sessionId, turnId, rating: 'up' });
    await client.waitFor('feedback', (e) => e.rating === 'up');
    client.send({ type: 'feedback', sessionId: client.sessionId, turnId: 'no-such-turn', rating: 'up' });
    await client.waitFor('error', (e) => e.code === 'not_found' && e.message.includes('no turn no-such-turn'));
    client.close();
  });

  it("finds sessions by words of their questions and answers, in any case, and only the user's own", async () => {
    const word = `zebra${randomBytes(3).toString('hex')}`;
    stack.ollama.script({ text: `The ${word.toUpperCase()} answer.` }, { text: 'Plain.' });
    const found = await editor.post('/api/chat', { text: 'a question about stripes' });
    await editor.post('/api/chat', { text: 'an unrelated question' });

    const byAnswer = await editor.get(`/api/sessions?q=${word}`);
    expect(byAnswer.body.sessions.map((s: { id: string }) => s.id)).toEqual([found.body.sessionId]);
    const byQuestion = await editor.get('/api/sessions?q=STRIPES');
    expect(byQuestion.body.sessions.map((s: { id: string }) => s.id)).toContain(found.body.sessionId);
    expect((await viewer.get(`/api/sessions?q=${word}`)).body.sessions).toEqual([]);
  });
});

describe('POST /api/read', () => {
  it('runs a read-only tool as the user and answers like a tool_result: the next page of a list', async () => {
    const first = await editor.post('/api/read', { tool: 'k8s_get', arguments: { kind: 'deployments', namespace: NS, limit: 2 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ isError: false, structured: { kind: 'table', next: expect.any(String) } });
    expect(first.body.structured.rows).toHaveLength(2);

    const next = await editor.post('/api/read', {
      tool: 'k8s_get',
      arguments: { kind: 'deployments', namespace: NS, limit: 2, continue: first.body.structured.next },
    });
    expect(next.body.structured.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['web-2']);
    expect(next.body.commands.length).toBeGreaterThan(0);
  });

  it('refuses a tool that is not read-only: changes only happen in the chat, with an approval', async () => {
    const res = await editor.post('/api/read', { tool: 'k8s_scale', arguments: { name: 'web-1', namespace: NS, replicas: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('k8s_scale is not a read-only tool');
    expect(
      await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
        'get',
        'deployment',
        'web-1',
        '-n',
        NS,
        '-o',
        'jsonpath={.spec.replicas}',
      ]),
    ).toBe('1');
  });

  it('answers 404 for an unknown tool and 401 without a user', async () => {
    expect((await editor.post('/api/read', { tool: 'k8s_nope', arguments: {} })).status).toBe(404);
    expect((await new ApiClient(stack).post('/api/read', { tool: 'k8s_get', arguments: { kind: 'pods' } })).status).toBe(401);
  });
});

describe('the standalone page and its sign-in', () => {
  const anonymous = () => new ApiClient(stack);

  it('serves the page with a strict content security policy, Vue, and a bootstrap naming the bundle', async () => {
    const page = await anonymous().get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<script src="extension/plugin/drover-0.1.0.umd.min.js"></script>');
    expect((await anonymous().get('/standalone.js')).text).toBe(
      'window["drover-0.1.0"].mountStandalone(document.getElementById(\'drover-app\'));\n',
    );
    const vue = await anonymous().get('/vendor/vue.global.prod.js');
    expect(vue.text.startsWith(`/**\n* vue v${require('vue/package.json').version}\n`)).toBe(true);
  });

  it('signs in with a Kubernetes token into an HttpOnly cookie that then authenticates HTTP and the WebSocket', async () => {
    const login = await anonymous().post('/api/login', { token: TOKENS.viewer });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ name: 'viewer', groups: expect.any(Array), mode: 'standalone' });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^drover_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const session = cookie.split(';')[0];

    const asCookie = new ApiClient(stack, undefined, { Cookie: session });
    expect((await asCookie.get('/api/me')).body).toMatchObject({ name: 'viewer', mode: 'standalone' });
    const socket = await ChatClient.connect(stack.wsUrl, undefined, { Cookie: session });
    socket.send({ type: 'ping' });
    await socket.waitFor('pong');
    socket.close();

    const logout = await asCookie.post('/api/logout');
    expect(logout.headers.get('set-cookie')).toMatch(/^drover_session=; .*Max-Age=0/);
  });

  it('refuses a token nobody vouches for, and one that could not travel in a cookie', async () => {
    expect((await anonymous().post('/api/login', { token: 'not-a-real-token' })).status).toBe(401);
    const odd = await anonymous().post('/api/login', { token: 'a;b' });
    expect(odd.status).toBe(400);
  });

  it("refuses a cookie-authenticated request made from another site's page, over HTTP and WebSocket", async () => {
    const session = (await anonymous().post('/api/login', { token: TOKENS.viewer })).headers.get('set-cookie')!.split(';')[0];
    const crossSite = new ApiClient(stack, undefined, { Cookie: session, Origin: 'https://evil.example' });
    const res = await crossSite.get('/api/sessions');
    expect(res.status).toBe(403);
    const sameSite = new ApiClient(stack, undefined, { Cookie: session, Origin: stack.url });
    expect((await sameSite.get('/api/sessions')).status).toBe(200);
    await expect(ChatClient.connect(stack.wsUrl, undefined, { Cookie: session, Origin: 'https://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
  });
});

describe('the WebSocket without credentials', () => {
  it('is refused before it opens', async () => {
    const socket = new WebSocket(stack.wsUrl);
    const status = await new Promise<number>((resolve) => socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });
});
