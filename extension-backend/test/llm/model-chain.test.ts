import { ModelChain, type ChainHandlers } from '../../src/llm/model-chain';
import { LlmError, type ChatRequest, type LlmProvider, type ModelReply, type PullProgress } from '../../src/llm/provider';
import type { ChatMessage } from '../../src/llm/types';

/** What a model does when asked: answers with text, fails, or streams until the turn is aborted. */
type ChatStep = string | Error | 'until_aborted';
/** What pulling a model does: reports progress and succeeds, fails, or runs until aborted. */
type PullStep = PullProgress[] | Error | 'until_aborted';

const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A model server that follows a script per model and records what it was asked: the seam the chain is built on. */
function scriptedServer(chats: Record<string, ChatStep[]>, pulls: Record<string, PullStep> = {}) {
  const asked: ChatRequest[] = [];
  const pulled: string[] = [];
  const provider: LlmProvider = {
    async chat(request, handlers, signal): Promise<ModelReply> {
      asked.push(request);
      const step = chats[request.model]?.shift() ?? new LlmError(`Ollama does not have the model ${request.model}`, 'model_missing');
      if (step === 'until_aborted') return untilAborted(signal);
      if (step instanceof Error) throw step;
      handlers.onToken(step);
      return { model: request.model, content: step, thinking: '', toolCalls: [], promptTokens: 10, completionTokens: 2 };
    },
    async listModels() {
      return Object.keys(chats);
    },
    async pull(model, onProgress, signal) {
      pulled.push(model);
      const step = pulls[model] ?? new LlmError(`pulling ${model} failed: not in the registry`, 'model_missing');
      if (step === 'until_aborted') return untilAborted(signal);
      if (step instanceof Error) throw step;
      step.forEach(onProgress);
    },
  };
  return { provider, asked, pulled, modelsAsked: () => asked.map((r) => r.model) };
}

const NUM_CTX: Record<string, number> = { primary: 16384, second: 8192, third: 32768 };

function chainOf(provider: LlmProvider, pullMissing = false, models = ['primary', 'second', 'third']) {
  return new ModelChain(provider, { models, numCtxFor: (m) => NUM_CTX[m], pullMissing });
}

/** Handlers that record every call. */
function recorder() {
  const events: unknown[][] = [];
  const handlers: ChainHandlers = {
    onToken: (text) => events.push(['token', text]),
    onThinking: (text) => events.push(['thinking', text]),
    onFallback: (from, to, reason) => events.push(['fallback', from, to, reason]),
    onPull: (model, progress) => events.push(['pull', model, progress]),
  };
  return { handlers, events, fallbacks: () => events.filter((e) => e[0] === 'fallback') };
}

const MESSAGES: ChatMessage[] = [{ role: 'user', content: 'which pods crash?' }];
const modelError = (model: string) => new LlmError(`${model} failed: out of memory`, 'model_error');
const parseError = (model: string) => new LlmError(`${model} wrote a tool call Ollama could not parse`, 'tool_call_parse');
const missing = (model: string) => new LlmError(`Ollama does not have the model ${model}`, 'model_missing');
const unreachable = new LlmError('Ollama at http://127.0.0.1:11434 is not reachable (ECONNREFUSED)', 'unreachable');
const live = () => new AbortController().signal;

