// What weak models, a flaky Ollama and a dying MCP server do to a turn: every case ends with a clear event for the
// user, and the session goes on working. Real backend, MCP server and cluster; only the model is scripted.
import { applyObjects, deployment, waitForDeployments } from '../../../tests/cluster';
import type { EventOf, ServerEvent } from '@drover/protocol';
import { answerOf, ChatClient, typesOf } from '../support/chat-client';
import { cluster, MODEL, startStack, TOKENS, type Stack } from '../support/stack';
import { until } from '../support/until';

const NS = 'be-robust';
const FALLBACK = 'llama3.2:3b';
let stack: Stack;
let client: ChatClient;

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS, replicas: 2 }),
  ]);
  await waitForDeployments(cluster, [NS], ['web']);
  stack = await startStack({
    models: [MODEL, FALLBACK],
    env: { DROVER_FALLBACK_MODELS: FALLBACK, DROVER_OLLAMA_FIRST_BYTE_TIMEOUT_SECONDS: '2', DROVER_OLLAMA_IDLE_TIMEOUT_SECONDS: '2' },
  });
  client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
});

afterAll(async () => {
  client?.close();
  await stack?.stop();
});

beforeEach(() => {
  stack.ollama.setModels([MODEL, FALLBACK]);
  expect(stack.ollama.pending()).toBe(0); // the previous test used exactly its script
});

const of = <T extends ServerEvent['type']>(events: ServerEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const lastChat = () => stack.ollama.chatRequests().at(-1)!.body;
const podsCall = { name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } };

describe('tool calls from weak models', () => {
  it('runs several tool calls of one reply, in order, and gives the model every result', async () => {
    stack.ollama.script(
      { toolCalls: [podsCall, { name: 'k8s_get', arguments: { kind: 'deployment', namespace: NS } }] },
      { text: 'Two pods, one deployment.' },
    );
    const events = await client.say('what runs in be-robust?');
    expect(of(events, 'tool_call').map((e) => e.arguments.kind)).toEqual(['pod', 'deployment']);
    expect(of(events, 'tool_result').map((e) => e.summary)).toEqual(['2 pods', '1 deployments.apps']);
    expect(
      lastChat()
        .messages.slice(-2)
        .map((m: { role: string; tool_name: string }) => [m.role, m.tool_name]),
    ).toEqual([
      ['tool', 'k8s_get'],
      ['tool', 'k8s_get'],
    ]);
    expect(answerOf(events)).toBe('Two pods, one deployment.');
  });

  it('recognises a tool call written as fenced JSON text, runs it, and never shows the JSON', async () => {
    stack.ollama.script(
      { text: ['```json\n{"name": "k8s_get", ', `"parameters": {"kind": "pod", "namespace": "${NS}"}}\n\`\`\``] },
      { text: 'Both web pods are running.' },
    );
    const events = await client.say('are the web pods running?');
    expect(typesOf(events)).toEqual(['turn_start', 'tool_call', 'tool_result', 'token', 'turn_end']);
    expect(answerOf(events)).toBe('Both web pods are running.');
    expect(lastChat().messages.at(-2)).toMatchObject({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'k8s_get' } }] });
  });

  it('keeps JSON-looking text that names no real tool as the answer', async () => {
    stack.ollama.script({ text: '{"name": "make_coffee", "arguments": {}}' });
    const events = await client.say('say something odd');
    expect(of(events, 'tool_call')).toEqual([]);
    expect(answerOf(events)).toBe('{"name": "make_coffee", "arguments": {}}');
  });

  it('repairs arguments sent as strings and drops nulls', async () => {
    stack.ollama.script(
      {
        toolCalls: [
          { name: 'k8s_get', arguments: { kind: 'pod', namespace: NS, limit: '1', fields: '["status.phase"]', labelSelector: null } },
        ],
      },
      { text: 'done' },
    );
    const events = await client.say('one pod phase please');
    const [call] = of(events, 'tool_call');
    expect(call.arguments).toEqual({ kind: 'pod', namespace: NS, limit: 1, fields: ['status.phase'] });
    const [result] = of(events, 'tool_result');
    expect(result).toMatchObject({ isError: false, structured: { kind: 'table', columns: ['NAME', 'STATUS.PHASE'] } });
  });

  it('tells the model about an unknown tool and about missing arguments, so it can correct itself', async () => {
    stack.ollama.script(
      {
        toolCalls: [
          { name: 'kubectl', arguments: { command: 'get pods' } },
          { name: 'k8s_describe', arguments: { kind: 'deployment' } },
        ],
      },
      { toolCalls: [{ name: 'k8s_describe', arguments: { kind: 'deployment', name: 'web', namespace: NS } }] },
      { text: 'web is fine.' },
    );
    const events = await client.say('describe web');
    const results = of(events, 'tool_result');
    expect(results.map((r) => r.isError)).toEqual([true, true, false]);
    const [unknownTool, missing] = stack.ollama.chatRequests().at(-2)!.body.messages.slice(-2);
    expect(unknownTool.content).toMatch(/^Error: There is no tool named "kubectl"\. Use one of: .*k8s_get/);
    expect(missing.content).toMatch(/^Error: k8s_describe needs `name` \(string\)/);
    expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
  });

  it('answers an identical repeated read from the earlier result instead of running it again', async () => {
    stack.ollama.script({ toolCalls: [podsCall] }, { toolCalls: [podsCall] }, { text: 'ok' });
    const events = await client.say('pods?');
    const results = of(events, 'tool_result');
    expect(results[1].summary).toBe('Same as an earlier call in this turn: not run again');
    expect(lastChat().messages.at(-1).content).toMatch(/^You already made this exact call in this turn/);
  });
});

