// A small client for the Rancher API calls the harness makes (its own, never Drover's): JSON over HTTPS, trusting
// only Rancher's own CA, with the error body in every failure.
import { request } from 'node:https';

export class RancherApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface RancherClient {
  url: string;
  ca: string;
  /** One request; `token` defaults to the client's. Resolves the parsed JSON body (undefined when empty). */
  call<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function rancherClient(url: string, ca: string, defaultToken?: string): RancherClient {
  return {
    url,
    ca,
    call(method, path, body, token = defaultToken) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(new URL(path, url), {
          method, ca, timeout: 30_000,
          headers: {
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
        }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => { text += chunk; });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 400) reject(new RancherApiError(status, `${method} ${path} → ${status}: ${text.slice(0, 500)}`));
            else resolve(text ? JSON.parse(text) : undefined);
          });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
        req.on('error', reject);
        req.end(payload);
      });
    },
  };
}

/** Logs a local user in (the form's own call) and returns the session token. */
export async function login(client: RancherClient, username: string, password: string): Promise<string> {
  const res = await client.call<{ token: string }>('POST', '/v3-public/localProviders/local?action=login',
    { username, password, responseType: 'json', description: 'drover test harness' }, '');
  return res.token;
}
