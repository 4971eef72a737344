// What the HTTP layer refuses, over real sockets: repeated identity headers (which Node would merge into one value),
// requests on a session from another identity than the one that opened it, and /metrics or readiness details
// without the backend's token.
import { request as httpRequest } from 'node:http';
import { listen } from '../src/http';
import { createRuntime } from '../src/runtime-factory';
import { testConfig } from './support/harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const TOKEN = 'test-backend-token-0123456789';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Server {
  base: string;
  close: () => Promise<void>;
}

async function start(overrides: Parameters<typeof testConfig>[0] = {}): Promise<Server> {
  const http = await listen(createRuntime(testConfig({ ...overrides, http: { authToken: TOKEN, ...overrides.http } })));
  return { base: `http://127.0.0.1:${http.port}`, close: http.close };
}

/** One request with a raw header list ([name, value, name, value…]), so a header can be sent twice; fetch merges them. */
function send(base: string, method: string, path: string, rawHeaders: string[], body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  // With a raw list node:http adds no Host header of its own.
  const headers = [
    'Host',
    new URL(base).host,
    'Accept',
    'application/json, text/event-stream',
    ...(payload === undefined ? [] : ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(payload))]),
    ...rawHeaders,
  ];
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const errorOf = (a: Answer) => (JSON.parse(a.body) as any).error.message as string;
const bearer = ['Authorization', `Bearer ${TOKEN}`];
const as = (user: string, groups?: string) => [...bearer, 'X-Drover-User', user, ...(groups ? ['X-Drover-Groups', groups] : [])];
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const toolsList = { jsonrpc: '2.0', id: 2, method: 'tools/list' };

/** Opens a Streamable HTTP session for these headers and returns its id. */
async function openSession(base: string, headers: string[]): Promise<string> {
  const res = await send(base, 'POST', '/mcp', headers, initialize);
  expect(res.status).toBe(200);
  return res.headers['mcp-session-id'] as string;
}

let server: Server;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

describe('repeated identity headers', () => {
  it('refuses a second X-Drover-Groups instead of merging it into the first', async () => {
    const res = await send(
      server.base,
      'POST',
      '/mcp',
      [...as('viewer', 'drover:viewers'), 'X-Drover-Groups', 'system:masters'],
      initialize,
    );
    expect(res.status).toBe(400);
    expect(errorOf(res)).toBe('header x-drover-groups must appear once, and it came more than once');
  });

  it.each([
    ['the user, spelled in another case', [...as('viewer'), 'x-drover-user', 'drover-admin']],
    ['Authorization', [...as('viewer'), 'authorization', `Bearer ${TOKEN}`]],
    ['an X-Drover header the server does not read', [...as('viewer'), 'X-Drover-Note', 'a', 'X-Drover-Note', 'b']],
  ])('refuses a repeated header: %s', async (_what, headers) => {
    const res = await send(server.base, 'POST', '/mcp', headers, initialize);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatch(/^header (x-drover-user|authorization|x-drover-note) must appear once, and it came more than once$/);
  });

  it('still accepts each header once, and repeats of other headers', async () => {
    const res = await send(server.base, 'POST', '/mcp', [...as('viewer', 'drover:viewers'), 'X-Other', 'a', 'X-Other', 'b'], initialize);
    expect(res.status).toBe(200);
  });
});

