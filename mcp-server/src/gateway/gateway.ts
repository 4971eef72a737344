// The one gateway every Kubernetes API request passes: the server's own reads (in-process) and every request of
// every kubectl and helm process it starts (their kubeconfig points here, on loopback, with a bearer that is valid
// for that one process); in Rancher mode also the server's reads of Rancher's own API. Each request is judged from
// what it really is (gateway/judge.ts) and only then sent upstream with the user's credentials
// (gateway/upstream.ts), which never leave this process. Refusals answer 403 with the rule, as a Kubernetes
// Status, and go into the call's audit line.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { PolicyDenied } from '../errors';
import type { Identity } from '../identity';
import { Discovery } from '../kube/discovery';
import type { BaseCredentials } from '../kube/kubeconfig';
import type { Metrics } from '../observability/metrics';
import type { KubeAction } from '../policy/engine';
import { bodyMatchesPlan, sha256, type PlanRecord } from '../policy/plans';
import type { CallRecord, ToolContext } from '../runtime';
import { judge, judgeRancherRead, type Scope, type Verdict } from './judge';
import { loopbackTls } from './loopback-tls';
import { requestInfo, type RequestInfo } from './request-info';
import { Upstreams, type UpstreamRequest } from './upstream';

/** Larger than any object the API server accepts (3 MiB by default). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Hop-by-hop and credential headers a client may not pass upstream. */
const DROPPED_HEADERS =
  /^(host|authorization|connection|keep-alive|proxy-.*|te|trailer|transfer-encoding|impersonate-.*|cookie|x-remote-.*)$/i;
/** A restart's timestamp is the one field that differs between its dry run and the real request. */
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** One process or read, as the gateway knows it. */
export interface Grant extends Scope {
  identity: Identity;
  cluster: string;
  tool: string;
  record: CallRecord;
  /** Plan phase: the writes the dry runs sent, and the digests of the answers, go here. */
  plan?: PlanRecord;
}

/** The grant of one process or read of a call: exactly the actions it declares, in the call's phase. */
export function grantFor(ctx: ToolContext, actions: readonly KubeAction[]): Grant {
  return {
    config: ctx.rt.config,
    actions,
    confirmed: ctx.confirmed,
    approved: ctx.approved,
    plan: ctx.confirmed ? undefined : ctx.plan,
    identity: ctx.identity,
    cluster: ctx.cluster,
    tool: ctx.tool,
    record: ctx.record,
  };
}

export interface GatewayRead {
  path: string;
  accept: string;
  signal: AbortSignal;
  timeoutMs: number;
}

/** The request body as the plan compares it: dry-run markers and restart timestamps left out. */
function bodyDigest(body: Buffer): string {
  try {
    const doc = JSON.parse(body.toString('utf8'), (key, value) => (key === RESTARTED_AT ? undefined : value)) as Record<string, unknown>;
    if (doc && typeof doc === 'object') delete doc.dryRun;
    return sha256(JSON.stringify(doc));
  } catch {
    return sha256(body);
  }
}

