// Where the gateway sends a request it allowed, and with which credentials. Credentials live only here, in this
// process: the server's own (a kubeconfig or the in-cluster ServiceAccount) with impersonation headers naming the
// user, or the user's own Rancher token. Connections to each API server are kept alive and shared by all
// callers; credentials are per request, as client-go's impersonating transport does it.
import { readFileSync, statSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PassThrough } from 'node:stream';
import type { Config } from '../config';
import type { Identity } from '../identity';
import type { BaseCredentials } from '../kube/kubeconfig';

const MAX_SOCKETS_PER_SERVER = 64;
const TOKEN_FILE_RECHECK_MS = 60_000;
/** Rancher's own refusals are a few hundred bytes; a larger error is not one of them. */
const MAX_REFUSAL_BYTES = 64 * 1024;

export interface UpstreamRequest {
  method: string;
  /** Path and query as the API server sees it (no cluster prefix). */
  path: string;
  headers: OutgoingHttpHeaders;
  /** Rancher mode: Rancher's own API (Steve's /v1 at its root), not the call's cluster. */
  rancherApi?: boolean;
  /** Told when Rancher refuses to reach the call's cluster ("cluster <id> is not available: …"). */
  onRefusal?: (message: string) => void;
}

interface Server {
  base: URL;
  agent: HttpAgent | HttpsAgent;
  /** Authorization (and impersonation) headers for this identity. */
  auth(identity: Identity): OutgoingHttpHeaders;
}

type Entry = Record<string, unknown>;

function fileOrData(entry: Entry, file: string, data: string): Buffer | undefined {
  if (typeof entry[data] === 'string') return Buffer.from(entry[data] as string, 'base64');
  if (typeof entry[file] === 'string') return readFileSync(entry[file] as string);
  return undefined;
}

/** A token file re-read when it changes (projected ServiceAccount tokens rotate). */
function tokenFileReader(path: string): () => string {
  let token = '';
  let checkedAt = 0;
  let mtime = 0;
  return () => {
    if (Date.now() - checkedAt > TOKEN_FILE_RECHECK_MS) {
      checkedAt = Date.now();
      const changed = statSync(path).mtimeMs;
      if (changed !== mtime) {
        mtime = changed;
        token = readFileSync(path, 'utf8').trim();
      }
    }
    return token;
  };
}

function agentFor(base: URL, tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean; servername?: string }) {
  const common = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_SERVER, maxFreeSockets: 16, scheduling: 'lifo' as const };
  return base.protocol === 'https:' ? new HttpsAgent({ ...common, ...tls }) : new HttpAgent(common);
}

/** The server's own credentials; a kubeconfig whose user runs a credential plugin is refused at start. */
function baseServer(base: BaseCredentials): { server: Server; userHeaders: () => OutgoingHttpHeaders } {
  const { cluster, user } = base;
  if (user.exec || user['auth-provider']) {
    throw new Error(
      'the server kubeconfig uses a credential plugin (exec/auth-provider); give it a token, a token file or a client certificate',
    );
  }
  const url = new URL(String(cluster.server));
  const agent = agentFor(url, {
    ca: fileOrData(cluster, 'certificate-authority', 'certificate-authority-data'),
    cert: fileOrData(user, 'client-certificate', 'client-certificate-data'),
    key: fileOrData(user, 'client-key', 'client-key-data'),
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    servername: typeof cluster['tls-server-name'] === 'string' ? cluster['tls-server-name'] : undefined,
  });
  const readToken = typeof user.tokenFile === 'string' ? tokenFileReader(user.tokenFile) : undefined;
  const userHeaders = (): OutgoingHttpHeaders => {
    const token = typeof user.token === 'string' ? user.token : readToken?.();
    if (token) return { authorization: `Bearer ${token}` };
    if (typeof user.username === 'string') {
      return { authorization: `Basic ${Buffer.from(`${user.username}:${String(user.password ?? '')}`).toString('base64')}` };
    }
    return {};
  };
  return { server: { base: url, agent, auth: () => userHeaders() }, userHeaders };
}

/**
 * Rancher's cluster proxy answers the bare discovery roots `/api` and `/apis` with a redirect to its own `/api/` and
 * `/apis/`, which drops `/k8s/clusters/<id>` (Rancher v2.15); with the slash, it serves them like the API server.
 */
export function withDiscoverySlash(path: string): string {
  return path.replace(/^\/(api|apis)(?=\?|$)/, '/$1/');
}

/** An answer with another body, as the request's callers read answers (status, headers, a stream). */
function answerWith(from: IncomingMessage, headers: IncomingMessage['headers'], body: Buffer): IncomingMessage {
  const answer = Object.assign(new PassThrough(), { statusCode: from.statusCode, statusMessage: from.statusMessage, headers });
  answer.end(body);
  return answer as unknown as IncomingMessage;
}

