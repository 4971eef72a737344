// The server as clients reach it: Streamable HTTP, legacy HTTP+SSE and stdio, with real sockets and processes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { listen } from '../src/http';
import { createRuntime } from '../src/runtime-factory';
import { cluster, testConfig, textOf } from './support/harness';

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
  audit = () =>
    readFileSync(config.audit.file!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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
