// The HTTP API of the built backend, end to end: chat as JSON and as Server-Sent Events, approvals and cancel over
// HTTP, request validation, authentication, probes, metrics, rate limits and the tool/model listings.
import { randomBytes } from 'node:crypto';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { ChatClient } from '../support/chat-client';
import { ApiClient, metricValue } from '../support/http';
import { cluster, MODEL, startStack, TOKENS, type Stack } from '../support/stack';

/** A fresh name per run: a namespace of an earlier run may still be terminating. */
const NS = `be-api-http-${randomBytes(3).toString('hex')}`;
/** Configured as a fallback, but the scripted Ollama does not have it. */
const MISSING_MODEL = 'llama3.2:3b';
const POLL_MS = 50;

let stack: Stack;
let admin: ApiClient;

const replicasOf = async (name: string) =>
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
const listPods = { name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } };

/** Polls until `read` returns `want` (or the deadline passes) and returns the last value read. */
async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value === want || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS }),
    deployment({ name: 'scale-me', namespace: NS }),
    deployment({ name: 'ruled', namespace: NS }),
  ]);
  await waitForDeployments(cluster, [NS], ['web', 'scale-me', 'ruled']);
  stack = await startStack({ env: { DROVER_FALLBACK_MODELS: MISSING_MODEL } });
  admin = new ApiClient(stack, TOKENS.admin);
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false']);
});

afterEach(() => {
  expect(stack.ollama.pending()).toBe(0);
});

describe('POST /api/chat', () => {
  it('answers with JSON once the turn ends: the answer, the events in order, status done', async () => {
    stack.ollama.script({ toolCalls: [listPods] }, { text: ['One pod ', 'runs.'] });
    const res = await admin.post('/api/chat', { text: 'which pods run?' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', answer: 'One pod runs.', sessionId: expect.any(String), turnId: expect.any(String) });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'turn_start',
      'tool_call',
      'tool_result',
      'token',
      'token',
      'turn_end',
    ]);
    expect(res.body.events.every((e: { turnId: string }) => e.turnId === res.body.turnId)).toBe(true);
    const seqs = res.body.events.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(res.body.events[2]).toMatchObject({ tool: 'k8s_get', isError: false, structured: { kind: 'table', resource: 'pods' } });
  });

  it('streams Server-Sent Events when asked to: ids are the seqs, and the stream ends after turn_end', async () => {
    stack.ollama.script({ text: ['Streaming ', 'works.'] });
    const stream = await admin.stream('/api/chat', { text: 'stream me an answer' });
    const events = await stream.rest();

    expect(stream.contentType).toBe('text/event-stream');
    expect(events.map((e) => e.event)).toEqual(['session', 'turn_start', 'token', 'token', 'turn_end']);
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    expect(events[0]).toMatchObject({ data: { type: 'session', resumed: false } });
    expect(events[0].id).toBeUndefined();
    const numbered = events.slice(1);
    expect(numbered.map((e) => e.id)).toEqual(numbered.map((e) => (e.data as { seq: number }).seq));
    expect(numbered.map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });

  it('returns status approval_required with the approval; POST /api/approvals/:id then continues to done', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_scale', arguments: { name: 'scale-me', namespace: NS, replicas: 2 } }] },
      { text: 'Scaled.' },
    );
    const asked = await admin.post('/api/chat', { text: 'scale scale-me to 2' });

    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'approval_required',
      answer: '',
      approval: {
        type: 'approval_required',
        tool: 'k8s_scale',
        namespace: NS,
        plan: { command: expect.stringContaining('scale deployments.apps/scale-me') },
      },
    });
    expect(asked.body.events.at(-1)).toEqual(asked.body.approval);
    expect(await replicasOf('scale-me')).toBe(1);

    const done = await admin.post(`/api/approvals/${asked.body.approval.approvalId}`, { decision: 'approve' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', answer: 'Scaled.', sessionId: asked.body.sessionId, turnId: asked.body.turnId });
    expect(done.body.events.map((e: { type: string }) => e.type)).toEqual(['approval_resolved', 'tool_result', 'token', 'turn_end']);
    expect(done.body.events[0]).toMatchObject({ decision: 'approved', by: 'user' });
    expect(done.body.events[1]).toMatchObject({ isError: false, structured: { kind: 'change' } });
    expect(await replicasOf('scale-me')).toBe(2);
  });

  it('does not stop the JSON reply at a write that a session rule approves', async () => {
    const scaleRuled = (replicas: number) => ({
      toolCalls: [{ name: 'k8s_scale', arguments: { name: 'ruled', namespace: NS, replicas } }],
    });
    stack.ollama.script(scaleRuled(2), { text: 'Scaled to 2.' });
    const first = await admin.post('/api/chat', { text: 'scale ruled to 2' });
    expect(first.body.status).toBe('approval_required');
    await admin.post(`/api/approvals/${first.body.approval.approvalId}`, { decision: 'approve', rememberForSession: true });

    stack.ollama.script(scaleRuled(3), { text: 'Scaled to 3.' });
    const second = await admin.post('/api/chat', { sessionId: first.body.sessionId, text: 'and now to 3' });
    expect(second.body).toMatchObject({ status: 'done', answer: 'Scaled to 3.' });
    expect(second.body.events.find((e: { type: string }) => e.type === 'approval_resolved')).toMatchObject({
      decision: 'approved',
      by: 'session-rule',
    });
    expect(await replicasOf('ruled')).toBe(3);
  });

  it('stops a running turn on POST /api/sessions/:id/cancel, and says not_found when nothing runs', async () => {
    stack.ollama.script({ hang: true });
    const requestsBefore = stack.ollama.chatRequests().length;
    const stream = await admin.stream('/api/chat', { text: 'take your time' });
    const { data: started } = await stream.until('turn_start');
    if (started.type !== 'turn_start') throw new Error('expected turn_start');
    await stack.ollama.waitForChat(requestsBefore + 1);

    const cancelled = await admin.post(`/api/sessions/${started.sessionId}/cancel`, {});
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toEqual({ cancelled: true });
    const events = await stream.rest();
    expect(events.at(-1)?.data).toMatchObject({ type: 'turn_end', reason: 'cancelled' });
    // The backend's abort reaches the scripted server as a socket close, which may land just after turn_end.
    expect(await eventually(async () => stack.ollama.chatRequests().at(-1)?.aborted, true)).toBe(true);

    const again = await admin.post(`/api/sessions/${started.sessionId}/cancel`, {});
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });
});

