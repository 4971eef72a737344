// What a user is told when a turn fails: a code the UI can act on, a message that says what to do, and whether
// trying again may help. Internal details stay in the server log.
import { randomUUID } from 'node:crypto';
import type { ErrorCode, EventOf } from '@drover/protocol';
import { LlmError } from '../llm/provider';
import { ToolsUnavailableError } from '../mcp/connection';
import { ContextTooLongError } from './context';
import type { Emit } from './tool-runner';

export type EndReason = EventOf<'turn_end'>['reason'];

export interface TurnError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** How to get going without a model, and how to add one. */
export function noModelHelp(ollamaUrl: string, model: string): string {
  return (
    'Messages starting with / run commands without a model (type /help). To connect a model: install Ollama ' +
    `(https://ollama.com/download), run \`ollama pull ${model}\`, and point Drover at it with DROVER_OLLAMA_URL (now ${ollamaUrl}).`
  );
}

/** A known failure as the user sees it, or undefined for a bug (logged, and reported generically). */
export function describeTurnError(err: unknown, ollamaUrl: string, model: string): TurnError | undefined {
  if (err instanceof LlmError) {
    switch (err.kind) {
      case 'unreachable':
        return {
          code: 'model_unavailable',
          message: `No model is reachable: ${err.message}. ${noModelHelp(ollamaUrl, model)}`,
          retryable: true,
        };
      case 'model_missing':
        return {
          code: 'model_unavailable',
          message: `${err.message}. Run \`ollama pull ${model}\` where Ollama runs, or set DROVER_PULL_MISSING=true.`,
          retryable: true,
        };
      default:
        return { code: 'model_error', message: `The model failed: ${err.message}.`, retryable: true };
    }
  }
  if (err instanceof ToolsUnavailableError)
    return { code: 'tools_unavailable', message: `Cluster tools are unavailable: ${err.message}.`, retryable: true };
  if (err instanceof ContextTooLongError)
    return { code: 'context_too_long', message: `Too long for the model: ${err.message}.`, retryable: false };
  return undefined;
}

export interface FailureReporting {
  ollamaUrl: string;
  model: string;
  /** Records failures that are bugs (the user gets a generic message with the reference). */
  logError(err: unknown, reference: string): void;
}

/** How a turn that threw ends: cancelled, out of time, or failed (with an error event saying why). */
export function turnEnding(
  err: unknown,
  signal: AbortSignal,
  turnId: string,
  reporting: FailureReporting,
  emit: Emit,
): { reason: EndReason; notice?: string } {
  if (signal.aborted) {
    const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
    return timedOut
      ? { reason: 'time_limit', notice: 'Stopped: the turn reached its time limit. Ask again to continue.' }
      : { reason: 'cancelled', notice: 'Cancelled. Nothing further was run.' };
  }
  const known = describeTurnError(err, reporting.ollamaUrl, reporting.model);
  if (known) {
    emit({ type: 'error', turnId, ...known });
  } else {
    const reference = randomUUID().slice(0, 8);
    reporting.logError(err, reference);
    emit({
      type: 'error',
      turnId,
      code: 'internal',
      message: `Something went wrong on the server (reference ${reference}).`,
      retryable: true,
    });
  }
  return { reason: 'failed' };
}
