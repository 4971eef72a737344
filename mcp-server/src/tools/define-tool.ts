// defineTool(): the one shape every tool has, and registerTool(): the one place a call becomes a ToolContext,
// runs (read tools) or goes through the two-phase write protocol (write tools), and is audited and measured.
//
// Writes: a call without a confirmation only plans (server-side dry run, diff, warnings). The plan's token goes to
// the client in the result's _meta (never into the text the model reads), and only to clients that declared they
// show plans to their user; clients that support elicitation are asked directly. A call carrying a valid token
// (same tool, same arguments, same user, not expired, not used) executes.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ViewSchema, type PlanView, type View } from '@drover/protocol';
import type { z } from 'zod';
import type { Config } from '../config';
import { CallCancelled, InternalError, PolicyDenied, ToolError } from '../errors';
import { withPrivateDir } from '../exec/private-dir';
import { describeIdentity, identityKey, type Identity } from '../identity';
import { writeCallKubeconfig } from '../kube/kubeconfig';
import { CONFIRMATION_META_KEY, PLANS_CAPABILITY } from '../policy/plans';
import type { AuditEntry } from '../observability/audit';
import type { Runtime, ToolContext } from '../runtime';
import { fitText } from '../views/text';
import { outputShape } from './output-schema';

type Shape = z.ZodRawShape;
type Args<I extends Shape> = z.infer<z.ZodObject<I>>;
type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolResult {
  /** Compact text for the model. */
  text: string;
  /** Structured content for the UI. */
  view: View;
}

export type PlanDraft =
  /** The call only reads (e.g. rollout status): it runs without approval. */
  | { readOnly: true }
  | { readOnly?: false; command: string; diff: string; warnings: string[] };

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

function identityOf(extra: Extra, fixedIdentity?: Identity): Identity {
  const fromAuth = (extra.authInfo?.extra as { identity?: Identity } | undefined)?.identity;
  const identity = fromAuth ?? fixedIdentity;
  if (!identity) throw new InternalError('a call arrived without an authenticated identity');
  return identity;
}

function planText(plan: PlanView, note: string): string {
  const warnings = plan.warnings.length ? `\nWarnings:\n${plan.warnings.map((w) => `- ${w}`).join('\n')}` : '';
  return `PLAN — nothing has changed yet.\nCommand: ${plan.command}\nChanges:\n${plan.diff || '(no changes)'}${warnings}\n${note}`;
}