describe('sessions are bound to the identity that opened them', () => {
  it.each([
    ['another user', as('editor')],
    ['the same user with other groups', as('viewer', 'system:masters')],
  ])('refuses POST, GET and DELETE /mcp from %s, and the owner goes on', async (_who, intruder) => {
    const owner = as('viewer');
    const sid = await openSession(server.base, owner);
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await send(server.base, method, '/mcp', [...intruder, 'Mcp-Session-Id', sid], method === 'POST' ? toolsList : undefined);
      expect(res.status).toBe(403);
      expect(errorOf(res)).toBe('this MCP session was opened for another user (or groups, token, cluster); open a session of your own');
    }
    const listed = await send(server.base, 'POST', '/mcp', [...owner, 'Mcp-Session-Id', sid], toolsList);
    expect(listed.status).toBe(200);
    expect(listed.body).toContain('k8s_get');
    expect((await send(server.base, 'DELETE', '/mcp', [...owner, 'Mcp-Session-Id', sid])).status).toBe(200);
  });

  it('refuses POST /messages on a legacy SSE session from another user', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.base}/sse`, {
      headers: { Authorization: `Bearer ${TOKEN}`, 'X-Drover-User': 'viewer' },
      signal: controller.signal,
    });
    try {
      const reader = stream.body!.getReader();
      let text = '';
      while (!text.includes('sessionId=')) text += new TextDecoder().decode((await reader.read()).value);
      const endpoint = /data: (\/messages\?sessionId=[\w-]+)/.exec(text)![1];
      const refused = await send(server.base, 'POST', endpoint, as('editor'), initialize);
      expect(refused.status).toBe(403);
      expect(errorOf(refused)).toContain('this MCP session was opened for another user');
      expect((await send(server.base, 'POST', endpoint, as('viewer'), initialize)).status).toBe(202);
    } finally {
      controller.abort();
    }
  });

  it('binds a Rancher-mode session to the Rancher token and cluster too', async () => {
    // Only identity headers are checked here: no call reaches Rancher.
    const rancher = await start({ identity: { mode: 'rancher', rancherUrl: 'https://rancher.example.com', kubeconfig: undefined } });
    try {
      const user = (token: string, clusterId: string) => [
        ...as('u-viewer'),
        'X-Drover-Rancher-Token',
        token,
        'X-Drover-Cluster',
        clusterId,
      ];
      const sid = await openSession(rancher.base, user('token-a:secret', 'local'));
      for (const intruder of [user('token-b:secret', 'local'), user('token-a:secret', 'c-other')]) {
        expect((await send(rancher.base, 'POST', '/mcp', [...intruder, 'Mcp-Session-Id', sid], toolsList)).status).toBe(403);
      }
      expect(
        (await send(rancher.base, 'POST', '/mcp', [...user('token-a:secret', 'local'), 'Mcp-Session-Id', sid], toolsList)).status,
      ).toBe(200);
    } finally {
      await rancher.close();
    }
  });
});

describe('operations endpoints without the token', () => {
  it('refuses /metrics without the bearer token, and serves it with the token', async () => {
    const refused = await send(server.base, 'GET', '/metrics', []);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(refused.body).not.toContain('drover_mcp');
    expect((await send(server.base, 'GET', '/metrics', ['Authorization', 'Bearer not-the-token-0123456789'])).status).toBe(401);
    const served = await send(server.base, 'GET', '/metrics', bearer);
    expect(served.status).toBe(200);
    expect(served.body).toContain('drover_mcp_tool_duration_seconds');
  });

  it('serves /metrics to anyone when http.metricsOpen is set', async () => {
    const open = await start({ http: { metricsOpen: true } });
    try {
      const res = await send(open.base, 'GET', '/metrics', []);
      expect(res.status).toBe(200);
      expect(res.body).toContain('drover_mcp_tool_duration_seconds');
    } finally {
      await open.close();
    }
  });

  it('answers /readyz to the kubelet with the verdict only, and the checks to the backend', async () => {
    const anonymous = await send(server.base, 'GET', '/readyz', []);
    expect(anonymous.status).toBe(200);
    expect(JSON.parse(anonymous.body)).toEqual({ ready: true });
    const backend = await send(server.base, 'GET', '/readyz', bearer);
    expect(JSON.parse(backend.body)).toMatchObject({
      ready: true,
      checks: { kubectl: expect.stringMatching(/^ok: /), cluster: expect.stringMatching(/^ok/) },
    });
  });
});
