// The server as clients reach it: Streamable HTTP, legacy HTTP+SSE and stdio, with real sockets and processes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { listen } from '../src/http';
import { createRuntime } from '../src/runtime-factory';
import { auditOf, cluster, testConfig, textOf } from './support/harness';

/** What /readyz answers. */
interface ReadyBody {
  checks: Record<string, string>;
}

const TOKEN = 'test-backend-token-0123456789';
let base: string;
let audit: () => Record<string, unknown>[];
let stop: () => Promise<void>;

beforeAll(async () => {
  const config = testConfig({ http: { authToken: TOKEN, allowedOrigins: ['https://rancher.example.com'] } });
  const rt = createRuntime(config);
  const http = await listen(rt);
  base = `http://127.0.0.1:${http.port}`;
  stop = http.close;
  audit = () => auditOf(config);
});
afterAll(() => stop());

const headers = (user: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${TOKEN}`,
  'X-Drover-User': user,
  ...extra,
});

async function httpClient(user: string, groups?: string): Promise<Client> {
  const client = new Client({ name: 'transport-test', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: headers(user, groups ? { 'X-Drover-Groups': groups } : {}) },
    }),
  );
  return client;
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const post = (path: string, body: unknown, h: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...h },
    body: JSON.stringify(body),
  });

const toolsList = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });

/** A Streamable HTTP session opened by hand at this protocol version: the headers its later requests carry. */
async function rawSession(protocolVersion: string): Promise<Record<string, string>> {
  const opened = await post('/mcp', { ...initialize, params: { ...initialize.params, protocolVersion } }, headers('viewer'));
  expect(opened.status).toBe(200);
  await opened.text();
  const session = headers('viewer', { 'Mcp-Session-Id': opened.headers.get('mcp-session-id')!, 'Mcp-Protocol-Version': protocolVersion });
  expect((await post('/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status).toBe(202);
  return session;
}

/** A legacy SSE stream opened by hand: the path its messages are posted to, once the server has named it. */
async function rawSseSession(): Promise<{ messages: string; close: () => void }> {
  const stream = new AbortController();
  const res = await fetch(`${base}/sse`, { headers: headers('viewer'), signal: stream.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const endpoint = /event: endpoint\ndata: (.*)\n/.exec(text);
    if (endpoint) return { messages: endpoint[1], close: () => stream.abort() };
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the SSE stream ended before naming its endpoint: ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
}

describe('Streamable HTTP', () => {
  it('serves tools as the user named by the authenticated backend', async () => {
    const client = await httpClient('viewer');
    try {
      const res = (await client.callTool({ name: 'k8s_get', arguments: { kind: 'namespaces' } })) as CallToolResult;
      expect(res.isError).toBeFalsy();
      expect(textOf(res)).toContain('kube-system');
      const denied = (await client.callTool({ name: 'k8s_get', arguments: { kind: 'secrets', namespace: 'default' } })) as CallToolResult;
      expect(textOf(denied)).toContain('User "viewer" cannot list resource "secrets"');
    } finally {
      await client.close();
    }
    expect(audit().some((e) => e.user === 'viewer' && e.tool === 'k8s_get')).toBe(true);
  });

  it('passes groups on, so group-based RBAC applies', async () => {
    const client = await httpClient('drover-admin', 'system:masters');
    try {
      const res = (await client.callTool({
        name: 'k8s_get',
        arguments: { kind: 'secrets', namespace: 'cattle-system' },
      })) as CallToolResult;
      expect(res.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('ignores identity smuggled through tool arguments', async () => {
    const client = await httpClient('viewer');
    try {
      const res = (await client.callTool({
        name: 'k8s_get',
        arguments: { kind: 'secrets', namespace: 'default', as: 'drover-admin', user: 'drover-admin', kubeconfig: '/tmp/x' },
      })) as CallToolResult;
      expect(textOf(res)).toContain('User "viewer" cannot list resource "secrets"');
    } finally {
      await client.close();
    }
  });

  it('refuses requests without the bearer token, with a wrong one, or without a user', async () => {
    expect((await post('/mcp', initialize, {})).status).toBe(401);
    expect((await post('/mcp', initialize, { Authorization: 'Bearer not-the-token-0123456789' })).status).toBe(401);
    const noUser = await post('/mcp', initialize, { Authorization: `Bearer ${TOKEN}` });
    expect(noUser.status).toBe(400);
    expect(((await noUser.json()) as { error: { message: string } }).error.message).toBe('missing user (x-drover-user)');
    const badUser = await post('/mcp', initialize, headers('viewer\r\nX-Evil: 1'.replace(/\r\n/g, ' ')));
    expect(badUser.status).toBe(400);
  });

  it('refuses browser origins that are not allowed', async () => {
    expect((await post('/mcp', initialize, headers('viewer', { Origin: 'https://evil.example.com' }))).status).toBe(403);
    expect((await post('/mcp', initialize, headers('viewer', { Origin: 'https://rancher.example.com' }))).status).toBe(200);
  });

  it('answers unknown sessions with 404 and non-initialize first requests with 400', async () => {
    const unknown = await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers('viewer', { 'Mcp-Session-Id': 'nope' }));
    expect(unknown.status).toBe(404);
    expect((await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers('viewer'))).status).toBe(400);
  });

  it('accepts the bearer scheme in any case (RFC 7235)', async () => {
    const lower = await post('/mcp', initialize, { ...headers('viewer'), Authorization: `bearer ${TOKEN}` });
    expect(lower.status).toBe(200);
    expect((await post('/mcp', initialize, { ...headers('viewer'), Authorization: `BEARER ${TOKEN}` })).status).toBe(200);
  });

  it('answers GET and DELETE without a session id with 400, and with an unknown one with 404', async () => {
    for (const method of ['GET', 'DELETE']) {
      const without = await fetch(`${base}/mcp`, { method, headers: { ...headers('viewer'), Accept: 'text/event-stream' } });
      expect([method, without.status]).toEqual([method, 400]);
      expect(((await without.json()) as { error: { message: string } }).error.message).toBe('Mcp-Session-Id header is required');
      const unknown = await fetch(`${base}/mcp`, {
        method,
        headers: { ...headers('viewer', { 'Mcp-Session-Id': 'nope' }), Accept: 'text/event-stream' },
      });
      expect([method, unknown.status]).toEqual([method, 404]);
    }
  });

  it('answers a body that is not JSON with a JSON-RPC parse error (-32700)', async () => {
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers('viewer') },
      body: '{"jsonrpc": "2.0", "id": 1, "method": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'request body is not valid JSON' } });
  });

  it('refuses a JSON-RPC batch on a 2025-11-25 session (batches went with 2025-06-18)', async () => {
    const session = await rawSession('2025-11-25');
    const res = await post('/mcp', [toolsList(2), toolsList(3)], session);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'MCP 2025-11-25 has no JSON-RPC batches (only 2025-03-26 had them); send one message per request' },
    });
    expect((await post('/mcp', toolsList(4), session)).status).toBe(200);
  });

  it('answers a JSON-RPC batch on a 2025-03-26 session, which has them', async () => {
    const session = await rawSession('2025-03-26');
    const res = await post('/mcp', [toolsList(2), { jsonrpc: '2.0', id: 3, method: 'ping' }], session);
    expect(res.status).toBe(200);
    const answers = (await res.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { id: number; result: object });
    expect(answers.map((a) => a.id).sort()).toEqual([2, 3]);
    expect(answers.find((a) => a.id === 3)?.result).toEqual({});
  });

  it('keeps concurrent sessions apart, each with its own user', async () => {
    const clients = await Promise.all(['viewer', 'editor', 'viewer'].map((u) => httpClient(u)));
    try {
      const results = await Promise.all(
        clients.map((c) => c.callTool({ name: 'k8s_get', arguments: { kind: 'namespaces', name: 'default' } }) as Promise<CallToolResult>),
      );
      expect(results.map((r) => Boolean(r.isError))).toEqual([false, true, false]);
      expect(textOf(results[1])).toContain('User "editor" cannot get resource "namespaces"');
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});

describe('legacy HTTP+SSE', () => {
  it('serves the same tools to older clients', async () => {
    const client = new Client({ name: 'sse-test', version: '0' });
    await client.connect(
      new SSEClientTransport(new URL(`${base}/sse`), {
        requestInit: { headers: headers('viewer') },
        eventSourceInit: {
          fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers('viewer') } }),
        },
      }),
    );
    try {
      const res = (await client.callTool({ name: 'k8s_get', arguments: { kind: 'namespaces', name: 'kube-system' } })) as CallToolResult;
      expect(textOf(res)).toContain('kube-system');
    } finally {
      await client.close();
    }
  });

  it('refuses a JSON-RPC batch (this transport never had them) and answers a body that is not JSON with -32700', async () => {
    const sse = await rawSseSession();
    try {
      const batch = await post(sse.messages, [toolsList(1), toolsList(2)], headers('viewer'));
      expect(batch.status).toBe(400);
      expect(await batch.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'the HTTP+SSE transport takes one JSON-RPC message per request, not a batch' },
      });
      const garbled = await fetch(`${base}${sse.messages}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers('viewer') },
        body: '[{"jsonrpc"',
      });
      expect(garbled.status).toBe(400);
      expect(((await garbled.json()) as { error: { code: number } }).error.code).toBe(-32700);
    } finally {
      sse.close();
    }
  });

  it('refuses an SSE stream without the bearer token', async () => {
    expect((await fetch(`${base}/sse`, { headers: { 'X-Drover-User': 'viewer' } })).status).toBe(401);
  });
});

