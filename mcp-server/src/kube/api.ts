// Reads straight from the API server, as the caller, through the caller's kubectl proxy (kube/api-proxy.ts).
// Same rules as kube/invoke.ts: declared actions, policy check, audit record, deadline, byte cap, cancellation.
import { request } from 'node:http';
import { CallCancelled, CommandFailed, InternalError, ToolError } from '../errors';
import { checkActions, isWrite, type KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { maskText } from '../policy/redact';

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

export interface ApiResponse { status: number; body: string; truncated: boolean }

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
  if (read.actions.length === 0 || read.actions.some(isWrite)) throw new InternalError(`${ctx.tool}: an API read must declare read actions only`);
  checkActions(ctx.rt.config, read.actions);
  const target = read.query && [...read.query.keys()].length ? `${read.path}?${read.query}` : read.path;
  ctx.record.commands.push(['GET', target]);
  ctx.record.shown.push(`GET ${target}`);
  ctx.record.actions.push(...read.actions);
  const socket = await ctx.rt.proxies.socketFor(ctx.identity);
  const cap = read.maxBytes ?? ctx.rt.config.limits.maxOutputBytes;
  const timeoutMs = ctx.rt.config.limits.timeoutSeconds * 1000;

  const response = await new Promise<ApiResponse>((resolve, reject) => {
    if (ctx.signal.aborted) return reject(new CallCancelled('the call was cancelled'));
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const req = request({ socketPath: socket, path: target, method: 'GET', headers: { Accept: read.accept ?? 'application/json, */*', Host: 'localhost' } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        ctx.record.bytes += chunk.length;
        if (truncated) return;
        if (size + chunk.length > cap) {
          chunks.push(chunk.subarray(0, cap - size));
          truncated = true;
          ctx.record.truncated = true;
          res.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), truncated });
          return;
        }
        size += chunk.length;
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), truncated }));
      res.on('error', reject);
    });
    const onAbort = () => req.destroy(new CallCancelled('the call was cancelled'));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    req.setTimeout(timeoutMs, () => req.destroy(new ToolError(`the API server did not answer within ${timeoutMs / 1000} s; narrow the request (a namespace, a selector) or try again`)));
    req.on('error', (err) => reject(err instanceof ToolError ? err : new ToolError(`could not reach the API server: ${err.message}`)));
    req.on('close', () => ctx.signal.removeEventListener('abort', onAbort));
    req.end();
  });
  if ((response.status < 200 || response.status > 299) && !response.truncated && !read.allowFailure) {
    throw new CommandFailed(maskText(apiErrorText(response)));
  }
  return response;
}

export async function apiGetJson<T = unknown>(ctx: ToolContext, read: ApiRead): Promise<T> {
  const res = await apiGet(ctx, read);
  if (res.truncated) {
    throw new ToolError(`the API answer is larger than ${Math.round((read.maxBytes ?? ctx.rt.config.limits.maxOutputBytes) / 1048576)} MiB; narrow it with a namespace, a label selector or a smaller page`);
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new ToolError('the API server returned an answer that is not JSON');
  }
}