export function registerTool(server: McpServer, rt: Runtime, tool: Tool, fixedIdentity?: Identity): void {
  server.registerTool(tool.name, {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.input,
    outputSchema: outputShape(tool.views),
    annotations: { title: tool.title, ...tool.annotations },
  }, async (args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> => {
    const started = Date.now();
    const identity = identityOf(extra, fixedIdentity);
    const who = describeIdentity(identity);
    const record = { commands: [] as string[], actions: [] as ToolContext['record']['actions'], bytes: 0, truncated: false };
    let phase: AuditEntry['phase'] = tool.kind === 'read' ? 'read' : 'plan';
    let outcome: AuditEntry['result'] = 'ok';
    let errorText: string | undefined;
    try {
      return await withPrivateDir(async (dir) => {
        const ctx: ToolContext = {
          rt, tool: tool.name, identity, signal: extra.signal, dir, record, confirmed: false,
          kubeconfig: writeCallKubeconfig(dir, rt.config, identity, rt.base),
          cluster: identity.mode === 'rancher' ? identity.cluster : 'local',
          budgetChars: rt.config.limits.resultTokenBudget * 4,
        };
        if (tool.kind === 'read') return finish(ctx, await tool.run(args as never, ctx));

        const token = extra._meta?.[CONFIRMATION_META_KEY];
        if (token !== undefined) {
          const refusal = rt.plans.redeem(token, tool.name, args, identityKey(identity));
          if (refusal) throw new ToolError(`not executed: ${refusal}`);
          phase = 'execute';
          ctx.confirmed = true;
          return finish(ctx, await tool.apply(args as never, ctx));
        }
        const draft = await tool.plan(args as never, ctx);
        if (draft.readOnly) {
          phase = 'read';
          return finish(ctx, await tool.apply(args as never, ctx));
        }
        const plan: PlanView = { kind: 'plan', tool: tool.name, command: draft.command, diff: draft.diff, warnings: draft.warnings, requiresConfirmation: true };

        const capabilities = server.server.getClientCapabilities();
        if (capabilities?.elicitation) {
          const answer = await server.server.elicitInput({
            message: planText(plan, 'Approve this change?'),
            requestedSchema: { type: 'object', properties: { approve: { type: 'boolean', title: 'Approve', description: 'Run the command above' } }, required: ['approve'] },
          }, { signal: extra.signal });
          if (answer.action === 'accept' && answer.content?.approve === true) {
            phase = 'execute';
            ctx.confirmed = true;
            return finish(ctx, await tool.apply(args as never, ctx));
          }
          outcome = 'declined';
          return { content: [{ type: 'text', text: 'Not executed: the user declined the change.' }], structuredContent: plan };
        }
        if (capabilities?.experimental?.[PLANS_CAPABILITY]) {
          const { token: issued, expiresAt } = rt.plans.issue(tool.name, args, identityKey(identity));
          const view: PlanView = { ...plan, expiresAt };
          return { ...finish(ctx, { text: planText(view, 'The user must approve this plan before it runs.'), view }), _meta: { [CONFIRMATION_META_KEY]: issued } };
        }
        return finish(ctx, { text: planText(plan, 'Not executed: this client cannot show plans to a user for approval, so it cannot make changes.'), view: plan });
      });
    } catch (err) {
      if (err instanceof PolicyDenied) {
        outcome = 'denied';
        rt.metrics.denials.inc({ tool: tool.name });
      } else if (err instanceof CallCancelled) {
        outcome = 'cancelled';
      } else {
        outcome = 'error';
      }
      const known = err instanceof ToolError;
      errorText = known ? err.message : `internal error in ${tool.name}; the server log has the details`;
      if (!known) rt.log.error({ err, tool: tool.name }, 'tool failed');
      return { content: [{ type: 'text', text: errorText }], isError: true };
    } finally {
      const durationMs = Date.now() - started;
      rt.metrics.calls.inc({ tool: tool.name, status: outcome });
      rt.metrics.duration.observe({ tool: tool.name }, durationMs / 1000);
      rt.metrics.bytes.inc({ tool: tool.name }, record.bytes);
      if (record.truncated) rt.metrics.truncations.inc({ tool: tool.name });
      rt.audit.write({
        time: new Date(started).toISOString(), user: who.user, ...(who.groups ? { groups: who.groups } : {}), cluster: who.cluster,
        tool: tool.name, phase, commands: record.commands,
        actions: record.actions.map(({ verb, kind, namespace, name }) => ({ verb, kind, namespace, name })),
        result: outcome, ...(errorText ? { error: errorText } : {}), durationMs, bytes: record.bytes, truncated: record.truncated,
      });
    }
  });
}

/** Checks the view against the protocol, applies the text budget as a last resort, and shapes the MCP result. */
function finish(ctx: ToolContext, result: ToolResult): CallToolResult {
  const parsed = ViewSchema.safeParse(result.view);
  if (!parsed.success) throw new InternalError(`${ctx.tool} produced an invalid ${result.view.kind} view: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`);
  const fitted = fitText(result.text, ctx.budgetChars, 'ask for less (a namespace, a selector, fewer lines)');
  if (fitted.truncated) ctx.record.truncated = true;
  return { content: [{ type: 'text', text: fitted.text }], structuredContent: parsed.data as Record<string, unknown> };
}