describe('model failures', () => {
  it("retries once when Ollama cannot parse the model's tool call", async () => {
    stack.ollama.script(
      { status: 500, error: 'error parsing tool call: raw=\'{"name": "k8s_get", "arguments": {"kind": "pod"\'' },
      { toolCalls: [podsCall] },
      { text: 'two pods' },
    );
    const events = await client.say('pods?');
    expect(of(events, 'model_fallback')).toEqual([]);
    expect(of(events, 'tool_result')).toHaveLength(1);
    expect(answerOf(events)).toBe('two pods');
  });

  it('falls back to the next model when the primary keeps failing, and tells the user', async () => {
    stack.ollama.script(
      { status: 500, error: "error parsing tool call: raw='oops'" },
      { status: 500, error: "error parsing tool call: raw='oops again'" },
      { model: FALLBACK, text: 'Answer from the fallback.' },
    );
    const events = await client.say('hello');
    expect(of(events, 'model_fallback')).toEqual([
      expect.objectContaining({ from: MODEL, to: FALLBACK, reason: expect.stringContaining('could not parse') }),
    ]);
    expect(answerOf(events)).toBe('Answer from the fallback.');
    expect(
      stack.ollama
        .chatRequests()
        .slice(-3)
        .map((r) => r.body.model),
    ).toEqual([MODEL, MODEL, FALLBACK]);
  });

  it('moves on to the fallback when the primary model is not installed', async () => {
    stack.ollama.setModels([FALLBACK]);
    stack.ollama.script({ model: FALLBACK, text: 'fallback here' });
    const events = await client.say('hello again');
    expect(of(events, 'model_fallback')[0]).toMatchObject({
      from: MODEL,
      to: FALLBACK,
      reason: expect.stringContaining(`does not have the model ${MODEL}`),
    });
    expect(answerOf(events)).toBe('fallback here');
  });

  it('reports a model that sends nothing in time, on every model of the chain', async () => {
    stack.ollama.script({ delayMs: 3000, text: 'too late' }, { model: FALLBACK, delayMs: 3000, text: 'too late too' });
    const events = await client.say('slow?');
    expect(of(events, 'error')[0]).toMatchObject({
      code: 'model_error',
      retryable: true,
      message: expect.stringContaining('did not start answering within 2 s'),
    });
    expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'failed' });
  });

  it('reports garbage and a reply cut off mid-stream as a broken reply', async () => {
    stack.ollama.script(
      { raw: '<html>502 Bad Gateway</html>' },
      { model: FALLBACK, text: ['partial ', 'answer ', 'never finished'], disconnectAfterChunks: 1 },
    );
    const events = await client.say('garbage?');
    expect(of(events, 'model_fallback')).toHaveLength(1);
    expect(of(events, 'error')[0]).toMatchObject({
      code: 'model_error',
      message: expect.stringContaining('broke off before it was complete'),
    });
  });

  it('says clearly when Ollama is down, keeps the session, and /commands still work', async () => {
    await stack.ollama.stop();
    try {
      const events = await client.say('is anything broken?');
      const [error] = of(events, 'error');
      expect(error).toMatchObject({ code: 'model_unavailable', retryable: true });
      expect(error.message).toContain('No model is reachable');
      expect(error.message).toContain('type /help');
      expect(error.message).toContain(`ollama pull ${MODEL}`);
      const direct = await client.say(`/get pods -n ${NS}`);
      expect(typesOf(direct)).toEqual(['turn_start', 'tool_call', 'tool_result', 'turn_end']);
      expect(of(direct, 'tool_result')[0]).toMatchObject({ summary: '2 pods', structured: { kind: 'table' } });
    } finally {
      await stack.ollama.restart();
    }
    stack.ollama.script({ text: 'back again' });
    expect(answerOf(await client.say('and now?'))).toBe('back again');
  });
});

