// One call (a tool call or a resource read) as the server handles it: the caller's identity from the
// authenticated channel (in Rancher mode on the cluster the call names, else the UI's), a private folder
// (kubeconfigs pointing at the gateway, manifests, helm state), and — whatever happens — one audit line (with any
// request the gateway refused) and the metrics. Errors the model may see (ToolError) pass through; anything else
// becomes a generic message.
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallCancelled, CommandFailed, InternalError, PolicyDenied, ToolError } from '../errors';
import { withPrivateDir } from '../exec/private-dir';
import { describeIdentity, onCluster, type Identity } from '../identity';
import type { AuditEntry } from '../observability/audit';
import type { CallRecord, Runtime, ToolContext } from '../runtime';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What the handler may adjust as the call proceeds (a write moves from plan to execute, a user may decline). */
export interface CallState {
  phase: AuditEntry['phase'];
  declined: boolean;
}

/** A failure is `internal` when it is a bug of ours (its message is then generic); otherwise its message says why. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; message: string; internal: boolean };

/** Rancher mode: the cluster a call names (else the UI's), or none for a call about Rancher itself (across clusters). */
export interface CallTarget {
  cluster?: string;
  acrossClusters?: boolean;
}

function identityOf(extra: Extra, fixedIdentity?: Identity): Identity {
  const fromAuth = (extra.authInfo?.extra as { identity?: Identity } | undefined)?.identity;
  const identity = fromAuth ?? fixedIdentity;
  if (!identity) throw new InternalError('a call arrived without an authenticated identity');
  return identity;
}

export async function runCall<T>(
  rt: Runtime,
  name: string,
  phase: AuditEntry['phase'],
  extra: Extra,
  fixedIdentity: Identity | undefined,
  handler: (ctx: ToolContext, state: CallState) => Promise<T>,
  target: CallTarget = {},
): Promise<CallOutcome<T>> {
  const started = Date.now();
  let identity = identityOf(extra, fixedIdentity);
  const record: CallRecord = { commands: [], shown: [], actions: [], refused: [], bytes: 0, truncated: false };
  const state: CallState = { phase, declined: false };
  let outcome: AuditEntry['result'] = 'ok';
  let errorText: string | undefined;
  try {
    if (!target.acrossClusters) identity = onCluster(identity, target.cluster);
    const value = await withPrivateDir((dir) =>
      handler(
        {
          rt,
          tool: name,
          identity,
          signal: extra.signal,
          get dir() {
            return dir();
          },
          record,
          confirmed: false,
          cluster: identity.mode === 'rancher' ? (identity.cluster ?? '') : 'local',
          budgetChars: rt.config.limits.resultTokenBudget * 4,
        },
        state,
      ),
    );
    return { ok: true, value };
  } catch (err) {
    if (err instanceof PolicyDenied) {
      outcome = 'denied';
      rt.metrics.denials.inc({ tool: name });
    } else {
      outcome = err instanceof CallCancelled ? 'cancelled' : 'error';
    }
    const known = err instanceof ToolError;
    // A kubectl failure on a cluster Rancher could not reach: Rancher's reason says more than kubectl's generic line.
    const unavailable = err instanceof CommandFailed ? record.unavailable : undefined;
    errorText = known ? (unavailable ?? err.message) : `internal error in ${name}; the server log has the details`;
    if (!known) rt.log.error({ err, tool: name }, 'call failed');
    return { ok: false, message: errorText, internal: !known };
  } finally {
    if (state.declined) outcome = 'declined';
    const durationMs = Date.now() - started;
    rt.metrics.calls.inc({ tool: name, status: outcome });
    rt.metrics.duration.observe({ tool: name }, durationMs / 1000);
    rt.metrics.bytes.inc({ tool: name }, record.bytes);
    if (record.truncated) rt.metrics.truncations.inc({ tool: name });
    const who = describeIdentity(identity);
    rt.audit.write({
      time: new Date(started).toISOString(),
      user: who.user,
      ...(who.groups ? { groups: who.groups } : {}),
      cluster: who.cluster,
      tool: name,
      phase: state.phase,
      commands: record.commands,
      actions: record.actions.map(({ verb, kind, namespace, name: objectName }) => ({ verb, kind, namespace, name: objectName })),
      ...(record.refused.length ? { refused: record.refused.map((r) => `${r.request}: ${r.rule}`) } : {}),
      result: outcome,
      ...(errorText ? { error: errorText } : {}),
      durationMs,
      bytes: record.bytes,
      truncated: record.truncated,
    });
  }
}
