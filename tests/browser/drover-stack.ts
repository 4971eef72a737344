// Drover as the browser tests use it, all real but the model: the built MCP server against the shared local
// control plane (impersonating each user), the built backend in standalone mode serving the built UI bundle and its
// chat page, and the scripted Ollama-protocol server answering as the model. Sign-ins are static tokens for the
// cluster's own users, so what a user may do is what their RBAC allows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCluster, type ClusterInfo } from '../cluster';
import { startFakeOllama, type FakeOllama } from '../ollama-fake/server';
import { ensureBuilt, startBackend, startMcpServer, type Service } from '../../toolchain/services';
import { builtExtensionDir } from './rancher-shell/client';

export const MODEL = 'qwen3:8b';

export interface DroverStack {
  cluster: ClusterInfo;
  /** The backend's address; its chat page is at `${url}/`. */
  url: string;
  /** Sign-in tokens of the cluster's viewer and editor. */
  tokens: { viewer: string; editor: string };
  ollama: FakeOllama;
  stop(): Promise<void>;
}

export async function startDroverStack(): Promise<DroverStack> {
  const cluster = testCluster();
  ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
  ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
  const bundleDir = builtExtensionDir();
  const dir = mkdtempSync(join(tmpdir(), 'drover-browser-'));
  const mcpToken = randomBytes(24).toString('hex');
  const tokens = { viewer: `viewer-${ randomBytes(12).toString('hex') }`, editor: `editor-${ randomBytes(12).toString('hex') }` };
  writeFileSync(join(dir, 'tokens.csv'), `${ tokens.viewer },viewer,viewer\n${ tokens.editor },editor,editor\n`, { mode: 0o600 });

  const ollama = await startFakeOllama({ models: [MODEL] });
  const services: Service[] = [];
  try {
    const mcp = await startMcpServer([
      '--port=0', '--mode=read-write', '--identity-mode=impersonate', `--kubeconfig=${ cluster.users.mcp.kubeconfigPath }`,
      `--kubectl=${ cluster.tools.kubectl }`, `--helm=${ cluster.tools.helm }`, `--audit-file=${ join(dir, 'audit.log') }`,
    ], { PATH: process.env.PATH, HOME: dir, DROVER_MCP_AUTH_TOKEN: mcpToken, DROVER_MCP_CACHE_DIR: join(dir, 'kube-cache') }, join(dir, 'mcp.log'));
    services.push(mcp);
    const backend = await startBackend({
      PATH: process.env.PATH, HOME: dir, DROVER_HOST: '127.0.0.1', DROVER_PORT: '0',
      DROVER_MCP_URL: `http://127.0.0.1:${ mcp.port }/mcp`, DROVER_MCP_AUTH_TOKEN: mcpToken, DROVER_OLLAMA_URL: ollama.url, DROVER_MODEL: MODEL,
      DROVER_AUTH_MODE: 'standalone', DROVER_TOKEN_REVIEW: 'false', DROVER_STATIC_TOKENS_FILE: join(dir, 'tokens.csv'),
      DROVER_DB_PATH: join(dir, 'drover.db'), DROVER_UI_BUNDLE_DIR: bundleDir, DROVER_APPROVAL_TIMEOUT_SECONDS: '300',
    }, join(dir, 'backend.log'));
    services.unshift(backend);
    return {
      cluster, url: `http://127.0.0.1:${ backend.port }`, tokens, ollama,
      stop: async () => {
        for (const service of services) await service.stop();
        await ollama.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const service of services) await service.stop();
    await ollama.close();
    throw err;
  }
}
