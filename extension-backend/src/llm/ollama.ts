// Ollama through the `ollama` npm client, native /api/chat with streaming. Every request gets its own client and
// abort signal (the client-wide abort() would cancel every user's stream), a first-byte and an idle deadline,
// the same num_ctx for a model every time, and keep_alive. Failures become LlmErrors the model chain can act on.
import { Ollama, type Message, type Tool } from 'ollama';
import {
  LlmError,
  type ChatRequest,
  type LlmProvider,
  type ModelReply,
  type PullProgress,
  type StreamHandlers,
  type ToolDefinition,
} from './provider';
import type { ChatMessage } from './types';

export interface OllamaOptions {
  url: string;
  keepAlive: string;
  think?: boolean | 'low' | 'medium' | 'high';
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
}

function toOllamaMessage(message: ChatMessage): Message {
  switch (message.role) {
    case 'assistant':
      // Thinking is not sent back: it costs context and models do not need their old reasoning.
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? { tool_calls: message.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) }
          : {}),
      };
    case 'tool':
      return { role: 'tool', content: message.content, tool_name: message.toolName };
    default:
      return { role: message.role, content: message.content };
  }
}

function toOllamaTool(tool: ToolDefinition): Tool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters as Tool['function']['parameters'] },
  };
}

const CONNECTION_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'];

/** Maps whatever the client threw to an LlmError (the caller handles its own aborts first). */
function classify(err: unknown, url: string, model: string, streamed: boolean, deadline: AbortSignal): LlmError {
  if (deadline.aborted && deadline.reason instanceof LlmError) return deadline.reason;
  const status = (err as { status_code?: number }).status_code;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { cause?: { code?: string } }).cause?.code;
  if (!streamed && code && CONNECTION_CODES.includes(code))
    return new LlmError(`Ollama at ${url} is not reachable (${code})`, 'unreachable');
  if (status === 404 || /model ["'].*["'] not found/.test(message))
    return new LlmError(`Ollama does not have the model ${model}`, 'model_missing');
  if (/error parsing tool call/i.test(message)) return new LlmError(`${model} wrote a tool call Ollama could not parse`, 'tool_call_parse');
  if (/Did not receive done/.test(message) || code || /terminated|fetch failed|socket/i.test(message)) {
    return new LlmError(`the reply of ${model} broke off before it was complete`, 'model_error');
  }
  return new LlmError(`${model} failed: ${message.slice(0, 300)}`, 'model_error');
}

export function createOllamaProvider(options: OllamaOptions): LlmProvider {
  /** A client whose every request also obeys `signal`. */
  const clientFor = (signal: AbortSignal) =>
    new Ollama({
      host: options.url,
      fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });

  async function chat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelReply> {
    const deadline = new AbortController();
    let timer = setTimeout(
      () =>
        deadline.abort(new LlmError(`${request.model} did not start answering within ${options.firstByteTimeoutMs / 1000} s`, 'timeout')),
      options.firstByteTimeoutMs,
    );
    const stillAlive = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => deadline.abort(new LlmError(`${request.model} stopped sending for ${options.idleTimeoutMs / 1000} s`, 'timeout')),
        options.idleTimeoutMs,
      );
    };
    const reply: ModelReply = { model: request.model, content: '', thinking: '', toolCalls: [], promptTokens: 0, completionTokens: 0 };
    let streamed = false;
    try {
      const stream = await clientFor(AbortSignal.any([signal, deadline.signal])).chat({
        model: request.model,
        stream: true,
        keep_alive: options.keepAlive,
        messages: request.messages.map(toOllamaMessage),
        tools: request.tools.map(toOllamaTool),
        options: { num_ctx: request.numCtx },
        ...(options.think !== undefined ? { think: options.think } : {}),
      });
      for await (const chunk of stream) {
        streamed = true;
        stillAlive();
        const { thinking, content, tool_calls: toolCalls } = chunk.message;
        if (thinking) {
          reply.thinking += thinking;
          handlers.onThinking(thinking);
        }
        if (content) {
          reply.content += content;
          handlers.onToken(content);
        }
        for (const call of toolCalls ?? []) reply.toolCalls.push({ name: call.function.name, arguments: call.function.arguments ?? {} });
        if (chunk.done) {
          reply.promptTokens = chunk.prompt_eval_count ?? 0;
          reply.completionTokens = chunk.eval_count ?? 0;
        }
      }
      return reply;
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      throw classify(err, options.url, request.model, streamed, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  async function listModels(signal?: AbortSignal): Promise<string[]> {
    try {
      const { models } = await clientFor(signal ?? new AbortController().signal).list();
      return models.map((m) => m.name);
    } catch (err) {
      throw classify(err, options.url, '(list)', false, new AbortController().signal);
    }
  }

  async function pull(model: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void> {
    try {
      const stream = await clientFor(signal).pull({ model, stream: true });
      for await (const step of stream) onProgress({ status: step.status, completed: step.completed, total: step.total });
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      const failure = classify(err, options.url, model, false, new AbortController().signal);
      if (failure.kind === 'model_error') throw new LlmError(`pulling ${model} failed: ${(err as Error).message}`, 'model_missing');
      throw failure;
    }
  }

  return { chat, listModels, pull };
}