/** Requests of the same kind carry comparable bodies: a server-side apply and a merge patch do not. */
function requestKind(method: string, contentType: string): string {
  return `${method} ${contentType.split(';')[0].trim().toLowerCase()}`;
}

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !DROPPED_HEADERS.test(name)));
}

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class Gateway {
  readonly discovery: Discovery;
  private readonly upstreams: Upstreams;
  private readonly grants = new Map<string, Grant>();
  private readonly server: Server;
  private readonly cert: string;
  private listening?: Promise<number>;

  constructor(
    private readonly config: Config,
    base: BaseCredentials | undefined,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {
    this.upstreams = new Upstreams(config, base);
    this.discovery = new Discovery((identity, path, accept) => this.discoveryGet(identity, path, accept));
    const tls = loopbackTls();
    this.cert = tls.cert;
    this.server = createServer(tls, (req, res) => void this.serve(req, res).catch((err: Error) => this.fail(res, err)));
    this.server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head).catch(() => socket.destroy()),
    );
    this.server.keepAliveTimeout = 30_000;
  }

  /** A kubeconfig server URL, CA and bearer for one process; the bearer stops working when `revoke` is called. */
  async open(grant: Grant): Promise<{ server: string; ca: string; token: string; revoke: () => void }> {
    this.listening ??= new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port));
      // It serves only this process's own children: it must never be what keeps the process alive.
      this.server.unref();
    });
    const port = await this.listening;
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, grant);
    // The cluster in the path keeps kubectl's discovery cache (keyed by server URL) apart per cluster.
    return {
      server: `https://127.0.0.1:${port}/c/${encodeURIComponent(grant.cluster)}`,
      ca: this.cert,
      token,
      revoke: () => this.grants.delete(token),
    };
  }

  /** An in-process GET, judged like any other request; the caller reads (and caps) the answer. */
  async get(grant: Grant, read: GatewayRead): Promise<IncomingMessage> {
    const info = requestInfo('GET', read.path);
    const verdict = await this.verdict(grant, info);
    if (!verdict.allow) throw new PolicyDenied(verdict.rule);
    return this.send(grant, { method: 'GET', path: info.path, headers: { accept: read.accept } }, read);
  }

  /** An in-process GET of Rancher's own API (Steve's /v1) as the Rancher user: at Rancher's root, or the call's cluster's. */
  async rancherGet(grant: Grant, read: GatewayRead & { at: 'rancher' | 'cluster' }): Promise<IncomingMessage> {
    const verdict = judgeRancherRead(grant, read.path);
    if (!verdict.allow) {
      this.refused(grant, requestInfo('GET', read.path), verdict.rule);
      throw new PolicyDenied(verdict.rule);
    }
    const req = { method: 'GET', path: read.path, headers: { accept: read.accept }, rancherApi: read.at === 'rancher' };
    return this.send(grant, req, read);
  }

  private send(grant: Grant, upstream: UpstreamRequest, read: GatewayRead): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.upstreams.request(grant.identity, { ...upstream, onRefusal: unavailableFor(grant) }, resolve);
      const onAbort = () => req.destroy(new Error('cancelled'));
      read.signal.addEventListener('abort', onAbort, { once: true });
      req.setTimeout(read.timeoutMs, () => req.destroy(new Error(`no answer within ${read.timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.on('close', () => read.signal.removeEventListener('abort', onAbort));
      req.end();
    });
  }

  /** Whether the cluster (or Rancher) answers, for /readyz. */
  probe(timeoutMs: number): Promise<string> {
    return this.upstreams.probe(timeoutMs);
  }

  async close(): Promise<void> {
    this.grants.clear();
    this.server.closeAllConnections();
    if (this.listening) await new Promise((resolve) => this.server.close(resolve));
    this.upstreams.close();
  }

  private async discoveryGet(identity: Identity, path: string, accept: string) {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = this.upstreams.request(identity, { method: 'GET', path, headers: { accept } }, resolve);
      req.setTimeout(this.config.limits.timeoutSeconds * 1000, () =>
        req.destroy(new Error(`the API server did not answer within ${this.config.limits.timeoutSeconds} s`)),
      );
      req.on('error', reject);
      req.end();
    });
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return {
      status: res.statusCode ?? 0,
      contentType: String(res.headers['content-type'] ?? ''),
      body: Buffer.concat(chunks).toString('utf8'),
    };
  }

  private async verdict(grant: Grant, info: RequestInfo, body?: Buffer, contentType = ''): Promise<Verdict> {
    const resource =
      info.kind === 'resource' ? await this.discovery.lookup(grant.identity, grant.cluster, info.group, info.resource) : undefined;
    let verdict = judge(grant, info, resource);
    if (
      verdict.allow &&
      verdict.action &&
      info.kind === 'resource' &&
      body &&
      grant.approved &&
      !info.dryRun &&
      !bodyMatchesPlan(grant.approved, verdict.action, requestKind(info.method, contentType), bodyDigest(body))
    ) {
      verdict = {
        allow: false,
        rule: `refused: the request to ${verdict.action.kind} ${verdict.action.name} differs from the one the user approved`,
      };
    }
    if (!verdict.allow) this.refused(grant, info, verdict.rule);
    return verdict;
  }

  private refused(grant: Grant, info: RequestInfo, rule: string): void {
    grant.record.refused.push({ request: `${info.method} ${info.path.slice(0, 200)}`, rule });
    this.metrics.gatewayRefusals.inc({ tool: grant.tool });
    this.log.warn({ tool: grant.tool, method: info.method, path: info.path.slice(0, 200), rule }, 'gateway refused a request');
  }

  /** The grant a request's bearer names, and its path without the /c/<cluster> prefix. */
  private admit(req: IncomingMessage): { grant: Grant; path: string } | undefined {
    const header = req.headers.authorization ?? '';
    const grant = /^bearer /i.test(header) ? this.grants.get(header.slice(7).trim()) : undefined;
    if (!grant) return undefined;
    const prefix = `/c/${encodeURIComponent(grant.cluster)}`;
    const url = req.url ?? '/';
    const path = url.startsWith(`${prefix}/`) ? url.slice(prefix.length) : url === prefix ? '/' : url;
    return { grant, path };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const admitted = this.admit(req);
    if (!admitted) {
      req.resume();
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(status(401, 'Unauthorized', "this gateway serves only Drover's own calls"));
      return;
    }
    const { grant, path } = admitted;
    const body = WRITE_METHODS.has(method) ? await readBody(req) : (req.resume(), undefined);
    if (WRITE_METHODS.has(method) && !body) {
      res.writeHead(413, { 'content-type': 'application/json' }).end(status(413, 'RequestEntityTooLarge', 'the request body is too large'));
      return;
    }
    const info = requestInfo(method, path, body);
    const contentType = String(req.headers['content-type'] ?? '');
    const verdict = await this.verdict(grant, info, body, contentType);
    if (!verdict.allow) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(status(403, 'Forbidden', `drover gateway: ${verdict.rule}`));
      return;
    }
    const dryRunWrite =
      info.kind === 'resource' && info.dryRun && verdict.action && grant.plan ? { plan: grant.plan, action: verdict.action } : undefined;
    if (dryRunWrite && body)
      dryRunWrite.plan.writes.push({ action: dryRunWrite.action, request: requestKind(method, contentType), body: bodyDigest(body) });
    const upstream = this.upstreams.request(
      grant.identity,
      { method, path: info.path, headers: forwardedHeaders(req.headers), onRefusal: unavailableFor(grant) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardedHeaders(answer.headers));
        res.flushHeaders(); // a watch sends its headers long before its first event
        if (dryRunWrite) collectAnswer(answer, dryRunWrite.plan);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => this.fail(res, err));
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  }

  /** exec (WebSocket or SPDY): the same verdict, then the two connections are joined. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const admitted = this.admit(req);
    const reject = (code: number, reason: string, message: string) => {
      const text = status(code, reason, message);
      socket.end(
        `HTTP/1.1 ${code} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    };
    if (!admitted) return reject(401, 'Unauthorized', "this gateway serves only Drover's own calls");
    const info = requestInfo(req.method ?? 'GET', admitted.path);
    const verdict = await this.verdict(admitted.grant, info);
    if (!verdict.allow) return reject(403, 'Forbidden', `drover gateway: ${verdict.rule}`);
    const headers = { ...forwardedHeaders(req.headers), connection: 'Upgrade', upgrade: req.headers.upgrade ?? '' };
    const upstream = this.upstreams.request(
      admitted.grant.identity,
      { method: info.method, path: info.path, headers, onRefusal: unavailableFor(admitted.grant) },
      (answer) => {
        // Not upgraded (e.g. 403 from RBAC): pass the answer on as it is.
        const lines = Object.entries(forwardedHeaders(answer.headers)).map(([k, v]) => `${k}: ${String(v)}`);
        socket.write(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`);
        answer.pipe(socket);
      },
    );
    upstream.on('upgrade', (answer: IncomingMessage, upSocket: Duplex, upHead: Buffer) => {
      const lines = Object.entries(answer.headers).map(([k, v]) => `${k}: ${String(v)}`);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
      const end = () => {
        upSocket.destroy();
        socket.destroy();
      };
      upSocket.on('error', end);
      socket.on('error', end);
      upSocket.on('close', end);
      socket.on('close', end);
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  }

  private fail(res: ServerResponse, err: Error): void {
    this.log.debug({ err }, 'gateway could not forward a request');
    if (!res.headersSent)
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(status(502, 'ServiceUnavailable', `the API server could not be reached: ${err.message}`));
    else res.destroy();
  }
}

/** Rancher's reason for not reaching the cluster, kept for the call's error (the first one is the cause). */
function unavailableFor(grant: Grant): (message: string) => void {
  return (message) => {
    grant.record.unavailable ??= message;
  };
}

/** The digest of a dry run's answer goes into the plan the user approves. */
function collectAnswer(answer: IncomingMessage, plan: PlanRecord): void {
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => plan.answers.push(sha256(Buffer.concat(chunks))));
}
