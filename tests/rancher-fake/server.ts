// A stand-in for the two Rancher HTTP endpoints Drover uses (no Rancher server runs here):
//   GET /v3/users?me=true       — who owns this Rancher token (bearer header or R_SESS cookie)
//   /k8s/clusters/<id>/...      — Rancher's authenticating proxy to a downstream cluster's API server
// plus /healthz. Everything behind the proxy is the real local API server: a Rancher token maps to the real
// Kubernetes user's own token, so RBAC decisions are the real ones, made for that user.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterInfo } from '../cluster/state';

export interface RancherUser {
  /** Rancher user id, e.g. u-viewer. */
  id: string;
  username: string;
  /** The Rancher token the browser session holds. */
  token: string;
}

export interface FakeRancher {
  url: string;
  /** CA bundle for https connections to `url` (the test cluster's CA). */
  caFile: string;
  users: Record<'admin' | 'viewer' | 'editor', RancherUser>;
  /** Requests received, for tests that assert what reached Rancher. */
  requests: { method: string; path: string; user?: string }[];
  stop(): Promise<void>;
}

const CLUSTER_IDS = ['local'];

function bearerOrCookie(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = /(?:^|;\s*)R_SESS=([^;]+)/.exec(req.headers.cookie ?? '');
  return cookie?.[1];
}

export async function startFakeRancher(cluster: Pick<ClusterInfo, 'dir' | 'server' | 'caFile' | 'users'>): Promise<FakeRancher> {
  const upstream = new URL(cluster.server);
  const ca = readFileSync(cluster.caFile);
  const make = (role: 'admin' | 'viewer' | 'editor'): RancherUser =>
    ({ id: `u-${role}`, username: cluster.users[role].name, token: `token-${role}:${randomBytes(16).toString('hex')}` });
  const users = { admin: make('admin'), viewer: make('viewer'), editor: make('editor') };
  const byToken = new Map(Object.entries(users).map(([role, u]) => [u.token, { user: u, k8sToken: cluster.users[role as keyof typeof users].token }]));
  const requests: FakeRancher['requests'] = [];

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer({ cert: readFileSync(cluster.caFile), key: readFileSync(`${cluster.dir}/pki/apiserver.key`) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://rancher.invalid');
    const session = byToken.get(bearerOrCookie(req) ?? '');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, user: session?.user.id });
    if (url.pathname === '/healthz') return res.end('ok');
    if (!session) return json(res, 401, { type: 'error', status: '401', message: 'must authenticate' });
    if (url.pathname === '/v3/users' && url.searchParams.get('me') === 'true') {
      return json(res, 200, { type: 'collection', data: [{ type: 'user', id: session.user.id, username: session.user.username, name: session.user.username, principalIds: [`local://${session.user.id}`] }] });
    }
    const proxied = /^\/k8s\/clusters\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!proxied) return json(res, 404, { type: 'error', status: '404', message: 'not found' });
    if (!CLUSTER_IDS.includes(proxied[1])) return json(res, 404, { type: 'error', status: '404', message: `cluster ${proxied[1]} not found` });
    const headers = { ...req.headers, host: upstream.host, authorization: `Bearer ${session.k8sToken}` };
    delete headers.cookie;
    const forward = request({
      hostname: upstream.hostname, port: upstream.port, method: req.method, path: `${proxied[2]}${url.search}`, headers, ca,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', (err) => json(res, 502, { type: 'error', status: '502', message: err.message }));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`, caFile: cluster.caFile, users, requests,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
