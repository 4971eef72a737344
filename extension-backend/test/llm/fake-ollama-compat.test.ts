// The real `ollama` client against the scripted Ollama stand-in (tests/ollama-fake): if these pass, the product's
// tests that use the stand-in exercise the same client code paths as production against a real Ollama.
import { Ollama, type ChatResponse } from 'ollama';
import { startFakeOllama, type FakeOllama } from '../../../tests/ollama-fake/server';

const MODEL = 'qwen3:8b';
const messages = [{ role: 'user', content: 'what runs in default?' }];

let fake: FakeOllama;
let ollama: Ollama;
beforeEach(async () => {
  fake = await startFakeOllama({ models: [MODEL], pullable: ['llama3.2'], contextLength: 16384 });
  ollama = new Ollama({ host: fake.url });
});
afterEach(() => fake.close());

async function collect(stream: AsyncIterable<ChatResponse>): Promise<ChatResponse[]> {
  const parts: ChatResponse[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** Lets the stand-in see the connection close before a test reads what it recorded. */
async function until(condition: () => boolean) {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > 2_000) throw new Error('condition not met within 2 s');
  }
}

describe('the ollama client against the stand-in', () => {
  it('streams thinking, text and whole tool calls, ending with the final counters', async () => {
    fake.script({
      thinking: 'Pods first.',
      text: ['Checking ', 'pods.'],
      toolCalls: [{ name: 'k8s_list', arguments: { kind: 'Pod' } }],
      promptTokens: 30,
      completionTokens: 12,
    });
    const parts = await collect(await ollama.chat({ model: MODEL, messages, stream: true, think: true, tools: [] }));
    expect(parts.map((p) => p.message.thinking ?? '').join('')).toBe('Pods first.');
    expect(parts.map((p) => p.message.content).join('')).toBe('Checking pods.');
    expect(parts.flatMap((p) => p.message.tool_calls ?? [])).toEqual([
      expect.objectContaining({ function: expect.objectContaining({ name: 'k8s_list', arguments: { kind: 'Pod' } }) }),
    ]);
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 30, eval_count: 12 });
    expect(fake.chatRequests()[0].body).toMatchObject({ model: MODEL, messages, stream: true, think: true });
  });

  it('returns a non-streaming reply whole', async () => {
    fake.script({ text: ['Three ', 'pods.'], toolCalls: [{ name: 'k8s_get', arguments: { name: 'web' } }] });
    const reply = await ollama.chat({ model: MODEL, messages });
    expect(reply.done).toBe(true);
    expect(reply.message.content).toBe('Three pods.');
    expect(reply.message.tool_calls?.[0].function).toMatchObject({ name: 'k8s_get', arguments: { name: 'web' } });
  });

  it('surfaces a scripted error as a ResponseError with status and message', async () => {
    fake.script({ status: 500, error: 'error parsing tool call: raw=\'{"name": \'' });
    await expect(ollama.chat({ model: MODEL, messages, stream: true })).rejects.toMatchObject({
      name: 'ResponseError',
      status_code: 500,
      message: 'error parsing tool call: raw=\'{"name": \'',
    });
  });

  it('surfaces a missing model as a ResponseError 404', async () => {
    await expect(ollama.chat({ model: 'mistral', messages })).rejects.toMatchObject({
      name: 'ResponseError',
      status_code: 404,
      message: 'model "mistral" not found, try pulling it first',
    });
  });

  it('throws the message of an error line that arrives mid-stream', async () => {
    fake.script({ status: 500, error: 'model runner has unexpectedly stopped', textBefore: ['Let me'] });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const part of await ollama.chat({ model: MODEL, messages, stream: true })) seen.push(part.message.content);
    })();
    await expect(reading).rejects.toThrow('model runner has unexpectedly stopped');
    expect(seen).toEqual(['Let me']);
  });

  it('reports a cut connection as an unfinished stream', async () => {
    fake.script({ text: ['a', 'b'], disconnectAfterChunks: 1 });
    await expect(collect(await ollama.chat({ model: MODEL, messages, stream: true }))).rejects.toThrow();
  });

  it('records iterator.abort() on a hanging stream as an abort', async () => {
    fake.script({ text: ['partial', 'never'], hangAfterChunks: 1 });
    const stream = await ollama.chat({ model: MODEL, messages, stream: true });
    const reading = (async () => {
      for await (const part of stream) if (part.message.content === 'partial') stream.abort();
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => fake.chatRequests()[0].aborted);
  });

  // chat() resolves only once headers arrive, so its iterator cannot cancel a request Ollama has not answered yet;
  // a fetch that carries the caller's signal can.
  it('cancels a request still waiting for headers through a fetch that carries a signal', async () => {
    fake.script({ hang: true });
    const cancel = new AbortController();
    const client = new Ollama({ host: fake.url, fetch: (input, init) => fetch(input, { ...init, signal: cancel.signal }) });
    const answer = client.chat({ model: MODEL, messages, stream: true });
    await fake.waitForChat(1);
    cancel.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => fake.chatRequests()[0].aborted);
  });

  it('lists and shows models', async () => {
    const { models } = await ollama.list();
    expect(models.map((m) => m.name)).toEqual([MODEL]);
    const shown = await ollama.show({ model: MODEL });
    expect(shown.capabilities).toContain('tools');
    expect((shown.model_info as unknown as Record<string, unknown>)[`${shown.details.family}.context_length`]).toBe(16384);
  });

  it('streams a pull to success and then lists the pulled model', async () => {
    const statuses: string[] = [];
    for await (const progress of await ollama.pull({ model: 'llama3.2', stream: true })) statuses.push(progress.status);
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses.at(-1)).toBe('success');
    expect((await ollama.list()).models.map((m) => m.name)).toContain('llama3.2:latest');
  });

  it('throws the error of a pull the registry cannot serve', async () => {
    const pulling = (async () => {
      for await (const _ of await ollama.pull({ model: 'nope', stream: true }));
    })();
    await expect(pulling).rejects.toThrow('pull model manifest: file does not exist');
  });
});
