// One tool call, from the model or from a /command, through the same path: arguments repaired and checked; reads
// run; anything not annotated read-only is a write and needs the user's approval, enforced here and fail-closed.
// Drover's own server plans a write first (dry run, diff, warnings, a one-time confirmation token); the user sees
// the plan and decides; only an approval sends the call again with the token. Denial, expiry and failures go
// back to the model as results it can read.
import { randomUUID } from 'node:crypto';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CONFIRMATION_META_KEY, PlanViewSchema, type Plan, type ServerEvent } from '@drover/protocol';
import type { ToolCallRequest } from '../llm/types';
import { ToolsUnavailableError } from '../mcp/connection';
import type { RoutedTool, Toolbox } from '../mcp/tool-router';
import { canRemember, type ApprovalGate, type ApprovalOutcome, type Where } from './approvals';
import { capText } from './context';
import { callKey, prepareArguments } from './tool-calls';
import { resultFields, textOf } from './tool-results';

export type Emit = (event: ServerEvent) => void;

export interface ToolRunContext {
  turnId: string;
  /** The cluster the UI shows: where a call runs unless it names its own `cluster` (shown with every call and approval). */
  cluster?: string;
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

/** A call being run: its result reports how long it took from its announcement. */
interface Step {
  call: ToolCallRequest;
  startedAt: number;
}

type Announce = (args: Record<string, unknown>, readOnly: boolean, command?: string) => void;

/** The namespace a call's arguments name, if any. */
const namespaceOf = (args: Record<string, unknown>) => (typeof args.namespace === 'string' && args.namespace ? args.namespace : undefined);

/** Where a call runs: the cluster its arguments name (Rancher mode), else the one the UI shows. */
function whereOf(args: Record<string, unknown>, ctx: ToolRunContext): Where {
  const cluster = typeof args.cluster === 'string' && args.cluster ? args.cluster : ctx.cluster;
  const namespace = namespaceOf(args);
  return { ...(cluster ? { cluster } : {}), ...(namespace ? { namespace } : {}) };
}

export async function runToolCall(call: ToolCallRequest, ctx: ToolRunContext): Promise<ToolRunResult> {
  const tool = ctx.toolbox.find(call.name);
  const step: Step = { call, startedAt: Date.now() };
  const announce: Announce = (args, readOnly, command) => {
    ctx.emit({
      type: 'tool_call',
      turnId: ctx.turnId,
      callId: call.id,
      tool: call.name,
      arguments: args,
      readOnly,
      ...(command ? { command } : {}),
      ...whereOf(args, ctx),
    });
  };
  if (!tool) {
    announce(call.arguments, false);
    const names = ctx.toolbox.tools.map((t) => t.name).join(', ');
    return fail(ctx, step, `There is no tool named "${call.name}". Use one of: ${names}.`);
  }
  const prepared = prepareArguments(tool, call.arguments);
  if (!prepared.ok) {
    announce(call.arguments, tool.readOnly);
    return fail(ctx, step, prepared.problem);
  }
  const args = prepared.arguments;
  try {
    if (tool.readOnly) {
      announce(args, true);
      return await runRead(tool, step, args, ctx);
    }
    return await runWrite(tool, step, args, ctx, announce);
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    if (err instanceof ToolsUnavailableError) return fail(ctx, step, `${err.message}.`);
    if (err instanceof McpError) return fail(ctx, step, `${tool.name} was refused: ${err.message}`);
    throw err;
  }
}

async function runRead(tool: RoutedTool, step: Step, args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolRunResult> {
  const key = callKey(tool.name, args);
  const earlier = ctx.seen.get(key);
  if (earlier !== undefined) {
    ctx.emit({
      type: 'tool_result',
      turnId: ctx.turnId,
      callId: step.call.id,
      tool: tool.name,
      isError: false,
      summary: 'Same as an earlier call in this turn: not run again',
      durationMs: Date.now() - step.startedAt,
    });
    return { content: `You already made this exact call in this turn; nothing changed since. Its result:\n${earlier}`, isError: false };
  }
  const outcome = finish(ctx, step, tool, await ctx.toolbox.call(tool, args, { signal: ctx.signal }));
  if (!outcome.isError) ctx.seen.set(key, outcome.content);
  return outcome;
}

async function runWrite(
  tool: RoutedTool,
  step: Step,
  args: Record<string, unknown>,
  ctx: ToolRunContext,
  announce: Announce,
): Promise<ToolRunResult> {
  let plan: Plan & { expiresAt?: string };
  let meta: Record<string, unknown> | undefined;
  if (tool.plans) {
    const planned = await ctx.toolbox.call(tool, args, { signal: ctx.signal });
    const view = PlanViewSchema.safeParse(planned.structuredContent);
    // An error, or anything but a plan awaiting approval, is its own result.
    if (planned.isError || !view.success || !view.data.requiresConfirmation) {
      announce(args, !planned.isError);
      return finish(ctx, step, tool, planned);
    }
    const token = planned._meta?.[CONFIRMATION_META_KEY];
    announce(args, false, view.data.command);
    if (typeof token !== 'string')
      return fail(ctx, step, `${tool.name}: the server planned the change but gave no confirmation token, so it cannot run.`);
    plan = view.data;
    meta = { [CONFIRMATION_META_KEY]: token };
  } else {
    announce(args, false);
    plan = {
      command: `${tool.name} ${JSON.stringify(args)}`,
      warnings: [`no preview: ${tool.server.label} cannot show what this call would change`],
    };
  }
  const outcome = await decide(tool, step.call, args, plan, ctx);
  if (outcome.decision !== 'approved') {
    const why =
      outcome.decision === 'expired'
        ? `Nobody approved this change within ${Math.round(ctx.approvalTimeoutMs / 1000)} s, so it was not made.`
        : `The user denied this change, so it was not made${outcome.reason ? ` (their reason: "${outcome.reason}")` : ''}.`;
    return fail(
      ctx,
      step,
      `${why} Do not try it again; tell the user and ask how they want to proceed.`,
      outcome.decision === 'expired' ? 'Not run: approval expired' : 'Not run: denied',
    );
  }
  const result = finish(ctx, step, tool, await ctx.toolbox.call(tool, args, { signal: ctx.signal, meta }));
  ctx.seen.clear(); // the cluster may have changed: earlier reads are stale
  return result;
}

async function decide(
  tool: RoutedTool,
  call: ToolCallRequest,
  args: Record<string, unknown>,
  plan: Plan & { expiresAt?: string },
  ctx: ToolRunContext,
): Promise<ApprovalOutcome> {
  const approvalId = randomUUID();
  const where = whereOf(args, ctx);
  const deadline = Math.min(Date.now() + ctx.approvalTimeoutMs, plan.expiresAt ? Date.parse(plan.expiresAt) : Infinity);
  ctx.emit({
    type: 'approval_required',
    turnId: ctx.turnId,
    approvalId,
    callId: call.id,
    tool: tool.name,
    arguments: args,
    plan: { command: plan.command, ...(plan.diff !== undefined ? { diff: plan.diff } : {}), warnings: plan.warnings },
    expiresAt: new Date(deadline).toISOString(),
    ...where,
    canRemember: canRemember(tool.name, where.namespace),
  });
  const resolved = (decision: 'approved' | 'denied' | 'expired', by: 'user' | 'session-rule' | 'timeout') =>
    ctx.emit({ type: 'approval_resolved', turnId: ctx.turnId, approvalId, decision, by });
  if (ctx.gate.allows(tool.name, where)) {
    resolved('approved', 'session-rule');
    return { decision: 'approved' };
  }
  try {
    const outcome = await ctx.gate.wait(approvalId, tool.name, where, new Date(deadline), ctx.signal);
    resolved(outcome.decision, outcome.decision === 'expired' ? 'timeout' : 'user');
    return outcome;
  } catch (err) {
    resolved('denied', 'user'); // the user cancelled the turn while the approval was open
    throw err;
  }
}

function finish(ctx: ToolRunContext, step: Step, tool: RoutedTool, result: CallToolResult): ToolRunResult {
  const fields = resultFields(tool, result);
  ctx.emit({
    type: 'tool_result',
    turnId: ctx.turnId,
    callId: step.call.id,
    tool: step.call.name,
    ...fields,
    durationMs: Date.now() - step.startedAt,
  });
  const content = capText(textOf(result) || '(no output)', ctx.resultLimitChars, 'Ask for less (a namespace, a selector, fewer lines).');
  return { content: fields.isError ? `Error: ${content}` : content, isError: fields.isError };
}

function fail(ctx: ToolRunContext, step: Step, message: string, summary = message): ToolRunResult {
  ctx.emit({
    type: 'tool_result',
    turnId: ctx.turnId,
    callId: step.call.id,
    tool: step.call.name,
    isError: true,
    summary: summary.slice(0, 200),
    durationMs: Date.now() - step.startedAt,
  });
  return { content: `Error: ${message}`, isError: true };
}