describe('the model chain', () => {
  it('answers with the primary model when it works, streaming through', async () => {
    const server = scriptedServer({ primary: ['All pods run.'] });
    const { handlers, events } = recorder();
    const reply = await chainOf(server.provider).chat(MESSAGES, [], handlers, live());
    expect(reply).toMatchObject({ model: 'primary', content: 'All pods run.' });
    expect(events).toEqual([['token', 'All pods run.']]);
    expect(server.asked).toEqual([{ model: 'primary', messages: MESSAGES, tools: [], numCtx: 16384 }]);
  });

  it('falls back in order, saying why each time', async () => {
    const server = scriptedServer({
      primary: [modelError('primary')],
      second: [new LlmError('second did not start answering within 300 s', 'timeout')],
      third: ['ok'],
    });
    const { handlers, fallbacks } = recorder();
    const reply = await chainOf(server.provider).chat(MESSAGES, [], handlers, live());
    expect(reply.model).toBe('third');
    expect(server.modelsAsked()).toEqual(['primary', 'second', 'third']);
    expect(fallbacks()).toEqual([
      ['fallback', 'primary', 'second', 'primary failed: out of memory'],
      ['fallback', 'second', 'third', 'second did not start answering within 300 s'],
    ]);
  });

  it('asks each model with its own context window', async () => {
    const server = scriptedServer({ primary: [modelError('primary')], second: ['ok'] });
    await chainOf(server.provider).chat(MESSAGES, [], recorder().handlers, live());
    expect(server.asked.map((r) => [r.model, r.numCtx])).toEqual([
      ['primary', 16384],
      ['second', 8192],
    ]);
  });

  it("fails with the last model's error when every model fails", async () => {
    const server = scriptedServer({ primary: [modelError('primary')], second: [modelError('second')] });
    const { handlers, fallbacks } = recorder();
    await expect(chainOf(server.provider, false, ['primary', 'second']).chat(MESSAGES, [], handlers, live())).rejects.toMatchObject({
      kind: 'model_error',
      message: 'second failed: out of memory',
    });
    expect(fallbacks()).toEqual([['fallback', 'primary', 'second', 'primary failed: out of memory']]);
  });

  it('does not fall back when the model server is unreachable: no other model would do better', async () => {
    const server = scriptedServer({ primary: [unreachable], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    await expect(chainOf(server.provider).chat(MESSAGES, [], handlers, live())).rejects.toBe(unreachable);
    expect(server.modelsAsked()).toEqual(['primary']);
    expect(fallbacks()).toEqual([]);
  });

  it("does not fall back on an error that is not the model's", async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const server = scriptedServer({ primary: [bug], second: ['ok'] });
    await expect(chainOf(server.provider).chat(MESSAGES, [], recorder().handlers, live())).rejects.toBe(bug);
    expect(server.modelsAsked()).toEqual(['primary']);
  });

  it('retries a tool call Ollama could not parse once on the same model', async () => {
    const server = scriptedServer({ primary: [parseError('primary'), 'fixed'], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    const reply = await chainOf(server.provider).chat(MESSAGES, [], handlers, live());
    expect(reply).toMatchObject({ model: 'primary', content: 'fixed' });
    expect(server.modelsAsked()).toEqual(['primary', 'primary']);
    expect(fallbacks()).toEqual([]);
  });

  it('falls back when the retried tool call fails to parse again', async () => {
    const server = scriptedServer({ primary: [parseError('primary'), parseError('primary'), 'never'], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    const reply = await chainOf(server.provider).chat(MESSAGES, [], handlers, live());
    expect(reply.model).toBe('second');
    expect(server.modelsAsked()).toEqual(['primary', 'primary', 'second']);
    expect(fallbacks()).toEqual([['fallback', 'primary', 'second', 'primary wrote a tool call Ollama could not parse']]);
  });

  it('does not retry other failures on the same model', async () => {
    const server = scriptedServer({ primary: [modelError('primary'), 'never'], second: ['ok'] });
    await chainOf(server.provider).chat(MESSAGES, [], recorder().handlers, live());
    expect(server.modelsAsked()).toEqual(['primary', 'second']);
  });

  it('pulls a missing model when allowed, passing its progress on, and then asks it', async () => {
    const progress: PullProgress[] = [
      { status: 'pulling manifest' },
      { status: 'downloading', completed: 50, total: 100 },
      { status: 'success' },
    ];
    const server = scriptedServer({ primary: [missing('primary'), 'pulled and answering'] }, { primary: progress });
    const { handlers, events } = recorder();
    const reply = await chainOf(server.provider, true).chat(MESSAGES, [], handlers, live());
    expect(reply).toMatchObject({ model: 'primary', content: 'pulled and answering' });
    expect(server.pulled).toEqual(['primary']);
    expect(events).toEqual([...progress.map((p) => ['pull', 'primary', p]), ['token', 'pulled and answering']]);
  });

  it('falls back without pulling when pulling is not allowed', async () => {
    const server = scriptedServer({ primary: [missing('primary')], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    const reply = await chainOf(server.provider, false).chat(MESSAGES, [], handlers, live());
    expect(reply.model).toBe('second');
    expect(server.pulled).toEqual([]);
    expect(fallbacks()).toEqual([['fallback', 'primary', 'second', 'Ollama does not have the model primary']]);
  });

  it('moves on to the next model when the pull fails', async () => {
    const server = scriptedServer({ primary: [missing('primary')], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    const reply = await chainOf(server.provider, true).chat(MESSAGES, [], handlers, live());
    expect(reply.model).toBe('second');
    expect(server.pulled).toEqual(['primary']);
    expect(fallbacks()).toEqual([['fallback', 'primary', 'second', 'Ollama does not have the model primary']]);
  });

  it('pulls a model once per request, even if it is still missing after the pull', async () => {
    const server = scriptedServer(
      { primary: [missing('primary'), missing('primary')], second: ['ok'] },
      { primary: [{ status: 'success' }] },
    );
    const reply = await chainOf(server.provider, true).chat(MESSAGES, [], recorder().handlers, live());
    expect(reply.model).toBe('second');
    expect(server.pulled).toEqual(['primary']);
    expect(server.modelsAsked()).toEqual(['primary', 'primary', 'second']);
  });

  it('pulls a missing fallback model too', async () => {
    const server = scriptedServer(
      { primary: [modelError('primary')], second: [missing('second'), 'ok'] },
      { second: [{ status: 'success' }] },
    );
    const reply = await chainOf(server.provider, true).chat(MESSAGES, [], recorder().handlers, live());
    expect(reply.model).toBe('second');
    expect(server.pulled).toEqual(['second']);
  });

  it('stops when the model server becomes unreachable during a pull', async () => {
    const server = scriptedServer({ primary: [missing('primary')], second: ['ok'] }, { primary: unreachable });
    await expect(chainOf(server.provider, true).chat(MESSAGES, [], recorder().handlers, live())).rejects.toBe(unreachable);
    expect(server.modelsAsked()).toEqual(['primary']);
  });

  it('passes an abort through while a model answers, without falling back', async () => {
    const server = scriptedServer({ primary: ['until_aborted'], second: ['ok'] });
    const { handlers, fallbacks } = recorder();
    const turn = new AbortController();
    const reply = chainOf(server.provider).chat(MESSAGES, [], handlers, turn.signal);
    const reason = new Error('cancelled by the user');
    turn.abort(reason);
    await expect(reply).rejects.toBe(reason);
    expect(server.modelsAsked()).toEqual(['primary']);
    expect(fallbacks()).toEqual([]);
  });

  it('passes an abort through while a model is pulled', async () => {
    const server = scriptedServer({ primary: [missing('primary')], second: ['ok'] }, { primary: 'until_aborted' });
    const turn = new AbortController();
    const reply = chainOf(server.provider, true).chat(MESSAGES, [], recorder().handlers, turn.signal);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.pulled).toEqual(['primary']);
    const reason = new Error('the session was deleted');
    turn.abort(reason);
    await expect(reply).rejects.toBe(reason);
    expect(server.modelsAsked()).toEqual(['primary']);
  });

  it('sizes prompts for the smallest context window of its models', () => {
    const { provider } = scriptedServer({});
    expect(chainOf(provider).numCtx).toBe(8192);
    expect(chainOf(provider, false, ['primary', 'third']).numCtx).toBe(16384);
    expect(chainOf(provider).models).toEqual(['primary', 'second', 'third']);
  });
});
