// A turn without the model: a /command becomes one tool call, run through the same tool runner (policy, plan,
// approval) as the model's calls, with the same events. The call and its result join the conversation, so a model
// asked later knows what the user saw.
import { randomUUID } from 'node:crypto';
import type { ChatContext } from '@drover/protocol';
import type { ChatMessage } from '../llm/types';
import type { Toolbox } from '../mcp/tool-router';
import type { ApprovalGate } from './approvals';
import { toolResultLimitChars } from './context';
import { parseDirectCommand } from './direct-commands';
import { runToolCall, type Emit } from './tool-runner';
import { turnEnding, type EndReason, type FailureReporting } from './turn-errors';
import type { TurnResult } from './loop';

export interface DirectTurnRequest {
  sessionId: string;
  turnId: string;
  text: string;
  context?: ChatContext;
}

export interface DirectTurnDeps extends FailureReporting {
  toolbox(signal: AbortSignal): Promise<Toolbox>;
  clusterName?: string;
  gate: ApprovalGate;
  approvalTimeoutMs: number;
  /** The context window used to cap results the model may read later. */
  numCtx: number;
  toolResultShare: number;
}

export async function runDirectTurn(
  request: DirectTurnRequest,
  deps: DirectTurnDeps,
  emit: Emit,
  signal: AbortSignal,
): Promise<TurnResult> {
  const started = Date.now();
  const { turnId } = request;
  emit({
    type: 'turn_start',
    sessionId: request.sessionId,
    turnId,
    text: request.text,
    ...(request.context ? { context: request.context } : {}),
    direct: true,
  });
  const command = parseDirectCommand(request.text, request.context);
  const messages: ChatMessage[] = [];
  let reason: EndReason = 'answered';
  let notice: string | undefined;
  if (command.kind === 'help') {
    emit({ type: 'token', turnId, text: command.text });
  } else if (command.kind === 'invalid') {
    emit({ type: 'error', turnId, code: 'bad_request', message: command.message, retryable: false });
    reason = 'failed';
  } else {
    const call = { id: randomUUID(), name: command.tool, arguments: command.arguments };
    try {
      const toolbox = await deps.toolbox(signal);
      const result = await runToolCall(call, {
        turnId,
        cluster: deps.clusterName,
        toolbox,
        gate: deps.gate,
        emit,
        signal,
        approvalTimeoutMs: deps.approvalTimeoutMs,
        resultLimitChars: toolResultLimitChars(deps.numCtx, deps.toolResultShare),
        seen: new Map(),
      });
      messages.push(
        { role: 'user', content: request.text },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, toolName: call.name, content: result.content },
      );
    } catch (err) {
      ({ reason, notice } = turnEnding(err, signal, turnId, deps, emit));
    }
  }
  emit({
    type: 'turn_end',
    turnId,
    reason,
    ...(notice ? { notice } : {}),
    tokens: { prompt: 0, completion: 0 },
    durationMs: Date.now() - started,
  });
  return { messages, reason };
}
