// The seam between the agent and a model server: the loop talks to this interface, llm/ollama.ts implements it.
import type { ChatMessage } from './types';

/** A tool as a model sees it: a name, what it does, and its arguments as JSON Schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** Context window in tokens; constant per model so the server never reloads it. */
  numCtx: number;
}

export interface StreamHandlers {
  onToken(text: string): void;
  onThinking(text: string): void;
}

/** One complete model reply: streamed pieces accumulated, as Ollama's tool-calling guide asks. */
export interface ModelReply {
  model: string;
  content: string;
  thinking: string;
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
  promptTokens: number;
  completionTokens: number;
}

export type LlmErrorKind =
  /** The model server cannot be reached at all: no other model on it will do better. */
  | 'unreachable'
  /** The server does not have this model. */
  | 'model_missing'
  /** The model produced a tool call the server could not parse (Ollama: HTTP 500 "error parsing tool call"). */
  | 'tool_call_parse'
  /** Any other failure of this model: worth trying the next one. */
  | 'model_error'
  | 'timeout';

export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
  ) {
    super(message);
  }
}

export interface PullProgress {
  status: string;
  completed?: number;
  total?: number;
}

export interface LlmProvider {
  /** Streams one reply; rejects with LlmError, or with the signal's reason when aborted. */
  chat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelReply>;
  /** Models the server has. */
  listModels(signal?: AbortSignal): Promise<string[]>;
  pull(model: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void>;
}
