// A scripted stand-in for an Ollama server, for tests and benchmarks (no model weights exist here).
// It speaks Ollama's HTTP API on 127.0.0.1 closely enough that the real `ollama` npm client cannot tell:
//   POST /api/chat   NDJSON stream (or one JSON object with stream:false); replies come from a script queue
//   GET  /api/tags, POST /api/show, POST /api/pull (streamed progress), GET /api/ps, GET /api/version, GET /
// Wire details follow Ollama's server: errors are `{"error": "..."}` with the HTTP status, an error after a stream
// has started is one more NDJSON line, tool calls arrive whole in one chunk with an id, the last line is done:true
// with the timing counters. Tests script what the "model" says and how the connection behaves (delays, a cut
// connection, a hang until the client gives up), then read back every request the server received.
// Only tests and benchmarks import this file; the product never does.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScriptedToolCall { name: string; arguments: Record<string, unknown> }

/** What the model answers. */
export interface ScriptedMessage {
  /** Content, streamed as one chunk per array item (a string = one chunk). */
  text?: string | string[];
  /** Thinking, streamed before the content, one chunk per item. */
  thinking?: string | string[];
  /** Sent as message.tool_calls, whole, in one chunk after thinking and text (as real Ollama does). */
  toolCalls?: ScriptedToolCall[];
  /** Wait before the response headers (time to first token). */
  delayMs?: number;
  /** Wait between chunks (a fixed streaming rate). */
  chunkDelayMs?: number;
  /** Close the connection abruptly after this many chunks: no final done chunk (stream:false: no response). */
  disconnectAfterChunks?: number;
  /** Keep the stream open after this many chunks until the client goes away (for cancel tests). */
  hangAfterChunks?: number;
  /** prompt_eval_count / eval_count of the final chunk (defaults: estimated from the text, 4 characters a token). */
  promptTokens?: number;
  completionTokens?: number;
  /** Default 'stop'. */
  doneReason?: string;
  /** Only a request for this model may take this reply; any other gets HTTP 500 and the reply stays queued. */
  model?: string;
}
/** Ollama refuses or fails, e.g. `{ status: 500, error: 'error parsing tool call: raw=...' }`. */
export interface ScriptedError {
  error: string;
  status: number;
  delayMs?: number;
  /** Content chunks streamed (HTTP 200) before the error, which then arrives as an NDJSON `{"error"}` line,
   *  as real Ollama reports failures once a stream has started; `status` is unused then. */
  textBefore?: string[];
}
/** A body that is not Ollama's, e.g. an HTML error page of a proxy or broken NDJSON. */
export interface ScriptedRaw { raw: string; status?: number; contentType?: string }
/** Never answers until the client disconnects. */
export interface ScriptedHang { hang: true }
export type ScriptedReply = ScriptedMessage | ScriptedError | ScriptedRaw | ScriptedHang;

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body (the raw text if it is not JSON, undefined if empty). */
  body: any;
  /** performance.now() when the body had arrived. */
  at: number;
  /** The client closed the connection before the response ended. */
  aborted: boolean;
}

export interface ChunkSent { request: number; index: number; text: string; sentAt: number }

export interface FakeOllama {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Queue replies for the next /api/chat requests (consumed in order, across models). */
  script(...replies: ScriptedReply[]): void;
  /** Replies still queued. */
  pending(): number;
  /**
   * Replies chosen from each /api/chat request's body, for requests that find the queue empty: a model whose answer
   * depends on the conversation (e.g. a tool call first, then an answer once the result is in). undefined: none.
   */
  respondWith(responder: ((body: Record<string, any>) => ScriptedReply) | undefined): void;
  /** Every request, all paths, in arrival order. */
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  /** Resolves when the n-th /api/chat request (1-based) has arrived. */
  waitForChat(n: number, timeoutMs?: number): Promise<RecordedRequest>;
  /** Models the server has (/api/tags, /api/show); chat for any other model gets Ollama's 404. */
  setModels(models: string[]): void;
  /** Models /api/pull can fetch (others fail like real Ollama); a pulled model joins the list. */
  setPullable(models: string[]): void;
  /** Called for each content/thinking chunk as it is written (request: 1-based chat request number). */
  onChunk?: (chunk: ChunkSent) => void;
  /** Stop answering (connections refused, open ones cut) and start again on the same port. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const OLLAMA_VERSION = '0.12.6';
const DEFAULT_CONTEXT_LENGTH = 40_960;
const MODEL_BYTES = 5_225_376_047;
const LOAD_NS = 48_000_000;
const PROMPT_NS_PER_TOKEN = 400_000;
const EVAL_NS_PER_TOKEN = 20_000_000;
const WAIT_FOR_CHAT_MS = 5_000;
const JSON_TYPE = 'application/json; charset=utf-8';

/** Ollama treats "qwen3" and "qwen3:latest" as the same model. */
const canonical = (model: string) => (model.includes(':') ? model : `${model}:latest`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const architecture = (model: string) => model.split(':')[0].replace(/[^a-z0-9]/gi, '').toLowerCase();
const chunksOf = (value?: string | string[]) => (value === undefined ? [] : typeof value === 'string' ? [value] : value);
const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));
const isRecord = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

