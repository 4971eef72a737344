// The scripted Ollama stand-in, driven with plain fetch: what goes over the wire for each scripted behaviour.
import { performance } from 'node:perf_hooks';
import { startFakeOllama, type FakeOllama, type RecordedRequest } from '../server';

const MODEL = 'qwen3:8b';
const USER = [{ role: 'user', content: 'how many pods run in default?' }];

let fake: FakeOllama;
beforeEach(async () => { fake = await startFakeOllama({ models: [MODEL], pullable: ['llama3.2'], contextLength: 8192 }); });
afterEach(() => fake.close());

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...init });
const chat = (body: Record<string, unknown> = {}, init?: RequestInit) => post('/api/chat', { model: MODEL, messages: USER, ...body }, init);
const json = (res: Response): Promise<any> => res.json();
const get = async (path: string) => json(await fetch(`${fake.url}${path}`));
/** Lets the server see the connection close before a test reads what it recorded. */
const settle = () => new Promise((r) => setTimeout(r, 50));
const lines = async (res: Response) => (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));

async function until(condition: () => boolean, what: string) {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > 2_000) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Reads NDJSON lines as they arrive; `rest` then fails if the stream was cut. */
function streamReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<any> {
      while (!buffer.includes('\n')) {
        const { done, value } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
      const [line, ...rest] = buffer.split('\n');
      buffer = rest.join('\n');
      return JSON.parse(line);
    },
    async rest(): Promise<string> {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return buffer;
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe('chat streaming', () => {
  it('streams one NDJSON line per text chunk and ends with a done line carrying the counters', async () => {
    fake.script({ text: ['There are ', '3 pods.'], promptTokens: 41, completionTokens: 5 });
    const res = await chat({ stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const [first, second, last] = await lines(res);
    expect(first).toEqual({ model: MODEL, created_at: expect.any(String), message: { role: 'assistant', content: 'There are ' }, done: false });
    expect(Number.isNaN(Date.parse(first.created_at))).toBe(false);
    expect(second.message.content).toBe('3 pods.');
    expect(last).toMatchObject({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 41, eval_count: 5 });
    for (const field of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) expect(last[field]).toBeGreaterThan(0);
  });

  it('streams when the request does not say, as Ollama defaults to streaming', async () => {
    fake.script({ text: 'hi' });
    expect((await lines(await chat())).map((l) => l.done)).toEqual([false, true]);
  });

  it('sends thinking first, then content, then every tool call whole in one chunk', async () => {
    fake.script({
      thinking: ['Need ', 'the pods.'], text: 'Let me look.',
      toolCalls: [{ name: 'k8s_list', arguments: { kind: 'Pod', namespace: 'default' } }, { name: 'k8s_events', arguments: {} }],
    });
    const [t1, t2, content, tools, done] = await lines(await chat());
    expect([t1.message, t2.message]).toEqual([
      { role: 'assistant', content: '', thinking: 'Need ' }, { role: 'assistant', content: '', thinking: 'the pods.' }]);
    expect(content.message).toEqual({ role: 'assistant', content: 'Let me look.' });
    expect(tools.message).toEqual({
      role: 'assistant', content: '',
      tool_calls: [
        { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), function: { index: 0, name: 'k8s_list', arguments: { kind: 'Pod', namespace: 'default' } } },
        { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), function: { index: 1, name: 'k8s_events', arguments: {} } },
      ],
    });
    expect(done.done).toBe(true);
  });

  it('estimates plausible token counts when the script gives none', async () => {
    fake.script({ text: 'x'.repeat(40) });
    const done = (await lines(await chat())).at(-1);
    expect(done.eval_count).toBe(10);
    expect(done.prompt_eval_count).toBeGreaterThan(5);
  });

  it('answers stream:false with one JSON object holding the whole message', async () => {
    fake.script({ thinking: ['a', 'b'], text: ['Three ', 'pods.'], toolCalls: [{ name: 'k8s_get', arguments: { name: 'web' } }], doneReason: 'length' });
    const res = await chat({ stream: false });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await json(res);
    expect(body).toMatchObject({
      model: MODEL, done: true, done_reason: 'length',
      message: { role: 'assistant', content: 'Three pods.', thinking: 'ab', tool_calls: [{ function: { index: 0, name: 'k8s_get', arguments: { name: 'web' } } }] },
    });
    expect(body.eval_count).toBeGreaterThan(0);
  });

  it('calls onChunk for each text and thinking chunk as it is written', async () => {
    const seen: { request: number; index: number; text: string; sentAt: number }[] = [];
    fake.onChunk = (c) => seen.push(c);
    fake.script({ text: 'first' }, { thinking: 'hmm', text: ['a', 'b'], toolCalls: [{ name: 't', arguments: {} }] });
    const before = performance.now();
    await lines(await chat());
    await lines(await chat());
    expect(seen.map(({ request, index, text }) => [request, index, text])).toEqual([[1, 0, 'first'], [2, 0, 'hmm'], [2, 1, 'a'], [2, 2, 'b']]);
    expect(seen.every((c) => c.sentAt >= before)).toBe(true);
  });
});

describe('chat timing and broken connections', () => {
  it('waits delayMs before the headers and chunkDelayMs between chunks', async () => {
    fake.script({ text: ['a', 'b', 'c'], delayMs: 150, chunkDelayMs: 60 });
    const started = performance.now();
    const res = await chat();
    const headersAfter = performance.now() - started;
    await lines(res);
    const totalAfter = performance.now() - started;
    expect(headersAfter).toBeGreaterThanOrEqual(140);
    expect(totalAfter).toBeGreaterThanOrEqual(150 + 3 * 60 - 15);
  });

  it('cuts the connection after disconnectAfterChunks chunks, so the client sees a truncated stream', async () => {
    fake.script({ text: ['one', 'two', 'three'], disconnectAfterChunks: 2 });
    const stream = streamReader(await chat());
    expect((await stream.next()).message.content).toBe('one');
    expect((await stream.next()).message.content).toBe('two');
    await expect(stream.rest()).rejects.toThrow();
    await settle();
    expect(fake.chatRequests()[0].aborted).toBe(false);
  });

  it('closes the connection without any response for a non-streaming disconnect', async () => {
    fake.script({ text: 'never sent', disconnectAfterChunks: 0 });
    await expect(chat({ stream: false })).rejects.toThrow('fetch failed');
  });

  it('keeps a hanging stream open until the client aborts, and records the abort', async () => {
    fake.script({ text: ['partial', 'never'], hangAfterChunks: 1 });
    const client = new AbortController();
    const stream = streamReader(await chat({}, { signal: client.signal }));
    expect((await stream.next()).message.content).toBe('partial');
    const pending = stream.rest();
    await new Promise((r) => setTimeout(r, 100));
    client.abort();
    await expect(pending).rejects.toThrow();
    await until(() => fake.chatRequests()[0].aborted, 'the abort to be recorded');
  });

  it('never answers a hang reply, and records the abort of the waiting client', async () => {
    fake.script({ hang: true });
    const client = new AbortController();
    const answer = chat({}, { signal: client.signal });
    const recorded = await fake.waitForChat(1);
    expect(recorded.aborted).toBe(false);
    client.abort();
    await expect(answer).rejects.toThrow('aborted');
    await until(() => recorded.aborted, 'the abort to be recorded');
  });

  it('does not mark a completed exchange as aborted', async () => {
    fake.script({ text: 'done' });
    await lines(await chat());
    await settle();
    expect(fake.requests[0].aborted).toBe(false);
  });
});

describe('chat errors', () => {
  it('answers a scripted error with its status and an error field, after its delay', async () => {
    const error = 'error parsing tool call: raw=\'{"name": "k8s_list", "arguments": {"kind": \'';
    fake.script({ error, status: 500, delayMs: 100 });
    const started = performance.now();
    const res = await chat();
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ error });
  });

  it('reports an error after streamed text as one more NDJSON line, as Ollama does mid-stream', async () => {
    fake.script({ error: 'model runner has unexpectedly stopped', status: 500, textBefore: ['Let me ', 'check'] });
    const res = await chat();
    expect(res.status).toBe(200);
    const all = await lines(res);
    expect(all.map((l) => l.message?.content ?? l.error)).toEqual(['Let me ', 'check', 'model runner has unexpectedly stopped']);
  });

  it('answers a chat for a model it does not have with Ollama\'s 404, leaving the script untouched', async () => {
    fake.script({ text: 'kept' });
    const res = await chat({ model: 'mistral' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'model "mistral" not found, try pulling it first' });
    expect(fake.pending()).toBe(1);
  });

  it('refuses a reply meant for another model with a clear 500, and keeps it for its model', async () => {
    fake.setModels([MODEL, 'llama3.2']);
    fake.script({ text: 'for llama', model: 'llama3.2' });
    const res = await chat();
    expect(res.status).toBe(500);
    expect((await json(res)).error).toBe(`fake ollama: the next scripted reply is for model "llama3.2", not "${MODEL}"`);
    expect(fake.pending()).toBe(1);
    const [first] = await lines(await chat({ model: 'llama3.2:latest' }));
    expect(first).toMatchObject({ model: 'llama3.2:latest', message: { content: 'for llama' } });
  });

  it('answers 500 when the script has no reply left, so the test notices', async () => {
    const res = await chat();
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'fake ollama: no scripted reply left' });
  });

  it('asks the responder, given the request body, when the queue is empty; queued replies come first', async () => {
    fake.respondWith((body) => (body.messages.at(-1).role === 'tool' ? { text: 'answered' } : { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pod' } }] }));
    fake.script({ text: 'queued' });
    expect((await json(await chat({ stream: false }))).message.content).toBe('queued');
    expect((await json(await chat({ stream: false }))).message.tool_calls[0].function.name).toBe('k8s_get');
    const afterTool = [...USER, { role: 'tool', content: 'pod/web' }];
    expect((await json(await chat({ stream: false, messages: afterTool }))).message.content).toBe('answered');
    expect(fake.pending()).toBe(0);
  });

  it('serves raw bodies as given, for garbage responses', async () => {
    fake.script({ raw: '<html>502 Bad Gateway</html>', status: 502, contentType: 'text/html' }, { raw: '{"model":"x","mess' });
    const html = await chat();
    expect([html.status, html.headers.get('content-type'), await html.text()]).toEqual([502, 'text/html', '<html>502 Bad Gateway</html>']);
    const broken = await chat();
    expect([broken.status, await broken.text()]).toEqual([200, '{"model":"x","mess']);
  });

  it('answers a request without a model with 400', async () => {
    const res = await post('/api/chat', { messages: USER });
    expect([res.status, await res.json()]).toEqual([400, { error: 'model is required' }]);
  });
});

describe('models', () => {
  it('lists its models with tags, digests and details', async () => {
    fake.setModels(['qwen3:8b', 'llama3.2']);
    const { models } = await get('/api/tags');
    expect(models.map((m: { name: string }) => m.name)).toEqual(['qwen3:8b', 'llama3.2:latest']);
    expect(models[0]).toEqual({
      name: 'qwen3:8b', model: 'qwen3:8b', modified_at: expect.any(String), size: expect.any(Number), digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: { parent_model: '', format: 'gguf', family: 'qwen3', families: ['qwen3'], parameter_size: expect.any(String), quantization_level: expect.any(String) },
    });
  });

  it('shows a model with its context length under its architecture and its capabilities', async () => {
    const body = await json(await post('/api/show', { model: MODEL }));
    expect(body.model_info).toMatchObject({ 'general.architecture': 'qwen3', 'qwen3.context_length': 8192 });
    expect(body.capabilities).toEqual(expect.arrayContaining(['completion', 'tools']));
    expect(body.details.family).toBe('qwen3');
    expect(typeof body.parameters).toBe('string');
  });

  it('answers show for an unknown model with 404', async () => {
    const res = await post('/api/show', { model: 'nope' });
    expect([res.status, await res.json()]).toEqual([404, { error: "model 'nope' not found" }]);
  });

  it('streams pull progress like Ollama and then lists the pulled model', async () => {
    const res = await post('/api/pull', { name: 'llama3.2', stream: true });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const progress = await lines(res);
    const statuses = progress.map((p) => p.status);
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    const layer = progress.filter((p) => p.digest === progress[1].digest);
    expect(layer.length).toBeGreaterThan(2);
    expect(layer[0]).toEqual({ status: `pulling ${progress[1].digest.slice(7, 19)}`, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), total: expect.any(Number) });
    expect(layer.at(-1).completed).toBe(layer.at(-1).total);
    const { models } = await get('/api/tags');
    expect(models.map((m: { name: string }) => m.name)).toContain('llama3.2:latest');
  });

  it('fails a pull of a model the registry does not have, streamed and not', async () => {
    const streamed = await lines(await post('/api/pull', { model: 'nope' }));
    expect(streamed).toEqual([{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);
    const whole = await post('/api/pull', { model: 'nope', stream: false });
    expect([whole.status, await whole.json()]).toEqual([500, { error: 'pull model manifest: file does not exist' }]);
  });

  it('answers a non-streaming pull with one success object', async () => {
    const res = await post('/api/pull', { model: 'llama3.2', stream: false });
    expect(await res.json()).toEqual({ status: 'success' });
  });

  it('lists a model as running once it has answered a chat', async () => {
    expect((await get('/api/ps')).models).toEqual([]);
    fake.script({ text: 'hi' });
    await lines(await chat());
    const { models } = await get('/api/ps');
    expect(models).toEqual([expect.objectContaining({ name: MODEL, context_length: 8192, expires_at: expect.any(String) })]);
  });
});

describe('server', () => {
  it('answers the root, the version and 404 for unknown paths like Ollama', async () => {
    expect(await (await fetch(fake.url)).text()).toBe('Ollama is running');
    expect(await get('/api/version')).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const unknown = await fetch(`${fake.url}/api/generate-nothing`);
    expect([unknown.status, await unknown.text()]).toEqual([404, '404 page not found']);
  });

  it('records every request with its parsed body, and hands out chat requests by number', async () => {
    fake.script({ text: 'a' }, { text: 'b' });
    const second = fake.waitForChat(2);
    await fetch(`${fake.url}/api/tags`);
    await lines(await chat({ options: { num_ctx: 8192 } }));
    await lines(await chat({ messages: [...USER, { role: 'assistant', content: 'a' }] }));
    const recorded: RecordedRequest = await second;
    expect(recorded.body.messages).toHaveLength(2);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/tags', 'POST /api/chat', 'POST /api/chat']);
    expect(fake.chatRequests()[0].body).toEqual({ model: MODEL, messages: USER, options: { num_ctx: 8192 } });
    expect(fake.requests[0].body).toBeUndefined();
    expect(fake.chatRequests()[0].at).toBeLessThan(fake.chatRequests()[1].at);
  });

  it('rejects waitForChat when the request does not come in time', async () => {
    await expect(fake.waitForChat(1, 50)).rejects.toThrow('chat request #1 did not arrive within 50 ms (0 arrived)');
  });

  it('refuses connections while stopped and accepts them again after restart on the same URL', async () => {
    await fake.stop();
    await expect(fetch(`${fake.url}/api/version`)).rejects.toThrow('fetch failed');
    await fake.restart();
    expect((await fetch(`${fake.url}/api/version`)).status).toBe(200);
  });

  it('cuts open streams when stopped', async () => {
    fake.script({ text: ['a', 'b'], hangAfterChunks: 1 });
    const stream = streamReader(await chat());
    await stream.next();
    await fake.stop();
    await expect(stream.rest()).rejects.toThrow();
  });
});