describe('invalid requests', () => {
  it.each([
    ['a chat without text', '/api/chat', 'POST', {}],
    ['a chat of blanks', '/api/chat', 'POST', { text: '   ' }],
    ['a chat whose text is a number', '/api/chat', 'POST', { text: 42 }],
    ['a chat longer than the message limit', '/api/chat', 'POST', { text: 'x'.repeat(16_001) }],
    ['a chat with an empty context namespace', '/api/chat', 'POST', { text: 'hi', context: { namespace: '' } }],
    ['a body that is not JSON', '/api/chat', 'POST', '{"text": "unterminated'],
    ['an approval answer that is neither approve nor deny', '/api/approvals/some-id', 'POST', { decision: 'maybe' }],
    ['a rename to an empty title', '/api/sessions/some-id', 'PATCH', { title: '' }],
    ['events after a negative seq', '/api/sessions/some-id/events?after=-1', 'GET', undefined],
  ])('refuses %s with 400 bad_request', async (_what, path, method, body) => {
    const res = await admin.send(path, { method, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', retryable: false, message: expect.stringMatching(/\w/) });
  });

  it('refuses a body over the size limit with 413 and says it is too large', async () => {
    const res = await admin.post('/api/chat', { text: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/too large/i) });
  });

  it('answers a malformed WebSocket message with error bad_request and closes on a frame over the limit', async () => {
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'chat' });
    expect(await client.waitFor('error')).toMatchObject({ code: 'bad_request', message: expect.stringContaining('bad message') });
    client.send({ type: 'chat', text: 'x'.repeat(70_000) });
    expect((await client.closed).code).toBe(1009);
  });
});