function modelDetails(model: string) {
  const family = architecture(model);
  return { parent_model: '', format: 'gguf', family, families: [family], parameter_size: '8.2B', quantization_level: 'Q4_K_M' };
}

function modelSummary(model: string) {
  return { name: model, model, size: MODEL_BYTES, digest: sha256(model), details: modelDetails(model) };
}

/** One request/response pair: whether the client is still there, and how the exchange ended. */
class Exchange {
  readonly gone = new AbortController();
  private hungUp = false;

  constructor(private readonly res: ServerResponse, record: RecordedRequest) {
    res.on('close', () => {
      record.aborted = !res.writableFinished && !this.hungUp;
      this.gone.abort();
    });
  }

  get isOpen() { return !this.gone.signal.aborted; }

  send(status: number, contentType: string, body: string) {
    if (!this.isOpen || this.res.headersSent) return;
    this.res.writeHead(status, { 'Content-Type': contentType }).end(body);
  }

  json(status: number, body: unknown) { this.send(status, JSON_TYPE, JSON.stringify(body)); }

  /** One NDJSON line; the first one sends the headers, as Ollama's streaming handlers do. */
  line(body: unknown) {
    if (!this.isOpen) return;
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    this.res.write(`${JSON.stringify(body)}\n`);
  }

  end() { if (this.isOpen) this.res.end(); }

  /** Close the connection mid-response, like a crashed server: what was written still arrives, then the end. */
  hangUp() {
    this.hungUp = true;
    this.res.socket?.end();
  }

  /** False when the client went away during the wait. */
  async wait(ms = 0): Promise<boolean> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.gone.signal }).catch(() => undefined);
    return this.isOpen;
  }

  untilGone(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.isOpen) resolve();
      else this.gone.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

type ChatMessage = { role: 'assistant'; content: string; thinking?: string; tool_calls?: unknown[] };

function wireToolCalls(calls: ScriptedToolCall[]) {
  return calls.map((call, index) => ({
    id: `call_${randomBytes(4).toString('hex')}`,
    function: { index, name: call.name, arguments: call.arguments },
  }));
}

/** The streamed messages of a reply, in Ollama's order: thinking, content, then all tool calls at once. */
function streamedMessages(reply: ScriptedMessage): ChatMessage[] {
  return [
    ...chunksOf(reply.thinking).map((thinking): ChatMessage => ({ role: 'assistant', content: '', thinking })),
    ...chunksOf(reply.text).map((content): ChatMessage => ({ role: 'assistant', content })),
    ...(reply.toolCalls?.length ? [{ role: 'assistant', content: '', tool_calls: wireToolCalls(reply.toolCalls) } as ChatMessage] : []),
  ];
}

function wholeMessage(reply: ScriptedMessage): ChatMessage {
  const thinking = chunksOf(reply.thinking).join('');
  return {
    role: 'assistant',
    content: chunksOf(reply.text).join(''),
    ...(thinking ? { thinking } : {}),
    ...(reply.toolCalls?.length ? { tool_calls: wireToolCalls(reply.toolCalls) } : {}),
  };
}

/** done_reason and the counters Ollama puts on its last chunk; durations are nanoseconds. */
function finalFields(reply: ScriptedMessage, request: Record<string, any>, startedAt: number) {
  const said = [...chunksOf(reply.thinking), ...chunksOf(reply.text), reply.toolCalls ? JSON.stringify(reply.toolCalls) : ''].join('');
  const promptTokens = reply.promptTokens ?? estimateTokens(JSON.stringify(request.messages ?? []));
  const completionTokens = reply.completionTokens ?? estimateTokens(said);
  const promptEval = promptTokens * PROMPT_NS_PER_TOKEN;
  const evalDuration = completionTokens * EVAL_NS_PER_TOKEN;
  return {
    done_reason: reply.doneReason ?? 'stop',
    total_duration: Math.max(Math.round((performance.now() - startedAt) * 1e6), LOAD_NS + promptEval + evalDuration),
    load_duration: LOAD_NS,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: completionTokens,
    eval_duration: evalDuration,
  };
}

