// One MCP client session with one server, for one identity (the identity travels in HTTP headers fixed per
// connection). Connects lazily with backoff, so a server restart is survived: a session the server no longer knows
// is re-established and the call sent again (it never ran); a connection that breaks while a call is in flight fails
// that call with a retryable error (it may or may not have run) and the next call reconnects.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { PLANS_CAPABILITY } from '@drover/protocol';
import type { Logger } from 'pino';

/** Waits before each connection attempt: about 4 s in all, enough for a restarting server. */
const CONNECT_BACKOFF_MS = [0, 100, 250, 500, 1000, 2000];
const CLIENT_INFO = { name: 'drover-backend', version: '0.1.0' };

/** The tool server is down or the connection broke: worth retrying later. */
export class ToolsUnavailableError extends Error {}

export interface Endpoint {
  /** For messages: "Drover's MCP server", "MCP server docs". */
  label: string;
  url: string;
  headers: Record<string, string>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** The request never reached the server (nothing ran), so it is safe to send again. */
function neverSent(err: unknown): boolean {
  if (err instanceof StreamableHTTPError) return err.code === 404 || (err.code !== undefined && err.code >= 502 && err.code <= 504);
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

export class McpConnection {
  private client?: Promise<Client>;
  /** Set when the transport failed under us, so in-flight calls can say why they were cut off. */
  private broken = false;
  lastUsed = Date.now();

  constructor(
    private readonly endpoint: Endpoint,
    private readonly log: Logger,
  ) {}

  async listTools(signal: AbortSignal): Promise<Tool[]> {
    return this.withClient(signal, async (client) => (await client.listTools(undefined, { signal })).tools);
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    meta: Record<string, unknown> | undefined,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<CallToolResult> {
    return this.withClient(
      signal,
      async (client) =>
        (await client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }, undefined, {
          signal,
          timeout: timeoutMs,
        })) as CallToolResult,
    );
  }

  close(): void {
    const client = this.client;
    this.client = undefined;
    void client?.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  private async withClient<T>(signal: AbortSignal, use: (client: Client) => Promise<T>): Promise<T> {
    this.lastUsed = Date.now();
    for (let attempt = 0; ; attempt++) {
      const client = await this.connected(signal);
      try {
        return await use(client);
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        if (neverSent(err) && attempt === 0) {
          this.log.info({ server: this.endpoint.label }, 'MCP session lost (server restarted?); reconnecting');
          this.close();
          continue;
        }
        if (this.broken || (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) || !(err instanceof McpError)) {
          this.close();
          throw new ToolsUnavailableError(
            `the connection to ${this.endpoint.label} broke during the call; it may or may not have run. Check, then try again`,
          );
        }
        throw err;
      }
    }
  }

  private connected(signal: AbortSignal): Promise<Client> {
    this.client ??= this.connect(signal);
    const client = this.client;
    // A failed attempt must not be remembered: the next call tries again.
    client.catch(() => {
      if (this.client === client) this.client = undefined;
    });
    return client;
  }

  private async connect(signal: AbortSignal): Promise<Client> {
    let last: unknown;
    for (const delay of CONNECT_BACKOFF_MS) {
      await sleep(delay, signal);
      const client = new Client(CLIENT_INFO, { capabilities: { experimental: { [PLANS_CAPABILITY]: {} } } });
      const transport = new StreamableHTTPClientTransport(new URL(this.endpoint.url), {
        requestInit: { headers: this.endpoint.headers },
        // The server keeps no event history, so a broken stream cannot be resumed: fail fast instead.
        reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 0, maxReconnectionDelay: 0, reconnectionDelayGrowFactor: 1 },
      });
      try {
        await client.connect(transport, { signal });
        this.broken = false;
        transport.onerror = (err) => this.onTransportError(client, err);
        return client;
      } catch (err) {
        last = err;
        await client.close().catch(() => undefined);
        if (signal.aborted) throw signal.reason ?? err;
        if (err instanceof StreamableHTTPError && (err.code === 401 || err.code === 403)) {
          throw new ToolsUnavailableError(
            `${this.endpoint.label} refused the backend's credentials (HTTP ${err.code}); check the shared token`,
          );
        }
      }
    }
    throw new ToolsUnavailableError(
      `${this.endpoint.label} at ${this.endpoint.url} is not reachable (${(last as Error)?.message ?? 'no answer'})`,
    );
  }

  /** The server went away under us (its event stream broke): drop the session so pending calls fail now. */
  private onTransportError(client: Client, err: Error): void {
    if (err instanceof StreamableHTTPError && err.code === 405) return; // no standalone event stream offered: harmless
    this.log.warn({ server: this.endpoint.label, err: err.message }, 'MCP connection failed');
    this.broken = true;
    void this.client?.then(
      (current) => {
        if (current === client) this.close();
      },
      () => undefined,
    );
  }
}
