// The bounds of a turn, surfaced to the user rather than hit silently: step and time limits, the context budget
// (results capped, old turns shortened, the request never cut), a missing model pulled with progress, and a cancel
// that stops one turn without touching another session's.
import type { EventOf, ServerEvent } from '@drover/protocol';
import { answerOf, ChatClient } from '../support/chat-client';
import { MODEL, startStack, TOKENS, type Stack } from '../support/stack';
import { until } from '../support/until';

const SMALL_MODEL = 'llama3.2:3b';
// Small enough that the longest message the chat accepts does not fit beside the system prompt and the tools.
const NUM_CTX = 4096;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    models: [SMALL_MODEL],
    env: {
      DROVER_MAX_STEPS: '2',
      DROVER_MAX_TURN_SECONDS: '5',
      DROVER_NUM_CTX: String(NUM_CTX),
      DROVER_PULL_MISSING: 'true',
      DROVER_FALLBACK_MODELS: SMALL_MODEL,
    },
  });
  stack.ollama.setPullable([MODEL]);
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  expect(stack.ollama.pending()).toBe(0); // the previous test used exactly its script
});

const of = <T extends ServerEvent['type']>(events: ServerEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const apiResources = { name: 'k8s_api_resources', arguments: {} };

it('pulls the configured model when Ollama lacks it, showing progress, then answers with it', async () => {
  stack.ollama.script({ model: MODEL, text: 'pulled and ready' });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const events = await client.chat('hello');
  const pulls = of(events, 'model_pull');
  expect(pulls[0]).toMatchObject({ model: MODEL, status: 'pulling manifest' });
  expect(pulls.some((p) => p.total !== undefined && p.completed !== undefined && p.completed > 0)).toBe(true);
  expect(pulls.at(-1)).toMatchObject({ status: 'success' });
  expect(of(events, 'model_fallback')).toEqual([]);
  expect(answerOf(events)).toBe('pulled and ready');
  client.close();
});

it('stops at the step limit and says so', async () => {
  stack.ollama.script({ toolCalls: [apiResources] }, { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'namespace' } }] });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const events = await client.chat('loop forever');
  expect(of(events, 'tool_result')).toHaveLength(2);
  expect(events.at(-1)).toMatchObject({
    type: 'turn_end',
    reason: 'step_limit',
    notice: 'Stopped after 2 steps without a final answer. Ask again to continue, or narrow the question.',
  });
  client.close();
});

it('stops at the time limit and says so', async () => {
  stack.ollama.script({ text: ['Let me ', 'think…'], hangAfterChunks: 2 });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const events = await client.chat('take forever');
  const end = events.at(-1) as EventOf<'turn_end'>;
  expect(end).toMatchObject({ type: 'turn_end', reason: 'time_limit', notice: expect.stringContaining('time limit') });
  expect(end.durationMs).toBeGreaterThanOrEqual(4900);
  client.close();
});

it('caps a large tool result to its share of the context, and tells the model how to get less', async () => {
  stack.ollama.script({ toolCalls: [apiResources] }, { text: 'many kinds' });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  await client.chat('which kinds exist?');
  const toolMessage = stack.ollama.chatRequests().at(-1)!.body.messages.at(-1);
  expect(toolMessage.role).toBe('tool');
  expect(toolMessage.content.length).toBeLessThanOrEqual(Math.floor(NUM_CTX * 0.15 * 3.5));
  expect(toolMessage.content).toMatch(/\[… cut: \d+ more characters\. Ask for less/);
  client.close();
});

it('shortens old turns to notes so a long conversation fits, never cutting the new question', async () => {
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const long = (n: number) => `question ${n}: ${'why is this pod slow? '.repeat(120).trimEnd()}`;
  for (let n = 1; n <= 4; n++) {
    stack.ollama.script({ text: `answer ${n} ${'the node is overloaded. '.repeat(100)}` });
    await client.say(long(n));
  }
  const { messages } = stack.ollama.chatRequests().at(-1)!.body;
  const sent = JSON.stringify(messages).length;
  expect(sent / 3.5).toBeLessThan(NUM_CTX);
  expect(messages.at(-1)).toEqual({ role: 'user', content: long(4) });
  const note = messages.find(
    (m: { role: string; content: string }) =>
      m.role === 'system' && m.content.startsWith('Earlier in this conversation (shortened to fit)'),
  );
  expect(note.content).toMatch(/The user asked: "question 1:[^\n]*\n- The user asked: "question 2:[^\n]*\n- The user asked: "question 3:/);
  client.close();
});

it('refuses a message too long for the model instead of letting Ollama cut it', async () => {
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const events = await client.chat('x'.repeat(15_999));
  expect(of(events, 'error')[0]).toMatchObject({
    code: 'context_too_long',
    retryable: false,
    message: expect.stringContaining(`context of ${NUM_CTX}`),
  });
  client.close();
});

it('a cancel stops only its own turn: another session streams on', async () => {
  const a = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const b = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  stack.ollama.script({ text: ['a1 ', 'a2 '], hangAfterChunks: 2 });
  const fromA = a.mark();
  a.send({ type: 'chat', text: 'first' });
  await a.waitFor('token', (t) => t.text === 'a2 ', fromA);
  stack.ollama.script({ text: ['b1 ', 'b2 ', 'b3'], chunkDelayMs: 100 });
  const answerB = b.chat('second');
  await until('session B streams', () => b.events.some((e) => e.type === 'token'));
  a.send({ type: 'cancel' });
  expect(await a.waitFor('turn_end', () => true, fromA)).toMatchObject({ reason: 'cancelled' });
  const eventsB = await answerB;
  expect(eventsB.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
  expect(answerOf(eventsB)).toBe('b1 b2 b3');
  a.close();
  b.close();
});
