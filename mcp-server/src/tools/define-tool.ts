// defineTool(): the one shape every tool has, and registerTool(): runs a read tool, or takes a write tool through
// the two-phase protocol (call-context.ts turns each call into a ToolContext and audits it).
//
// Writes: a call without a confirmation only plans (server-side dry run, diff, warnings). The plan's token goes to
// the client in the result's _meta (never into the text the model reads), and only to clients that declared they
// show plans to their user; clients that support elicitation are asked directly. A call carrying a valid token
// (same tool, same arguments, same user, not expired, not used) executes.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { COMMANDS_META_KEY, ViewSchema, type PlanView, type View } from '@drover/protocol';
import { z } from 'zod';
import type { Config } from '../config';
import { InternalError, ToolError } from '../errors';
import { CLUSTER_ID, identityKey, type Identity } from '../identity';
import { CONFIRMATION_META_KEY, emptyPlan, PLANS_CAPABILITY } from '../policy/plans';
import { maskText } from '../policy/redact';
import type { Runtime, ToolContext } from '../runtime';
import { fitText } from '../views/text';
import { runCall, type CallState, type Extra } from './call-context';
import { outputShape } from './output-schema';

type Shape = z.ZodRawShape;
type Args<I extends Shape> = z.infer<z.ZodObject<I>>;

export interface ToolResult {
  /** Compact text for the model. */
  text: string;
  /** Structured content for the UI. */
  view: View;
}

export interface PlanDraft {
  command: string;
  diff: string;
  warnings: string[];
}

interface Common<I extends Shape> {
  name: string;
  title: string;
  /** Short, for small models: what it does and when to use it. */
  description: string;
  input: I;
  /** The view schemas this tool's results use. */
  views: readonly z.ZodObject<z.ZodRawShape>[];
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  /** Whether the server offers the tool at all under this configuration (beyond the mode rule). */
  available?: (config: Config) => boolean;
  /** Asks Rancher about all the user's clusters, so it takes no `cluster` argument (Rancher mode). */
  acrossClusters?: boolean;
}

export interface ReadTool<I extends Shape> extends Common<I> {
  kind: 'read';
  run(args: Args<I>, ctx: ToolContext): Promise<ToolResult>;
}

export interface WriteTool<I extends Shape> extends Common<I> {
  kind: 'write';
  plan(args: Args<I>, ctx: ToolContext): Promise<PlanDraft>;
  apply(args: Args<I>, ctx: ToolContext): Promise<ToolResult>;
}

export type Tool<I extends Shape = Shape> = ReadTool<I> | WriteTool<I>;

export function defineTool<I extends Shape>(tool: Tool<I>): Tool<I> {
  return tool;
}

/** Read tools everywhere; write tools only where the mode allows writes (and the tool's own condition holds). */
export function isOffered(tool: Tool, config: Config): boolean {
  if (tool.kind === 'write' && config.mode === 'read-only') return false;
  return tool.available ? tool.available(config) : true;
}

/** Rancher mode adds it to every tool that acts on one cluster (the call then runs there, as the same user). */
const CLUSTER_ARGUMENT = z
  .string()
  .regex(CLUSTER_ID, 'must be a Rancher cluster id such as local or c-m-abc12')
  .optional()
  .describe('Rancher cluster id (local, c-m-…); default: the one in view');

/** The arguments a tool takes under this configuration: its own, and in Rancher mode `cluster` unless it asks across clusters. */
export function inputOf(tool: Tool, config: Config): Shape {
  return config.identity.mode === 'rancher' && !tool.acrossClusters ? { ...tool.input, cluster: CLUSTER_ARGUMENT } : tool.input;
}

function planText(plan: PlanView, note: string): string {
  const warnings = plan.warnings.length ? `\nWarnings:\n${plan.warnings.map((w) => `- ${w}`).join('\n')}` : '';
  return `PLAN — nothing has changed yet.\nCommand: ${plan.command}\nChanges:\n${plan.diff || '(no changes)'}${warnings}\n${note}`;
}

export function registerTool(server: McpServer, rt: Runtime, tool: Tool, fixedIdentity?: Identity): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: inputOf(tool, rt.config),
      outputSchema: outputShape(tool.views),
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (input: Record<string, unknown>, extra: Extra): Promise<CallToolResult> => {
      // The cluster is where the call runs (its identity, so its plans too), not an argument of the tool itself.
      const { cluster, ...args } = input as Record<string, unknown> & { cluster?: string };
      const result = await runCall(
        rt,
        tool.name,
        tool.kind === 'read' ? 'read' : 'plan',
        extra,
        fixedIdentity,
        (ctx, state) =>
          tool.kind === 'read'
            ? Promise.resolve(tool.run(args as never, ctx)).then((r) => finish(ctx, r))
            : write(server, tool, args, ctx, state, extra),
        { cluster, acrossClusters: tool.acrossClusters },
      );
      return result.ok ? result.value : { content: [{ type: 'text', text: result.message }], isError: true };
    },
  );
}

