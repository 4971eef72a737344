// A recording pass-through in front of the real Rancher: every request is forwarded unchanged to Rancher (whose
// answers the test gets), and its method, path and the Rancher user whose token it carried are recorded, so a test
// can assert what reached Rancher (e.g. that a cache saved a call). Plain HTTP on loopback in front; the tap itself
// verifies Rancher's certificate against Rancher's CA.
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RancherInfo } from './start';

export interface TappedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The request target as it arrived: path and query, nothing resolved or decoded. */
  target: string;
  /** The Rancher user id of the token (Bearer or R_SESS cookie), when it is one of the harness's users. */
  user?: string;
}

export interface RancherTap {
  /** Plain HTTP on 127.0.0.1; everything behind it is the real Rancher. */
  url: string;
  requests: TappedRequest[];
  stop(): Promise<void>;
}

function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return /(?:^|;\s*)R_SESS=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
}

export async function tapRancher(rancher: Pick<RancherInfo, 'url' | 'caFile' | 'users'>): Promise<RancherTap> {
  const upstream = new URL(rancher.url);
  const ca = readFileSync(rancher.caFile, 'utf8');
  const userByToken = new Map(Object.values(rancher.users).map((u) => [u.token, u.id]));
  const requests: TappedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const token = tokenOf(req);
    requests.push({
      method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://tap').pathname, target: req.url ?? '/',
      user: token ? userByToken.get(token) : undefined,
    });
    const forward = httpsRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, ca,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (err) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`tap: Rancher did not answer: ${err.message}`);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
