// The configured primary model and its ordered fallbacks (what OpenShift Lightspeed does through LiteLLM): a reply
// comes from the first model that works. A malformed tool call is retried once on the same model (Ollama's
// "error parsing tool call" is often a one-off); a missing model is pulled first when the admin allows it.
import { LlmError, type LlmProvider, type ModelReply, type PullProgress, type StreamHandlers, type ToolDefinition } from './provider';
import type { ChatMessage } from './types';

export interface ModelChainOptions {
  /** Primary first. */
  models: string[];
  numCtxFor(model: string): number;
  pullMissing: boolean;
}

export interface ChainHandlers extends StreamHandlers {
  onFallback(from: string, to: string, reason: string): void;
  onPull(model: string, progress: PullProgress): void;
}

export class ModelChain {
  constructor(
    private readonly provider: LlmProvider,
    private readonly options: ModelChainOptions,
    /** Models a missing copy of may be pulled: the configured ones, never one a user picked. */
    private readonly pullable: ReadonlySet<string> = new Set(options.models),
  ) {}

  get models(): readonly string[] {
    return this.options.models;
  }

  /** The same chain answering with `model` first (a user's pick); the configured models stay as its fallbacks. */
  startingWith(model: string): ModelChain {
    const models = [model, ...this.options.models.filter((m) => m !== model)];
    return new ModelChain(this.provider, { ...this.options, models }, this.pullable);
  }

  /** The smallest context window of the chain: a prompt that fits it fits whichever model answers. */
  get numCtx(): number {
    return Math.min(...this.options.models.map((m) => this.options.numCtxFor(m)));
  }

  async chat(messages: ChatMessage[], tools: ToolDefinition[], handlers: ChainHandlers, signal: AbortSignal): Promise<ModelReply> {
    const { models } = this.options;
    const pullAttempted = new Set<string>();
    for (let i = 0; ; i++) {
      const model = models[i];
      try {
        return await this.chatWithRetry(model, messages, tools, handlers, signal);
      } catch (err) {
        if (!(err instanceof LlmError) || err.kind === 'unreachable') throw err;
        if (err.kind === 'model_missing' && this.options.pullMissing && this.pullable.has(model) && !pullAttempted.has(model)) {
          pullAttempted.add(model);
          if (await this.pull(model, handlers, signal)) {
            i--; // the same model again, now that it is there
            continue;
          }
        }
        const next = models[i + 1];
        if (!next) throw err;
        handlers.onFallback(model, next, err.message);
      }
    }
  }

  /** True when the model arrived; false when this model cannot be had (the chain moves on). */
  private async pull(model: string, handlers: ChainHandlers, signal: AbortSignal): Promise<boolean> {
    try {
      await this.provider.pull(model, (progress) => handlers.onPull(model, progress), signal);
      return true;
    } catch (err) {
      if (signal.aborted || !(err instanceof LlmError) || err.kind === 'unreachable') throw err;
      return false;
    }
  }

  private async chatWithRetry(
    model: string,
    messages: ChatMessage[],
    tools: ToolDefinition[],
    handlers: StreamHandlers,
    signal: AbortSignal,
  ): Promise<ModelReply> {
    const request = { model, messages, tools, numCtx: this.options.numCtxFor(model) };
    try {
      return await this.provider.chat(request, handlers, signal);
    } catch (err) {
      if (!(err instanceof LlmError) || err.kind !== 'tool_call_parse') throw err;
      return this.provider.chat(request, handlers, signal);
    }
  }
}