async function write(
  server: McpServer,
  tool: WriteTool<Shape>,
  args: Record<string, unknown>,
  ctx: ToolContext,
  state: CallState,
  extra: Extra,
): Promise<CallToolResult> {
  const execute = async () => {
    state.phase = 'execute';
    ctx.confirmed = true;
    // Asked in the same call (elicitation): the plan just shown is the one approved.
    ctx.approved ??= ctx.plan;
    return finish(ctx, await tool.apply(args as never, ctx));
  };
  const token = extra._meta?.[CONFIRMATION_META_KEY];
  if (token !== undefined) {
    const redeemed = ctx.rt.plans.redeem(token, tool.name, args, identityKey(ctx.identity));
    if ('refusal' in redeemed) throw new ToolError(`not executed: ${redeemed.refusal}`);
    ctx.approved = redeemed.plan;
    return execute();
  }
  ctx.plan = emptyPlan();
  const draft = await tool.plan(args as never, ctx);
  // Every plan passes the same masking as results, at this one exit: its command, diff and warnings.
  const plan: PlanView = {
    kind: 'plan',
    tool: tool.name,
    command: maskText(draft.command),
    diff: maskText(draft.diff),
    warnings: draft.warnings.map(maskText),
    requiresConfirmation: true,
  };
  const capabilities = server.server.getClientCapabilities();
  if (capabilities?.elicitation) {
    let answer: { action: string; content?: Record<string, unknown> } | undefined;
    try {
      answer = await server.server.elicitInput(
        {
          message: planText(plan, 'Approve this change?'),
          requestedSchema: {
            type: 'object',
            properties: { approve: { type: 'boolean', title: 'Approve', description: 'Run the command above' } },
            required: ['approve'],
          },
        },
        { signal: extra.signal },
      );
    } catch (err) {
      // An answer that does not fit the schema (approve: "true"): the SDK throws InvalidParams (-32602) after checking it
      // against requestedSchema (or the client's SDK refused it), or a ZodError when it is not an elicitation result at all.
      const unusable =
        err instanceof Error &&
        (err.name === 'ZodError' ||
          ((err as { code?: unknown }).code === -32602 && /does not match requested schema|Invalid elicitation result/.test(err.message)));
      if (!unusable) throw err;
    }
    if (answer?.action === 'accept' && answer.content?.approve === true) return execute();
    state.declined = true;
    const yesOrNo = answer && (answer.action !== 'accept' || typeof answer.content?.approve === 'boolean');
    const text = yesOrNo
      ? 'Not executed: the user declined the change.'
      : 'Not executed: the approval answer was not a yes/no (approve must be true or false).';
    return { content: [{ type: 'text', text }], structuredContent: plan };
  }
  if (capabilities?.experimental?.[PLANS_CAPABILITY]) {
    const { token: issued, expiresAt } = ctx.rt.plans.issue(tool.name, args, identityKey(ctx.identity), ctx.plan);
    const view: PlanView = { ...plan, expiresAt };
    const result = finish(ctx, { text: planText(view, 'The user must approve this plan before it runs.'), view });
    return { ...result, _meta: { ...result._meta, [CONFIRMATION_META_KEY]: issued } };
  }
  return finish(ctx, {
    text: planText(plan, 'Not executed: this client cannot show plans to a user for approval, so it cannot make changes.'),
    view: plan,
  });
}

/** Checks the view against the protocol, applies the text budget as a last resort, and shapes the MCP result (with what ran). */
function finish(ctx: ToolContext, result: ToolResult): CallToolResult {
  const parsed = ViewSchema.safeParse(result.view);
  if (!parsed.success)
    throw new InternalError(
      `${ctx.tool} produced an invalid ${result.view.kind} view: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`,
    );
  const fitted = fitText(result.text, ctx.budgetChars, 'ask for less (a namespace, a selector, fewer lines)');
  if (fitted.truncated) ctx.record.truncated = true;
  return {
    content: [{ type: 'text', text: fitted.text }],
    structuredContent: parsed.data as Record<string, unknown>,
    _meta: { [COMMANDS_META_KEY]: ctx.record.shown },
  };
}
