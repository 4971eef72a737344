// One tool call, from the model or from a /command, through the same path: arguments repaired and checked; reads
// run; anything not annotated read-only is a write and needs the user's approval, enforced here and fail-closed.
// Drover's own server plans a write first (dry run, diff, warnings, a one-time confirmation token); the user sees
// the plan and decides; only an approval sends the call again with the token. Denial, expiry and failures go
// back to the model as results it can read.
import { randomUUID } from 'node:crypto';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { COMMANDS_META_KEY, CONFIRMATION_META_KEY, PlanViewSchema, type Plan, type ServerEvent } from '@drover/protocol';
import type { ToolCallRequest } from '../llm/types';
import { ToolsUnavailableError } from '../mcp/connection';
import type { RoutedTool, Toolbox } from '../mcp/tool-router';
import { canRemember, type ApprovalGate, type ApprovalOutcome } from './approvals';
import { capText } from './context';
import { summarize } from './summaries';
import { callKey, prepareArguments } from './tool-calls';

export type Emit = (event: ServerEvent) => void;

export interface ToolRunContext {
  turnId: string;
  toolbox: Toolbox;
  gate: ApprovalGate;
  emit: Emit;
  signal: AbortSignal;
  approvalTimeoutMs: number;
  resultLimitChars: number;
  /** Results of reads in this turn since the last change: an identical read is answered from here. */
  seen: Map<string, string>;
}

/** What goes back to the model. */
export interface ToolRunResult {
  content: string;
  isError: boolean;
}

const textOf = (result: CallToolResult) =>
  result.content.filter((c): c is { type: 'text'; text: string } => c.type === 'text').map((c) => c.text).join('\n');

export async function runToolCall(call: ToolCallRequest, ctx: ToolRunContext): Promise<ToolRunResult> {
  const tool = ctx.toolbox.find(call.name);
  const announce = (args: Record<string, unknown>, readOnly: boolean, command?: string) => ctx.emit({
    type: 'tool_call', turnId: ctx.turnId, callId: call.id, tool: call.name, arguments: args, readOnly, ...(command ? { command } : {}),
  });
  if (!tool) {
    announce(call.arguments, false);
    const names = ctx.toolbox.tools.map((t) => t.name).join(', ');
    return fail(ctx, call, `There is no tool named "${call.name}". Use one of: ${names}.`);
  }
  const prepared = prepareArguments(tool, call.arguments);
  if (!prepared.ok) {
    announce(call.arguments, tool.readOnly);
    return fail(ctx, call, prepared.problem);
  }
  const args = prepared.arguments;
  try {
    if (tool.readOnly) {
      announce(args, true);
      return await runRead(tool, call, args, ctx);
    }
    return await runWrite(tool, call, args, ctx, announce);
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    if (err instanceof ToolsUnavailableError) return fail(ctx, call, `${err.message}.`);
    if (err instanceof McpError) return fail(ctx, call, `${tool.name} was refused: ${err.message}`);
    throw err;
  }
}

