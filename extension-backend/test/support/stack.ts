// The whole backend stack for integration tests, with real parts: the built backend and MCP server as processes,
// the real local control plane behind them, and the scripted Ollama-protocol server in place of a model.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCluster, type ClusterInfo } from '../../../tests/cluster/state';
import { startFakeOllama, type FakeOllama } from '../../../tests/ollama-fake/server';
import { ensureBuilt, startBackend, startMcpServer, type Service } from '../../../toolchain/services';

export const cluster: ClusterInfo = testCluster();

export const MODEL = 'qwen3:8b';

/** Users as the backend sees them in standalone mode: their Kubernetes tokens, vouched for by TokenReview. */
export const TOKENS = {
  viewer: cluster.users.viewer.token,
  editor: cluster.users.editor.token,
  admin: cluster.users.admin.token,
};

export interface StartOptions {
  /** Extra DROVER_* settings for the backend. */
  env?: Record<string, string>;
  /** Models the scripted Ollama has (default: MODEL). */
  models?: string[];
  /**
   * Rancher mode: the backend accepts only tokens this Rancher vouches for, and the MCP server reaches the cluster
   * through its proxy with each user's Rancher token. Without it: standalone mode, the MCP server impersonating users.
   */
  /** Rancher mode: Rancher's URL, and its CA when it is https. */
  rancher?: { url: string; caFile?: string };
}

export interface Stack {
  url: string;
  wsUrl: string;
  ollama: FakeOllama;
  dir: string;
  /** The MCP server's process id (to freeze or kill it mid-call). */
  readonly mcpPid: number;
  /** Stops the MCP server (e.g. mid-call) and starts it again on the same port. */
  stopMcp(): Promise<void>;
  startMcp(): Promise<void>;
  /** Restarts the backend on the same port and database. */
  restartBackend(): Promise<void>;
  stop(): Promise<void>;
}

let built = false;
function buildOnce(): void {
  if (built) return;
  ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
  ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
  built = true;
}

export async function startStack(options: StartOptions = {}): Promise<Stack> {
  buildOnce();
  const dir = mkdtempSync(join(tmpdir(), 'drover-backend-test-'));
  const mcpToken = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'mcp-token');
  writeFileSync(tokenFile, mcpToken, { mode: 0o600 });
  const ollama = await startFakeOllama({ models: options.models ?? [MODEL] });
  const { rancher } = options;
  const identityArgs = rancher
    ? ['--identity-mode=rancher', `--rancher-url=${rancher.url}`, ...(rancher.caFile ? [`--rancher-ca-file=${rancher.caFile}`] : [])]
    : ['--identity-mode=impersonate', `--kubeconfig=${cluster.users.mcp.kubeconfigPath}`];
  const authEnv = rancher
    ? {
        DROVER_AUTH_MODE: 'rancher',
        DROVER_RANCHER_URL: rancher.url,
        ...(rancher.caFile ? { DROVER_RANCHER_CA_FILE: rancher.caFile } : {}),
      }
    : { DROVER_AUTH_MODE: 'standalone', DROVER_KUBECONFIG: cluster.users.mcp.kubeconfigPath };

  let mcpPort = 0;
  let mcp: Service | undefined;
  const startMcp = async () => {
    mcp = await startMcpServer(
      [
        `--port=${mcpPort}`,
        '--mode=read-write',
        ...identityArgs,
        `--kubectl=${cluster.tools.kubectl}`,
        `--helm=${cluster.tools.helm}`,
        `--audit-file=${join(dir, 'audit.log')}`,
      ],
      { PATH: process.env.PATH, HOME: dir, DROVER_MCP_AUTH_TOKEN: mcpToken, DROVER_MCP_CACHE_DIR: join(dir, 'kube-cache') },
      join(dir, 'mcp.log'),
    );
    mcpPort = mcp.port;
  };
  await startMcp();

  let backendPort = 0;
  let backend: Service | undefined;
  const launchBackend = async () => {
    backend = await startBackend(
      {
        PATH: process.env.PATH,
        HOME: dir,
        DROVER_PORT: String(backendPort),
        DROVER_MCP_URL: `http://127.0.0.1:${mcpPort}/mcp`,
        DROVER_MCP_AUTH_TOKEN_FILE: tokenFile,
        DROVER_OLLAMA_URL: ollama.url,
        DROVER_MODEL: MODEL,
        ...authEnv,
        DROVER_DB_PATH: join(dir, 'drover.db'),
        DROVER_LOG_LEVEL: 'info',
        ...options.env,
      },
      join(dir, 'backend.log'),
    );
    backendPort = backend.port;
  };
  await launchBackend();

  return {
    get url() {
      return `http://127.0.0.1:${backendPort}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${backendPort}/ws`;
    },
    ollama,
    dir,
    get mcpPid() {
      return mcp!.pid;
    },
    stopMcp: async () => {
      await mcp?.stop();
    },
    startMcp,
    restartBackend: async () => {
      await backend?.stop();
      await launchBackend();
    },
    stop: async () => {
      await backend?.stop();
      await mcp?.stop();
      await ollama.close();
    },
  };
}