export async function startFakeOllama(options: { models?: string[]; pullable?: string[]; port?: number; contextLength?: number } = {}): Promise<FakeOllama> {
  const contextLength = options.contextLength ?? DEFAULT_CONTEXT_LENGTH;
  const modifiedAt = new Date().toISOString();
  let models = new Set((options.models ?? ['qwen3:8b']).map(canonical));
  let pullable = new Set((options.pullable ?? []).map(canonical));
  const loaded = new Set<string>();
  const queue: ScriptedReply[] = [];
  let responder: ((body: Record<string, any>) => ScriptedReply) | undefined;
  const requests: RecordedRequest[] = [];
  const chatWaiters = new Set<() => void>();
  const chatRequests = () => requests.filter((r) => r.path === '/api/chat');

  async function chat(ex: Exchange, body: Record<string, any>, startedAt: number) {
    const requestNumber = chatRequests().length; // this request was just recorded
    if (typeof body.model !== 'string' || !body.model) return ex.json(400, { error: 'model is required' });
    const model = canonical(body.model);
    if (!models.has(model)) return ex.json(404, { error: `model "${body.model}" not found, try pulling it first` });
    const next = queue[0] ?? responder?.(body);
    if (!next) return ex.json(500, { error: 'fake ollama: no scripted reply left' });
    if ('model' in next && next.model && canonical(next.model) !== model) {
      return ex.json(500, { error: `fake ollama: the next scripted reply is for model "${next.model}", not "${body.model}"` });
    }
    if (next === queue[0]) queue.shift();
    loaded.add(model);
    if ('hang' in next) return ex.untilGone();
    if ('raw' in next) return ex.send(next.status ?? 200, next.contentType ?? 'text/plain; charset=utf-8', next.raw);
    const chunk = (message: ChatMessage) => ({ model: body.model, created_at: new Date().toISOString(), message, done: false });
    if ('error' in next) {
      if (!(await ex.wait(next.delayMs))) return;
      if (!next.textBefore) return ex.json(next.status, { error: next.error });
      for (const content of next.textBefore) ex.line(chunk({ role: 'assistant', content }));
      ex.line({ error: next.error });
      return ex.end();
    }
    if (!(await ex.wait(next.delayMs))) return;
    const done = () => ({ ...chunk({ role: 'assistant', content: '' }), done: true, ...finalFields(next, body, startedAt) });
    if (body.stream === false) {
      if (next.disconnectAfterChunks !== undefined) return ex.hangUp();
      if (next.hangAfterChunks !== undefined) return ex.untilGone();
      return ex.json(200, { ...done(), message: wholeMessage(next) });
    }
    // undefined stands for the final done line, so "after N chunks" can also fall just before it.
    const messages = [...streamedMessages(next), undefined];
    for (const [index, message] of messages.entries()) {
      if (index === next.disconnectAfterChunks) return ex.hangUp();
      if (index === next.hangAfterChunks) return ex.untilGone();
      if (index > 0 && !(await ex.wait(next.chunkDelayMs))) return;
      ex.line(message ? chunk(message) : done());
      const text = message?.thinking ?? message?.content;
      if (text) fake.onChunk?.({ request: requestNumber, index, text, sentAt: performance.now() });
    }
    ex.end();
  }

  /** Progress lines like Ollama's: manifest, each layer several times, verification, manifest written. */
  function pullProgress(model: string) {
    const layers = [{ digest: sha256(model), total: MODEL_BYTES }, { digest: sha256(`${model}/params`), total: 148 }];
    return [
      { status: 'pulling manifest' },
      ...layers.flatMap(({ digest, total }) => [0, 1 / 3, 2 / 3, 1].map((part) => ({
        status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, ...(part > 0 ? { completed: Math.round(total * part) } : {}),
      }))),
      { status: 'verifying sha256 digest' },
      { status: 'writing manifest' },
    ];
  }

  function pull(ex: Exchange, body: Record<string, any>) {
    const requested = body.model ?? body.name;
    if (typeof requested !== 'string' || !requested) return ex.json(400, { error: 'model is required' });
    const model = canonical(requested);
    const error = pullable.has(model) ? undefined : 'pull model manifest: file does not exist';
    if (!error) models.add(model);
    if (body.stream === false) return error ? ex.json(500, { error }) : ex.json(200, { status: 'success' });
    const progress = error ? [{ status: 'pulling manifest' }, { error }] : [...pullProgress(model), { status: 'success' }];
    for (const line of progress) ex.line(line);
    ex.end();
  }

  function show(ex: Exchange, body: Record<string, any>) {
    const requested = String(body.model ?? body.name ?? '');
    const model = canonical(requested);
    if (!models.has(model)) return ex.json(404, { error: `model '${requested}' not found` });
    const arch = architecture(model);
    ex.json(200, {
      modelfile: `# Modelfile generated by "ollama show"\nFROM ${model}\nPARAMETER temperature 0.6\n`,
      parameters: 'temperature                    0.6\ntop_k                          20\ntop_p                          0.95',
      template: '{{ .Prompt }}',
      details: modelDetails(model),
      model_info: {
        'general.architecture': arch,
        'general.parameter_count': 8_190_735_360,
        [`${arch}.context_length`]: contextLength,
        [`${arch}.embedding_length`]: 4096,
      },
      capabilities: ['completion', 'tools', 'thinking'],
      modified_at: modifiedAt,
    });
  }

  function runningModels() {
    const expiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
    return [...loaded].filter((m) => models.has(m))
      .map((m) => ({ ...modelSummary(m), expires_at: expiresAt, size_vram: MODEL_BYTES, context_length: contextLength }));
  }

  const routes: Record<string, (ex: Exchange, body: Record<string, any>, startedAt: number) => unknown> = {
    'GET /': (ex) => ex.send(200, 'text/plain; charset=utf-8', 'Ollama is running'),
    'HEAD /': (ex) => ex.send(200, 'text/plain; charset=utf-8', ''),
    'GET /api/version': (ex) => ex.json(200, { version: OLLAMA_VERSION }),
    'GET /api/tags': (ex) => ex.json(200, { models: [...models].map((m) => ({ ...modelSummary(m), modified_at: modifiedAt })) }),
    'GET /api/ps': (ex) => ex.json(200, { models: runningModels() }),
    'POST /api/show': show,
    'POST /api/pull': pull,
    'POST /api/chat': chat,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text || undefined;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* recorded as text; the route refuses it */ }
    const path = new URL(req.url ?? '/', 'http://fake-ollama').pathname;
    const record: RecordedRequest = { method: req.method ?? 'GET', path, body, at: performance.now(), aborted: false };
    requests.push(record);
    const ex = new Exchange(res, record);
    if (path === '/api/chat') for (const wake of [...chatWaiters]) wake();
    const route = routes[`${record.method} ${path}`];
    if (!route) return ex.send(404, 'text/plain', '404 page not found');
    if (record.method === 'POST' && !isRecord(body)) return ex.json(400, { error: body === undefined ? 'missing request body' : 'invalid request body' });
    try {
      await route(ex, isRecord(body) ? body : {}, startedAt);
    } catch (err) {
      ex.json(500, { error: `fake ollama: ${(err as Error).message}` });
    }
  }

  // A client that vanishes while sending its body leaves nothing to answer.
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stop = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  await listen(options.port ?? 0);
  const { port } = server.address() as AddressInfo;

  const fake: FakeOllama = {
    url: `http://127.0.0.1:${port}`,
    script: (...replies) => { queue.push(...replies); },
    pending: () => queue.length,
    respondWith: (fn) => { responder = fn; },
    requests,
    chatRequests,
    waitForChat(n, timeoutMs = WAIT_FOR_CHAT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const arrived = chatRequests()[n - 1];
          if (!arrived) return;
          clearTimeout(timer);
          chatWaiters.delete(check);
          resolve(arrived);
        };
        const timer = setTimeout(() => {
          chatWaiters.delete(check);
          reject(new Error(`fake ollama: chat request #${n} did not arrive within ${timeoutMs} ms (${chatRequests().length} arrived)`));
        }, timeoutMs);
        chatWaiters.add(check);
        check();
      });
    },
    setModels: (names) => { models = new Set(names.map(canonical)); },
    setPullable: (names) => { pullable = new Set(names.map(canonical)); },
    stop,
    restart: () => listen(port),
    close: stop,
  };
  return fake;
}
