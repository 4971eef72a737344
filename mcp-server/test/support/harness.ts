// Connects a real MCP client to a real Drover MCP server (in-process or over HTTP), configured against the local
// control plane. Identities are the cluster's real users, impersonated by the MCP ServiceAccount.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { testCluster, type ClusterInfo } from '../../../tests/cluster';
import { ConfigSchema, type Config } from '../../src/config';
import type { Identity } from '../../src/identity';
import { createRuntime } from '../../src/runtime-factory';
import type { Runtime } from '../../src/runtime';
import { buildServer } from '../../src/server';
import { PLANS_CAPABILITY } from '../../src/policy/plans';
import type { Tool } from '../../src/tools/define-tool';

export const cluster: ClusterInfo = testCluster();

export const VIEWER: Identity = { mode: 'impersonate', user: 'viewer', groups: [] };
export const EDITOR: Identity = { mode: 'impersonate', user: 'editor', groups: [] };
export const ADMIN: Identity = { mode: 'impersonate', user: 'drover-admin', groups: ['system:masters'] };

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function testConfig(overrides: DeepPartial<Config> = {}): Config {
  const scratch = mkdtempSync(join(tmpdir(), 'drover-mcp-test-'));
  return ConfigSchema.parse({
    transport: 'http',
    http: { authToken: 'test-backend-token-0123456789', port: 0, ...overrides.http },
    mode: overrides.mode ?? 'read-write',
    identity: { mode: 'impersonate', kubeconfig: cluster.users.mcp.kubeconfigPath, ...overrides.identity },
    policy: overrides.policy ?? {},
    helm: overrides.helm ?? {},
    limits: overrides.limits ?? {},
    plans: overrides.plans ?? {},
    audit: { file: join(scratch, 'audit.log'), ...overrides.audit },
    binaries: { kubectl: cluster.tools.kubectl, helm: cluster.tools.helm },
    cacheDir: join(scratch, 'cache'),
    logLevel: 'silent',
  });
}

export interface Connected {
  client: Client;
  rt: Runtime;
  call(name: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<CallToolResult>;
  audit(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface ConnectOptions {
  identity?: Identity;
  config?: Config;
  /** Reuse a runtime (same plan signer, same audit file) across connections. */
  rt?: Runtime;
  /** Only these tools (default: all the mode allows). */
  tools?: Tool[];
  /** Answer elicitation requests with this function (declares the elicitation capability). */
  elicit?: (message: string) => { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> };
  /** Declare the Drover plans capability (a client that shows plans to its user). */
  plans?: boolean;
}

export async function connect(opts: ConnectOptions = {}): Promise<Connected> {
  const ownRuntime = !opts.rt;
  const rt = opts.rt ?? createRuntime(opts.config ?? testConfig());
  const config = rt.config;
  const server = buildServer(rt, opts.identity ?? VIEWER, opts.tools);
  const client = new Client(
    { name: 'drover-test', version: '0.0.0' },
    {
      capabilities: {
        ...(opts.plans ? { experimental: { [PLANS_CAPABILITY]: {} } } : {}),
        ...(opts.elicit ? { elicitation: {} } : {}),
      },
    },
  );
  if (opts.elicit) {
    const answer = opts.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => answer(String((req.params as { message?: string }).message)));
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    rt,
    call: (name, args, meta) => client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }) as Promise<CallToolResult>,
    audit: () => auditOf(config),
    close: async () => {
      await client.close();
      await server.close();
      if (ownRuntime) await rt.gateway.close();
    },
  };
}

/** The audit lines a server with this configuration has written, parsed. */
export function auditOf(config: Config): Record<string, unknown>[] {
  return readFileSync(config.audit.file!, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
