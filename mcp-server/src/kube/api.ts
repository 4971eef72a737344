// Reads straight from the API server, as the caller, through the gateway (in-process, over kept-alive
// connections). Same rules as kube/invoke.ts: declared actions, the gateway's verdict, audit record, deadline,
// byte cap, cancellation.
import type { IncomingMessage } from 'node:http';
import { CallCancelled, CommandFailed, InternalError, PolicyDenied, ToolError } from '../errors';
import { grantFor, type GatewayRead, type Grant } from '../gateway/gateway';
import { isWrite, type KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { maskError } from '../policy/redact';

export interface ApiRead {
  /** An API path built by Drover (e.g. from discovery.restPath): /api/..., /apis/... or /version. */
  path: string;
  query?: URLSearchParams;
  actions: KubeAction[];
  maxBytes?: number;
  /** Accept header (default JSON); e.g. the server-side Table format. */
  accept?: string;
  /** Return non-2xx answers instead of throwing. */
  allowFailure?: boolean;
}

export interface ApiResponse {
  status: number;
  body: string;
  truncated: boolean;
}

const PATH = /^\/(version|api|apis)(\/[A-Za-z0-9._~:@%-]+)*\/?$/;

/** Kubernetes' error wording, as kubectl prints it: `Error from server (Forbidden): …`. */
export function apiErrorText({ status, body }: { status: number; body: string }): string {
  try {
    const parsed = JSON.parse(body) as { reason?: string; message?: string };
    if (parsed.message) return `Error from server (${parsed.reason || status}): ${parsed.message}`;
  } catch {
    // not a Status object
  }
  return `Error from server (${status}): ${body.trim().slice(0, 500) || 'no message'}`;
}

export async function apiGet(ctx: ToolContext, read: ApiRead): Promise<ApiResponse> {
  if (!PATH.test(read.path) || read.path.includes('..')) throw new InternalError(`${ctx.tool}: not an API path: ${read.path.slice(0, 80)}`);
  if (read.actions.length === 0 || read.actions.some(isWrite))
    throw new InternalError(`${ctx.tool}: an API read must declare read actions only`);
  const target = read.query && [...read.query.keys()].length ? `${read.path}?${read.query}` : read.path;
  const response = await recordedGet(
    ctx,
    { shown: target, actions: read.actions, cap: read.maxBytes ?? ctx.rt.config.limits.maxOutputBytes },
    { name: 'the API server', slowHint: 'narrow the request (a namespace, a selector) or try again' },
    (grant, timing) => ctx.rt.gateway.get(grant, { ...timing, path: target, accept: read.accept ?? 'application/json, */*' }),
  );
  if ((response.status < 200 || response.status > 299) && !response.truncated && !read.allowFailure) {
    throw new CommandFailed(maskError(apiErrorText(response)));
  }
  return response;
}

export async function apiGetJson<T = unknown>(ctx: ToolContext, read: ApiRead): Promise<T> {
  const res = await apiGet(ctx, read);
  if (res.truncated) {
    throw new ToolError(
      `the API answer is larger than ${Math.round((read.maxBytes ?? ctx.rt.config.limits.maxOutputBytes) / 1048576)} MiB; narrow it with a namespace, a label selector or a smaller page`,
    );
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new ToolError('the API server returned an answer that is not JSON');
  }
}

/**
 * One GET through the gateway for a call (the API server's, or Rancher's own API): recorded for the audit and the
 * user, with the call's deadline and cancellation, its answer read up to `cap` bytes.
 */
export async function recordedGet(
  ctx: ToolContext,
  read: { shown: string; actions: KubeAction[]; cap: number },
  upstream: { name: string; slowHint: string },
  send: (grant: Grant, timing: Pick<GatewayRead, 'signal' | 'timeoutMs'>) => Promise<IncomingMessage>,
): Promise<ApiResponse> {
  ctx.record.commands.push(['GET', read.shown]);
  ctx.record.shown.push(`GET ${read.shown}`);
  ctx.record.actions.push(...read.actions);
  const timeoutMs = ctx.rt.config.limits.timeoutSeconds * 1000;
  if (ctx.signal.aborted) throw new CallCancelled('the call was cancelled');
  let answer;
  try {
    answer = await send(grantFor(ctx, read.actions), { signal: ctx.signal, timeoutMs });
  } catch (err) {
    if (err instanceof PolicyDenied) throw err;
    if (ctx.signal.aborted) throw new CallCancelled('the call was cancelled');
    const message = (err as Error).message;
    throw new ToolError(
      message.startsWith('no answer within')
        ? `${upstream.name} did not answer within ${timeoutMs / 1000} s; ${upstream.slowHint}`
        : `could not reach ${upstream.name}: ${message}`,
    );
  }
  return readCapped(ctx, answer, read.cap);
}

/** The answer's body, cut at `cap` bytes (the connection is then dropped, and the call marked truncated). */
function readCapped(ctx: ToolContext, answer: IncomingMessage, cap: number): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const status = answer.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      ctx.record.bytes += chunk.length;
      if (size + chunk.length > cap) {
        chunks.push(chunk.subarray(0, cap - size));
        ctx.record.truncated = true;
        answer.destroy();
        resolve({ status, body: Buffer.concat(chunks).toString('utf8'), truncated: true });
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    answer.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8'), truncated: false }));
    answer.on('error', () =>
      ctx.signal.aborted
        ? reject(new CallCancelled('the call was cancelled'))
        : reject(new ToolError('the API server closed the connection mid-answer')),
    );
  });
}
