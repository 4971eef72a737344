// One turn of the conversation: the user's message in, a stream of typed events out. Ask the model; run the tools
// it calls (possibly several per step), feed the results back; repeat until it answers, up to MAX steps and the
// turn's deadline. Owns no I/O: the model chain, the tools, the approval gate and `emit` all come in `deps`.
import { randomUUID } from 'node:crypto';
import type { ChatContext } from '@drover/protocol';
import type { ModelChain } from '../llm/model-chain';
import type { ChatMessage } from '../llm/types';
import type { Toolbox } from '../mcp/tool-router';
import type { ApprovalGate } from './approvals';
import { fitPrompt, normalizeHistory, toolResultLimitChars } from './context';
import { systemPrompt, userMessage } from './system-prompt';
import { callsWrittenAsText, HeldText } from './tool-calls';
import { offerTools } from './tool-groups';
import { runToolCall, type Emit, type ToolRunContext } from './tool-runner';
import { turnEnding, type EndReason } from './turn-errors';

export interface TurnRequest {
  sessionId: string;
  turnId: string;
  text: string;
  context?: ChatContext;
  /** The conversation before this turn. */
  history: ChatMessage[];
}

export interface TurnDeps {
  llm: ModelChain;
  toolbox(signal: AbortSignal): Promise<Toolbox>;
  gate: ApprovalGate;
  /** The cluster the UI shows; absent in Rancher mode when it shows none (each call then names its own). */
  clusterName?: string;
  ollamaUrl: string;
  maxSteps: number;
  approvalTimeoutMs: number;
  toolResultShare: number;
  /** Records failures that are bugs (the user gets a generic message with the reference). */
  logError(err: unknown, reference: string): void;
}

export interface TurnResult {
  /** This turn's messages, from the user's message on, every tool call answered. */
  messages: ChatMessage[];
  reason: EndReason;
}

/** Turns end on their own terms: `signal` aborts with a TimeoutError at the deadline, with anything else on cancel. */
export async function runTurn(request: TurnRequest, deps: TurnDeps, emit: Emit, signal: AbortSignal): Promise<TurnResult> {
  const started = Date.now();
  const { turnId } = request;
  emit({
    type: 'turn_start',
    sessionId: request.sessionId,
    turnId,
    model: deps.llm.models[0],
    text: request.text,
    ...(request.context ? { context: request.context } : {}),
    direct: false,
  });
  const current: ChatMessage[] = [{ role: 'user', content: userMessage(request.text, request.context) }];
  const tokens = { prompt: 0, completion: 0 };
  let reason: EndReason = 'step_limit';
  let notice: string | undefined =
    `Stopped after ${deps.maxSteps} steps without a final answer. Ask again to continue, or narrow the question.`;
  try {
    const toolbox = await deps.toolbox(signal);
    const toolNames = new Set(toolbox.tools.map((t) => t.name)); // every tool can run, offered or held back (tool-groups.ts)
    const system = systemPrompt(request.context, deps.clusterName);
    const run: ToolRunContext = {
      turnId,
      cluster: deps.clusterName,
      toolbox,
      gate: deps.gate,
      emit,
      signal,
      approvalTimeoutMs: deps.approvalTimeoutMs,
      resultLimitChars: toolResultLimitChars(deps.llm.numCtx, deps.toolResultShare),
      seen: new Map(),
    };
    for (let step = 0; step < deps.maxSteps; step++) {
      const offer = offerTools(system, toolbox.tools, [...request.history, ...current], request.context);
      const prompt = fitPrompt({ ...offer, history: request.history, current, numCtx: deps.llm.numCtx });
      const held = new HeldText((text) => emit({ type: 'token', turnId, text }));
      const reply = await deps.llm.chat(
        prompt,
        offer.tools,
        {
          onToken: (text) => held.push(text),
          onThinking: (text) => emit({ type: 'thinking', turnId, text }),
          onFallback: (from, to, why) => emit({ type: 'model_fallback', turnId, from, to, reason: why }),
          onPull: (model, p) => emit({ type: 'model_pull', model, status: p.status, completed: p.completed, total: p.total }),
        },
        signal,
      );
      tokens.prompt += reply.promptTokens;
      tokens.completion += reply.completionTokens;
      const writtenCalls = reply.toolCalls.length ? undefined : callsWrittenAsText(reply.content, toolNames);
      if (!writtenCalls) held.flush();
      const calls = (writtenCalls ?? reply.toolCalls).map((c) => ({ id: randomUUID(), name: c.name, arguments: c.arguments }));
      current.push({ role: 'assistant', content: writtenCalls ? '' : reply.content, ...(calls.length ? { toolCalls: calls } : {}) });
      if (calls.length === 0) {
        reason = 'answered';
        notice = undefined;
        break;
      }
      for (const call of calls) {
        const result = await runToolCall(call, run);
        current.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: result.content });
      }
    }
  } catch (err) {
    ({ reason, notice } = turnEnding(
      err,
      signal,
      turnId,
      { ollamaUrl: deps.ollamaUrl, model: deps.llm.models[0], logError: deps.logError },
      emit,
    ));
  }
  emit({ type: 'turn_end', turnId, reason, ...(notice ? { notice } : {}), tokens, durationMs: Date.now() - started });
  return { messages: normalizeHistory(current), reason };
}