describe('cancel', () => {
  it('aborts the model stream of this turn only, and ends the turn as cancelled', async () => {
    stack.ollama.script({ text: ['thinking about ', 'it…'], hangAfterChunks: 2 });
    const from = client.mark();
    client.send({ type: 'chat', text: 'take your time', sessionId: client.sessionId });
    await client.waitFor('token', (t) => t.text === 'it…', from);
    client.send({ type: 'cancel' });
    const end = await client.waitFor('turn_end', () => true, from);
    expect(end).toMatchObject({ reason: 'cancelled', notice: expect.stringContaining('Cancelled') });
    const request = stack.ollama.chatRequests().at(-1)!;
    await until('the scripted model sees the stream aborted', () => request.aborted);
  });

  it('cancels a tool call in flight and the next turn works', async () => {
    stack.ollama.script({ toolCalls: [podsCall] });
    process.kill(stack.mcpPid, 'SIGSTOP'); // the MCP server hangs mid-call
    try {
      const from = client.mark();
      client.send({ type: 'chat', text: 'pods, slowly', sessionId: client.sessionId });
      await client.waitFor('tool_call', () => true, from);
      client.send({ type: 'cancel' });
      expect(await client.waitFor('turn_end', () => true, from)).toMatchObject({ reason: 'cancelled' });
    } finally {
      process.kill(stack.mcpPid, 'SIGCONT');
    }
    stack.ollama.script({ toolCalls: [podsCall] }, { text: 'two' });
    const events = await client.say('pods now?');
    expect(of(events, 'tool_result')[0]).toMatchObject({ isError: false, summary: '2 pods' });
  });
});

describe('the MCP server dies mid-call', () => {
  it('fails that call with a clear, retryable error for the model, and the session recovers after a restart', async () => {
    stack.ollama.script({ toolCalls: [podsCall] }, { text: 'The cluster tools failed; try again.' });
    process.kill(stack.mcpPid, 'SIGSTOP');
    const from = client.mark();
    client.send({ type: 'chat', text: 'pods?', sessionId: client.sessionId });
    await client.waitFor('tool_call', () => true, from);
    process.kill(stack.mcpPid, 'SIGKILL');
    const result = await client.waitFor('tool_result', () => true, from);
    expect(result).toMatchObject({ isError: true, summary: expect.stringContaining('broke during the call') });
    expect(await client.waitFor('turn_end', () => true, from)).toMatchObject({ reason: 'answered' });
    expect(lastChat().messages.at(-1).content).toMatch(
      /^Error: the connection to Drover's MCP server broke during the call; it may or may not have run/,
    );

    await stack.stopMcp();
    await stack.startMcp();
    stack.ollama.script({ toolCalls: [podsCall] }, { text: 'two pods' });
    const events = await client.say('pods now?');
    expect(of(events, 'tool_result')[0]).toMatchObject({ isError: false, summary: '2 pods' });
  });

  it('says the tools are unavailable while the server is down', async () => {
    await stack.stopMcp();
    try {
      stack.ollama.script({ toolCalls: [podsCall] }, { text: 'I could not reach the cluster.' });
      const events = await client.say('pods?');
      expect(of(events, 'tool_result')[0]).toMatchObject({ isError: true, summary: expect.stringContaining('is not reachable') });
      expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
    } finally {
      await stack.startMcp();
    }
  });
});