/**
 * Rancher's own refusals on a cluster's proxy (no such cluster, not the user's, not connected) are plain text or
 * Rancher's JSON, which Kubernetes clients cannot read: they become a Kubernetes Status naming the cluster, and the
 * caller is told (kubectl's discovery prints any 503 as a generic line). Every answer of the API server (it sets
 * Audit-Id on all of them) passes unchanged.
 */
function clusterRefusals(
  cluster: string,
  onResponse: (res: IncomingMessage) => void,
  onRefusal: (message: string) => void = () => undefined,
): (res: IncomingMessage) => void {
  return (res) => {
    const length = Number(res.headers['content-length']);
    if ((res.statusCode ?? 0) < 400 || res.headers['audit-id'] || !(length <= MAX_REFUSAL_BYTES)) return onResponse(res);
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      let parsed: { Code?: { Code?: string }; Message?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // plain text, e.g. "lost connection to cluster"
      }
      const reason = parsed.Code?.Code || res.statusMessage?.replace(/\s+/g, '') || 'Failure';
      const message = `cluster ${cluster} is not available: ${parsed.Message || text.slice(0, 300) || res.statusMessage}`;
      onRefusal(message);
      const status = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code: res.statusCode,
      });
      onResponse(
        answerWith(res, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(status)) }, Buffer.from(status)),
      );
    });
  };
}

export class Upstreams {
  private readonly local?: Server;
  private readonly rancherAgent?: HttpAgent | HttpsAgent;

  constructor(
    private readonly config: Config,
    base: BaseCredentials | undefined,
  ) {
    if (config.identity.mode === 'rancher') {
      const url = new URL(config.identity.rancherUrl!);
      const ca = config.identity.rancherCaFile ? readFileSync(config.identity.rancherCaFile) : undefined;
      this.rancherAgent = agentFor(url, { ca, rejectUnauthorized: true });
      return;
    }
    const { server, userHeaders } = baseServer(base!);
    this.local = {
      ...server,
      auth: (identity) =>
        identity.mode === 'impersonate'
          ? // The API server applies the user's RBAC; the server's own account needs only `impersonate`.
            {
              ...userHeaders(),
              'impersonate-user': identity.user,
              ...(identity.groups.length ? { 'impersonate-group': identity.groups } : {}),
            }
          : userHeaders(),
    };
  }

  /**
   * The cluster's proxy in Rancher mode (`cluster` '' for Rancher's own API at its root). Made per request, not kept:
   * calls name clusters, and a map of every name ever asked for would only grow.
   */
  private serverFor(identity: Identity, cluster: string | undefined): Server {
    if (identity.mode !== 'rancher') return this.local!;
    if (cluster === undefined) throw new Error('the call names no cluster');
    const root = this.config.identity.rancherUrl!.replace(/\/+$/, '');
    return {
      base: new URL(cluster ? `${root}/k8s/clusters/${cluster}` : root),
      agent: this.rancherAgent!,
      auth: (id) => ({ authorization: `Bearer ${(id as Extract<Identity, { mode: 'rancher' }>).token}` }),
    };
  }

  /** Starts the request upstream as this identity; the caller writes the body and reads the answer. */
  request(identity: Identity, req: UpstreamRequest, onResponse: (res: IncomingMessage) => void): ClientRequest {
    const cluster = identity.mode === 'rancher' && !req.rancherApi ? identity.cluster : undefined;
    const server = this.serverFor(identity, req.rancherApi ? '' : cluster);
    const path = cluster ? withDiscoverySlash(req.path) : req.path;
    // Concatenated, never resolved: no path can move the request to another host.
    const target = new URL(`${server.base.origin}${server.base.pathname.replace(/\/+$/, '')}${path}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return send(
      target,
      { method: req.method, agent: server.agent, headers: { ...req.headers, ...server.auth(identity), host: target.host } },
      cluster ? clusterRefusals(cluster, onResponse, req.onRefusal) : onResponse,
    );
  }

  /** For /readyz: Rancher's /healthz, or the API server's /readyz as the server itself. */
  probe(timeoutMs: number): Promise<string> {
    const rancher = this.config.identity.mode === 'rancher';
    const url = new URL(
      rancher
        ? `${this.config.identity.rancherUrl!.replace(/\/+$/, '')}/healthz`
        : `${this.local!.base.origin}${this.local!.base.pathname.replace(/\/+$/, '')}/readyz`,
    );
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = rancher ? {} : this.local!.auth({ mode: 'kubeconfig' });
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        { method: 'GET', agent: rancher ? this.rancherAgent : this.local!.agent, headers, timeout: timeoutMs },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body = (body + chunk).slice(0, 200);
          });
          res.on('end', () => {
            if (res.statusCode === 200) resolve(body.trim() || 'ok');
            else reject(new Error(`${rancher ? 'Rancher' : 'the API server'} answered ${res.statusCode}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${rancher ? 'Rancher' : 'the API server'} did not answer in time`)));
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.local?.agent.destroy();
    this.rancherAgent?.destroy();
  }
}
