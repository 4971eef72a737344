// Every kubectl and helm process any tool starts goes through here, in this order: argv guard → effect
// classification → policy on the declared actions → confirmation and approved-plan checks → a gateway grant for
// exactly the declared actions (the process's kubeconfig points at the gateway, which judges every request it
// really sends) → exec → record.
import { dirname } from 'node:path';
import { CallCancelled, CommandFailed, InternalError, PolicyDenied, ToolError } from '../errors';
import { CancelledError, QueueFullError } from '../exec/limiter';
import { run, type RunResult } from '../exec/run';
import { grantFor } from '../gateway/gateway';
import { guardArgv } from '../policy/argv-guard';
import { classifyHelm, classifyKubectl, type Effect } from '../policy/classify';
import { checkActions, isWrite, type KubeAction } from '../policy/engine';
import { approvalCovers } from '../policy/plans';
import type { ToolContext } from '../runtime';
import { maskError, maskText } from '../policy/redact';
import { writeGatewayKubeconfig } from './kubeconfig';

export interface Invocation {
  /** Tool-built arguments: no connection, credential or impersonation flags (the guard refuses them). */
  argv: string[];
  /** What the call does, judged by the policy. Required: a call that declares nothing is refused. */
  actions: KubeAction[];
  stdin?: string;
  maxBytes?: number;
  /** Return a failed run instead of throwing (the caller inspects stderr). */
  allowFailure?: boolean;
}

/**
 * Refuses a write before any work is done (write tools call this first; the engine and the gateway check again).
 * While planning, the writes go into the plan the user approves; when executing, they must all be in it.
 */
export function assertAllowed(ctx: ToolContext, actions: KubeAction[]): void {
  checkActions(ctx.rt.config, actions);
  const writes = actions.filter(isWrite);
  if (ctx.plan && !ctx.confirmed) ctx.plan.writes.push(...writes.map((action) => ({ action })));
  const unapproved = ctx.approved && writes.find((a) => !approvalCovers(ctx.approved!, a));
  if (unapproved) {
    const what = `${unapproved.verb} ${unapproved.kind}${unapproved.name ? ` ${unapproved.name}` : ''}${unapproved.namespace ? ` in namespace ${unapproved.namespace}` : ''}`;
    throw new PolicyDenied(`not executed: the change now differs from the plan the user approved (it would also ${what}); plan it again`);
  }
}