describe('stdio', () => {
  const main = join(__dirname, '..', 'dist', 'main.js');

  it('serves a desktop client as the kubeconfig user', async () => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` in mcp-server first (npm test does)`);
    const client = new Client({ name: 'stdio-test', version: '0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [
          main,
          '--transport=stdio',
          '--identity-mode=kubeconfig',
          `--kubeconfig=${cluster.users.viewer.kubeconfigPath}`,
          `--kubectl=${cluster.tools.kubectl}`,
          `--helm=${cluster.tools.helm}`,
          '--log-level=silent',
        ],
        env: { PATH: process.env.PATH ?? '' },
        stderr: 'pipe',
      }),
    );
    try {
      const res = (await client.callTool({ name: 'k8s_get', arguments: { kind: 'secrets', namespace: 'default' } })) as CallToolResult;
      expect(textOf(res)).toContain('User "viewer" cannot list resource "secrets"');
    } finally {
      await client.close();
    }
  });

  it('refuses to start on stdio without a user to act for', async () => {
    const res = spawnSync(
      process.execPath,
      [
        main,
        '--transport=stdio',
        `--kubeconfig=${cluster.users.viewer.kubeconfigPath}`,
        `--kubectl=${cluster.tools.kubectl}`,
        `--helm=${cluster.tools.helm}`,
      ],
      { encoding: 'utf8', input: '' },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('stdio has no authenticated user to act for: use identity mode "kubeconfig"');
  });
});

describe('operations endpoints', () => {
  it('reports health, readiness with its checks, and Prometheus metrics (to the backend)', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const backend = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const ready = await fetch(`${base}/readyz`, backend);
    const body = (await ready.json()) as ReadyBody;
    expect(ready.status).toBe(200);
    expect(body.checks).toEqual({
      kubectl: `ok: v${cluster.versions.KUBECTL_VERSION}`,
      helm: expect.stringMatching(/^ok: v3\.18\.0/),
      cluster: 'ok: ok',
    });
    const metrics = await (await fetch(`${base}/metrics`, backend)).text();
    expect(metrics).toMatch(/drover_mcp_tool_calls_total\{tool="k8s_get",status="ok"\} \d+/);
    expect(metrics).toContain('drover_mcp_tool_duration_seconds_bucket');
  });

  it('is not ready when kubectl does not run', async () => {
    const rt = createRuntime(testConfig({ http: { authToken: TOKEN } }));
    rt.binaries.kubectl = '/bin/false';
    const http = await listen(rt);
    try {
      const res = await fetch(`http://127.0.0.1:${http.port}/readyz`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as ReadyBody).checks.kubectl).toMatch(/^failed/);
    } finally {
      await http.close();
    }
  });
});