async function runRead(tool: RoutedTool, call: ToolCallRequest, args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolRunResult> {
  const key = callKey(tool.name, args);
  const earlier = ctx.seen.get(key);
  if (earlier !== undefined) {
    ctx.emit({ type: 'tool_result', turnId: ctx.turnId, callId: call.id, tool: tool.name, isError: false, summary: 'Same as an earlier call in this turn: not run again' });
    return { content: `You already made this exact call in this turn; nothing changed since. Its result:\n${earlier}`, isError: false };
  }
  const outcome = finish(ctx, call, await ctx.toolbox.call(tool, args, { signal: ctx.signal }));
  if (!outcome.isError) ctx.seen.set(key, outcome.content);
  return outcome;
}

async function runWrite(tool: RoutedTool, call: ToolCallRequest, args: Record<string, unknown>, ctx: ToolRunContext,
                        announce: (args: Record<string, unknown>, readOnly: boolean, command?: string) => void): Promise<ToolRunResult> {
  let plan: Plan & { expiresAt?: string };
  let meta: Record<string, unknown> | undefined;
  if (tool.plans) {
    const planned = await ctx.toolbox.call(tool, args, { signal: ctx.signal });
    const view = PlanViewSchema.safeParse(planned.structuredContent);
    // An error, or a call that turned out to be a read (e.g. rollout status), is its own result.
    if (planned.isError || !view.success || !view.data.requiresConfirmation) {
      announce(args, !planned.isError);
      return finish(ctx, call, planned);
    }
    const token = planned._meta?.[CONFIRMATION_META_KEY];
    announce(args, false, view.data.command);
    if (typeof token !== 'string') return fail(ctx, call, `${tool.name}: the server planned the change but gave no confirmation token, so it cannot run.`);
    plan = view.data;
    meta = { [CONFIRMATION_META_KEY]: token };
  } else {
    announce(args, false);
    plan = { command: `${tool.name} ${JSON.stringify(args)}`, warnings: [`no preview: ${tool.server.label} cannot show what this call would change`] };
  }
  const outcome = await decide(tool, call, args, plan, ctx);
  if (outcome.decision !== 'approved') {
    const why = outcome.decision === 'expired'
      ? `Nobody approved this change within ${Math.round(ctx.approvalTimeoutMs / 1000)} s, so it was not made.`
      : `The user denied this change, so it was not made${outcome.reason ? ` (their reason: "${outcome.reason}")` : ''}.`;
    return fail(ctx, call, `${why} Do not try it again; tell the user and ask how they want to proceed.`, outcome.decision === 'expired' ? 'Not run: approval expired' : 'Not run: denied');
  }
  const result = finish(ctx, call, await ctx.toolbox.call(tool, args, { signal: ctx.signal, meta }));
  ctx.seen.clear(); // the cluster may have changed: earlier reads are stale
  return result;
}

async function decide(tool: RoutedTool, call: ToolCallRequest, args: Record<string, unknown>, plan: Plan & { expiresAt?: string },
                      ctx: ToolRunContext): Promise<ApprovalOutcome> {
  const approvalId = randomUUID();
  const namespace = typeof args.namespace === 'string' ? args.namespace : undefined;
  const deadline = Math.min(Date.now() + ctx.approvalTimeoutMs, plan.expiresAt ? Date.parse(plan.expiresAt) : Infinity);
  ctx.emit({
    type: 'approval_required', turnId: ctx.turnId, approvalId, callId: call.id, tool: tool.name, arguments: args,
    plan: { command: plan.command, ...(plan.diff !== undefined ? { diff: plan.diff } : {}), warnings: plan.warnings },
    expiresAt: new Date(deadline).toISOString(), ...(namespace ? { namespace } : {}), canRemember: canRemember(tool.name, namespace),
  });
  const resolved = (decision: 'approved' | 'denied' | 'expired', by: 'user' | 'session-rule' | 'timeout') =>
    ctx.emit({ type: 'approval_resolved', turnId: ctx.turnId, approvalId, decision, by });
  if (ctx.gate.allows(tool.name, namespace)) {
    resolved('approved', 'session-rule');
    return { decision: 'approved' };
  }
  try {
    const outcome = await ctx.gate.wait(approvalId, tool.name, namespace, new Date(deadline), ctx.signal);
    resolved(outcome.decision, outcome.decision === 'expired' ? 'timeout' : 'user');
    return outcome;
  } catch (err) {
    resolved('denied', 'user'); // the user cancelled the turn while the approval was open
    throw err;
  }
}

function finish(ctx: ToolRunContext, call: ToolCallRequest, result: CallToolResult): ToolRunResult {
  const text = textOf(result);
  const commands = result._meta?.[COMMANDS_META_KEY];
  const isError = result.isError === true;
  ctx.emit({
    type: 'tool_result', turnId: ctx.turnId, callId: call.id, tool: call.name, isError, summary: summarize(text, result.structuredContent),
    ...(result.structuredContent ? { structured: result.structuredContent } : {}),
    ...(Array.isArray(commands) ? { commands: commands.filter((c): c is string => typeof c === 'string') } : {}),
  });
  const content = capText(text || '(no output)', ctx.resultLimitChars, 'Ask for less (a namespace, a selector, fewer lines).');
  return { content: isError ? `Error: ${content}` : content, isError };
}

function fail(ctx: ToolRunContext, call: ToolCallRequest, message: string, summary = message): ToolRunResult {
  ctx.emit({ type: 'tool_result', turnId: ctx.turnId, callId: call.id, tool: call.name, isError: true, summary: summary.slice(0, 200) });
  return { content: `Error: ${message}`, isError: true };
}