describe('authentication', () => {
  it.each([
    ['no credentials', undefined],
    ['a token nobody issued', 'garbage-token-123'],
  ])('answers a request with %s with 401 unauthenticated, on HTTP and on the WebSocket upgrade', async (_what, token) => {
    const anonymous = new ApiClient(stack, token);
    for (const res of [await anonymous.get('/api/sessions'), await anonymous.post('/api/chat', { text: 'hi' })]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    await expect(ChatClient.connect(stack.wsUrl, token)).rejects.toThrow('HTTP 401');
  });
});

describe('probes', () => {
  it('answers /health with 200 while the process runs', async () => {
    const res = await new ApiClient(stack).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready when Ollama and the MCP server answer, and names the failing one with 503 otherwise', async () => {
    const probe = new ApiClient(stack);
    expect(await probe.get('/readyz')).toMatchObject({
      status: 200,
      body: { ready: true, checks: { ollama: { ok: true }, mcp: { ok: true } } },
    });

    await stack.ollama.stop();
    try {
      const res = await probe.get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ ready: false, checks: { ollama: { ok: false, error: expect.any(String) }, mcp: { ok: true } } });
    } finally {
      await stack.ollama.restart();
    }

    await stack.stopMcp();
    try {
      const res = await probe.get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        ready: false,
        checks: { ollama: { ok: true }, mcp: { ok: false, error: expect.stringContaining('not reachable') } },
      });
    } finally {
      await stack.startMcp();
    }
    expect((await probe.get('/readyz')).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('counts requests, turns, tokens, tool calls, approvals and open WebSockets', async () => {
    const scrape = async () => (await new ApiClient(stack).get('/metrics')).text;
    const sockets = async () => metricValue(await scrape(), 'drover_active_websockets');
    expect(await eventually(sockets, 0)).toBe(0);
    const before = await scrape();

    stack.ollama.script(
      { toolCalls: [listPods] },
      { text: 'One pod.' },
      {
        toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web', namespace: NS, replicas: 3 } }],
      },
      { text: 'Left alone.' },
    );
    await admin.post('/api/chat', { text: 'pods?' });
    const asked = await admin.post('/api/chat', { text: 'scale web to 3' });
    await admin.post(`/api/approvals/${asked.body.approval.approvalId}`, { decision: 'deny' });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    const after = await scrape();

    const grew = (name: string, labels: Record<string, string>) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(grew('drover_http_requests_total', { method: 'POST', route: '/api/chat', status: '200' })).toBe(2);
    expect(grew('drover_turn_duration_seconds_count', { reason: 'answered', direct: 'false' })).toBe(2);
    expect(grew('drover_model_tokens_total', { model: MODEL, direction: 'in' })).toBeGreaterThan(0);
    expect(grew('drover_model_tokens_total', { model: MODEL, direction: 'out' })).toBeGreaterThan(0);
    expect(grew('drover_tool_calls_total', { tool: 'k8s_get', status: 'ok' })).toBe(1);
    expect(grew('drover_tool_calls_total', { tool: 'k8s_scale', status: 'error' })).toBe(1);
    expect(grew('drover_approvals_total', { decision: 'denied', by: 'user' })).toBe(1);
    expect(metricValue(after, 'drover_active_websockets')).toBe(1);
    client.close();
    expect(await eventually(sockets, 0)).toBe(0);
  });
});

describe('GET /api/tools and /api/models', () => {
  it("lists the user's tools with whether each only reads", async () => {
    const res = await admin.get('/api/tools');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.tools.map((t: { name: string }) => [t.name, t]));
    expect(byName.get('k8s_get')).toMatchObject({ readOnly: true, description: expect.any(String), inputSchema: { type: 'object' } });
    expect(byName.get('k8s_scale')).toMatchObject({ readOnly: false, server: "Drover's MCP server" });
  });

  it('shows the configured models and whether Ollama has them', async () => {
    const res = await admin.get('/api/models');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      url: stack.ollama.url,
      reachable: true,
      available: [MODEL],
      configured: [
        { name: MODEL, installed: true },
        { name: MISSING_MODEL, installed: false },
      ],
    });
  });
});

describe('per-user rate limits', () => {
  let limited: Stack;

  beforeAll(async () => {
    limited = await startStack({ env: { DROVER_MESSAGES_PER_MINUTE: '2', DROVER_REQUESTS_PER_MINUTE: '6' } });
  });

  afterAll(async () => {
    await limited?.stop();
  });

  it("refuses a user's chat messages over the limit with 429 rate_limited, on any transport, and not another user's", async () => {
    limited.ollama.script({ text: 'one' }, { text: 'two' }, { text: 'for the viewer' });
    const chatty = new ApiClient(limited, TOKENS.admin);
    expect((await chatty.post('/api/chat', { text: 'one' })).status).toBe(200);
    expect((await chatty.post('/api/chat', { text: 'two' })).status).toBe(200);
    const third = await chatty.post('/api/chat', { text: 'three' });
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'rate_limited', retryable: true });
    const socket = await ChatClient.connect(limited.wsUrl, TOKENS.admin);
    socket.send({ type: 'chat', text: 'three, over the socket' });
    expect(await socket.waitFor('error')).toMatchObject({ code: 'rate_limited', retryable: true });
    socket.close();

    const other = await new ApiClient(limited, TOKENS.viewer).post('/api/chat', { text: 'hello' });
    expect(other.status).toBe(200);
    expect(other.body.answer).toBe('for the viewer');
    expect(limited.ollama.pending()).toBe(0);
  });

  it("refuses a user's HTTP requests over the limit with 429 rate_limited, and not another user's", async () => {
    const busy = new ApiClient(limited, TOKENS.editor);
    for (let i = 0; i < 6; i++) expect((await busy.get('/api/sessions')).status).toBe(200);
    const over = await busy.get('/api/sessions');
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((await new ApiClient(limited, TOKENS.viewer).get('/api/sessions')).status).toBe(200);
  });
});