/** The command line as a human would type it (connection flags omitted, the private folder hidden). */
export function displayCommand(ctx: ToolContext, program: 'kubectl' | 'helm', argv: readonly string[]): string {
  return [program, ...argv]
    .map((a) => a.split(ctx.dir).join('<file>'))
    .map((a) => (/^[\w@%+=:,./<>-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

function assertConsistent(effect: Effect, actions: readonly KubeAction[], ctx: ToolContext, command: string): void {
  if (actions.length === 0) throw new InternalError(`${ctx.tool}: no actions declared for ${command}`);
  const writes = actions.some(isWrite);
  if (effect === 'read' && writes) throw new InternalError(`${ctx.tool}: a read command declared write actions`);
  if (effect !== 'read' && !writes) throw new InternalError(`${ctx.tool}: ${command} changes the cluster but declared only reads`);
  if (effect === 'write' && !ctx.confirmed) throw new InternalError(`${ctx.tool}: a write reached the engine without confirmation`);
}

/** The argv as the audit log keeps it: the private folder hidden, patch bodies reduced to their size, values masked. */
function auditArgv(ctx: ToolContext, argv: readonly string[]): string[] {
  return argv.map((a) => {
    if (a.startsWith('--patch=')) return `--patch=<redacted ${Buffer.byteLength(a) - 8} bytes>`;
    return maskText(a.split(ctx.dir).join('<call-dir>'));
  });
}

/**
 * client-go logs one line per API group it could not list during discovery (an aggregated API whose server is down,
 * e.g. metrics-server or Rancher's ext.cattle.io) and carries on without that group. Those lines say nothing about
 * the command, and would otherwise stand first in its error.
 */
const DISCOVERY_NOISE = /^[EW]\d{4} [\d:.]+\s+\d+ memcache\.go:\d+\] .*couldn't get resource list for .*$\n?/gm;

export function withoutDiscoveryNoise(stderr: string): string {
  return stderr.replace(DISCOVERY_NOISE, '');
}

function cleanError(ctx: ToolContext, result: RunResult): string {
  // API and template errors can quote the values they reject: mask them like any other cluster text.
  const text = maskError((result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split(ctx.dir).join('<file>'));
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

async function invoke(ctx: ToolContext, program: 'kubectl' | 'helm', inv: Invocation): Promise<RunResult> {
  const { config } = ctx.rt;
  guardArgv(inv.argv);
  const effect = program === 'kubectl' ? classifyKubectl(inv.argv) : classifyHelm(inv.argv);
  const command = displayCommand(ctx, program, inv.argv);
  assertConsistent(effect, inv.actions, ctx, command);
  assertAllowed(ctx, inv.actions);

  const timeout = config.limits.timeoutSeconds;
  const binary = ctx.rt.binaries[program];
  const env: Record<string, string> = { PATH: `${dirname(binary)}:/usr/bin:/bin`, HOME: ctx.dir };
  const access = await ctx.rt.gateway.open(grantFor(ctx, inv.actions));
  const refusedBefore = ctx.record.refused.length;
  const kubeconfig = writeGatewayKubeconfig(ctx.dir, `kubeconfig-${access.token.slice(0, 12)}`, access);
  let args: string[];
  if (program === 'kubectl') {
    args = [`--kubeconfig=${kubeconfig}`, `--cache-dir=${config.cacheDir}`, `--request-timeout=${timeout}s`, ...inv.argv];
  } else {
    // helm keeps repositories, caches and plugins per call: nothing leaks between users or calls.
    Object.assign(env, {
      HELM_CONFIG_HOME: `${ctx.dir}/helm/config`,
      HELM_CACHE_HOME: `${ctx.dir}/helm/cache`,
      HELM_DATA_HOME: `${ctx.dir}/helm/data`,
      HELM_PLUGINS: `${ctx.dir}/helm/plugins`,
    });
    args = [...inv.argv, `--kubeconfig=${kubeconfig}`];
  }
  ctx.record.commands.push(auditArgv(ctx, inv.argv));
  ctx.record.shown.push(maskText(command));
  ctx.record.actions.push(...inv.actions);

  let result: RunResult;
  try {
    result = await ctx.rt.limiter.run(
      () =>
        run({
          file: binary,
          args,
          env,
          stdin: inv.stdin,
          signal: ctx.signal,
          // The process deadline sits a little past kubectl's own request timeout, so kubectl can report first.
          timeoutMs: (timeout + 5) * 1000,
          maxStdoutBytes: inv.maxBytes ?? config.limits.maxOutputBytes,
        }),
      ctx.signal,
    );
  } catch (err) {
    if (err instanceof CancelledError) throw new CallCancelled('the call was cancelled');
    if (err instanceof QueueFullError) throw new ToolError(err.message);
    throw err;
  } finally {
    access.revoke();
  }
  ctx.record.bytes += result.stdoutBytes;
  result = { ...result, stderr: withoutDiscoveryNoise(result.stderr) };
  if (result.cancelled) throw new CallCancelled('the call was cancelled');
  if (result.timedOut) {
    throw new ToolError(
      `${program} did not finish within ${timeout} s and was stopped; narrow the request (a namespace, a selector) or try again`,
    );
  }
  if (result.truncated) ctx.record.truncated = true;
  // A request the gateway refused fails the call with the rule, whatever the process made of the 403.
  const refused = ctx.record.refused.slice(refusedBefore);
  if (refused.length) throw new PolicyDenied(`${program} was stopped by Drover's gateway: ${refused[0].rule}`);
  if (result.exitCode !== 0 && !result.truncated && !inv.allowFailure) throw new CommandFailed(cleanError(ctx, result));
  return result;
}

export const kubectl = (ctx: ToolContext, inv: Invocation) => invoke(ctx, 'kubectl', inv);
export const helm = (ctx: ToolContext, inv: Invocation) => invoke(ctx, 'helm', inv);
