// The tools of every configured MCP server, as one toolbox per user. Drover's own server comes first, its tools
// keep their names (k8s_…, helm_…) and it alone receives the user's identity; any further server's tools are
// named `<server>_<tool>` and routed back by that prefix. One connection per server and identity, closed when idle.
import { createHash } from 'node:crypto';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { UserIdentity } from '../identity/types';
import { McpConnection, ToolsUnavailableError } from './connection';
import { modelSchema } from './model-schema';

const IDLE_CLOSE_MS = 10 * 60_000;
const TOOL_LIST_TTL_MS = 5 * 60_000;

export interface ServerSpec {
  /** Empty for Drover's own server; the prefix of the others. */
  prefix: string;
  label: string;
  url: string;
  token: string;
  /** Drover's own server: gets the user's identity and plans writes before running them. */
  isDrover: boolean;
}

/** A tool as the agent knows it. */
export interface RoutedTool {
  /** The name the model sees. */
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Only an explicit readOnlyHint makes a tool a read; a tool without annotations counts as a write. */
  readOnly: boolean;
  /** Writes of this tool are planned by the server (dry run, diff, confirmation token). */
  plans: boolean;
  server: ServerSpec;
  remoteName: string;
}

export interface Toolbox {
  tools: RoutedTool[];
  find(name: string): RoutedTool | undefined;
  call(
    tool: RoutedTool,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; meta?: Record<string, unknown> },
  ): Promise<CallToolResult>;
}

/**
 * The headers that tell Drover's MCP server who is asking (and in Rancher mode the cluster the UI shows, if any: with
 * none, each call names its own); other servers get only their own token.
 */
function identityHeaders(identity: UserIdentity, cluster: string | undefined): Record<string, string> {
  if (identity.mode === 'rancher') {
    return {
      'X-Drover-User': identity.id,
      'X-Drover-Rancher-Token': identity.rancherToken ?? '',
      ...(cluster ? { 'X-Drover-Cluster': cluster } : {}),
    };
  }
  return { 'X-Drover-User': identity.name, ...(identity.groups.length ? { 'X-Drover-Groups': identity.groups.join(',') } : {}) };
}

function route(server: ServerSpec, tool: Tool): RoutedTool {
  const inputSchema = modelSchema(tool.inputSchema) as Record<string, unknown>;
  return {
    name: server.prefix ? `${server.prefix}_${tool.name}` : tool.name,
    description: tool.description ?? tool.title ?? tool.name,
    inputSchema,
    readOnly: tool.annotations?.readOnlyHint === true,
    plans: server.isDrover,
    server,
    remoteName: tool.name,
  };
}

export class ToolRouter {
  private readonly connections = new Map<string, McpConnection>();
  private readonly lists = new Map<string, { tools: RoutedTool[]; at: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly servers: ServerSpec[],
    private readonly callTimeoutMs: number,
    private readonly log: Logger,
  ) {
    this.sweeper = setInterval(() => this.closeIdle(), 60_000).unref();
  }

  /** The toolbox for a user on a cluster; fails with ToolsUnavailableError when Drover's own server cannot be reached. */
  async toolbox(identity: UserIdentity, cluster: string | undefined, signal: AbortSignal): Promise<Toolbox> {
    const tools: RoutedTool[] = [];
    for (const server of this.servers) {
      try {
        tools.push(...(await this.toolsOf(server, identity, cluster, signal)));
      } catch (err) {
        if (server.isDrover || signal.aborted) throw err;
        this.log.warn({ server: server.label, err: (err as Error).message }, 'MCP server unavailable; continuing without its tools');
      }
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    return {
      tools,
      find: (name) => byName.get(name),
      call: (tool, args, { signal: callSignal, meta }) =>
        this.connection(tool.server, identity, cluster).callTool(tool.remoteName, args, meta, callSignal, this.callTimeoutMs),
    };
  }

  /** Whether Drover's own server answers (for /readyz). */
  async ping(signal: AbortSignal): Promise<void> {
    const own = this.servers.find((s) => s.isDrover)!;
    const response = await fetch(new URL('/healthz', own.url), { signal }).catch((err: Error) => {
      throw new ToolsUnavailableError(`${own.label} at ${own.url} is not reachable: ${err.message}`);
    });
    if (!response.ok) throw new ToolsUnavailableError(`${own.label} answers HTTP ${response.status}`);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }

  private async toolsOf(
    server: ServerSpec,
    identity: UserIdentity,
    cluster: string | undefined,
    signal: AbortSignal,
  ): Promise<RoutedTool[]> {
    const cached = this.lists.get(server.url);
    if (cached && Date.now() - cached.at < TOOL_LIST_TTL_MS) return cached.tools;
    const tools = (await this.connection(server, identity, cluster).listTools(signal)).map((t) => route(server, t));
    this.lists.set(server.url, { tools, at: Date.now() });
    return tools;
  }

  private connection(server: ServerSpec, identity: UserIdentity, cluster: string | undefined): McpConnection {
    const headers = { Authorization: `Bearer ${server.token}`, ...(server.isDrover ? identityHeaders(identity, cluster) : {}) };
    // Keyed by a hash of everything that identifies the caller (a new Rancher token means a new connection).
    const key = createHash('sha256')
      .update(`${server.url}\n${JSON.stringify(headers)}`)
      .digest('base64url');
    let connection = this.connections.get(key);
    if (!connection) {
      connection = new McpConnection({ label: server.label, url: server.url, headers }, this.log);
      this.connections.set(key, connection);
    }
    return connection;
  }

  private closeIdle(): void {
    const cutoff = Date.now() - IDLE_CLOSE_MS;
    for (const [key, connection] of this.connections) {
      if (connection.lastUsed < cutoff) {
        connection.close();
        this.connections.delete(key);
      }
    }
  }
}
