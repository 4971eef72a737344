// The stack the backend benchmark drives: the local control plane (the one DROVER_TEST_CLUSTER names, else a new
// one), a small namespace the bench users may read, the scripted Ollama server in this process, and the built MCP
// server and backend as processes. Users come from a static token file, so authentication costs no TokenReview.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyObjects, kubectlOk, readClusterState, startCluster, type ClusterInfo } from '../../tests/cluster';
import { startFakeOllama, type FakeOllama } from '../../tests/ollama-fake/server';
import { ensureBuilt, startBackend, startMcpServer, type Service } from '../../toolchain/services';

export const MODEL = 'qwen3:8b';
const USER_GROUP = 'drover-bench';
const CONFIG_MAPS = 5;

/**
 * Limits raised for the bench (printed with the results): per-user rates, so it measures the backend rather than
 * its rate limits.
 */
export const RAISED_LIMITS = { DROVER_MESSAGES_PER_MINUTE: '1000000', DROVER_REQUESTS_PER_MINUTE: '1000000' };

export interface BenchUser { name: string; token: string }

export interface BenchStack {
  httpUrl: string;
  wsUrl: string;
  ollama: FakeOllama;
  /** The namespace the users may read (a few ConfigMaps). */
  namespace: string;
  users: BenchUser[];
  backendPid: number;
  mcpPid: number;
  /** The MCP server's audit log: one JSON line per tool call, with its durationMs. */
  auditFile: string;
  /** Where the services' logs and the database stay after the run. */
  dir: string;
  stop(): Promise<void>;
}

async function clusterToUse(): Promise<{ cluster: ClusterInfo; stop: () => Promise<void> }> {
  const shared = process.env.DROVER_TEST_CLUSTER;
  if (shared && existsSync(shared)) return { cluster: readClusterState(shared), stop: async () => {} };
  console.log('DROVER_TEST_CLUSTER is not set: starting a local control plane…');
  const started = await startCluster();
  return { cluster: { ...started, supervisorPid: process.pid }, stop: started.stop };
}

function readableNamespace(name: string): object[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    ...Array.from({ length: CONFIG_MAPS }, (_, i) => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${i + 1}`, namespace: name }, data: { replicas: String(i + 1) },
    })),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bench-readers', namespace: name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: USER_GROUP }],
    },
  ];
}

/** `backendNodeFlags` replaces the backend's Node flags (BACKEND_NODE_FLAGS), to compare heap settings. */
export async function startBenchStack(userCount: number, backendNodeFlags?: readonly string[]): Promise<BenchStack> {
  ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
  ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
  const { cluster, stop: stopCluster } = await clusterToUse();
  const dir = mkdtempSync(join(tmpdir(), 'drover-bench-backend-'));
  const namespace = `bench-backend-${randomBytes(3).toString('hex')}`;
  const admin = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);
  const services: Service[] = [];
  let ollama: FakeOllama | undefined;
  const stop = async () => {
    for (const service of services.reverse()) await service.stop();
    await ollama?.close();
    await admin(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
    await stopCluster();
  };
  try {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, readableNamespace(namespace));
    const users = Array.from({ length: userCount }, (_, i) => ({ name: `bench-user-${i + 1}`, token: randomBytes(24).toString('hex') }));
    const tokensFile = join(dir, 'static-tokens.csv');
    writeFileSync(tokensFile, users.map((u) => `${u.token},${u.name},${u.name},"${USER_GROUP}"`).join('\n') + '\n', { mode: 0o600 });
    const mcpTokenFile = join(dir, 'mcp-token');
    writeFileSync(mcpTokenFile, randomBytes(24).toString('hex'), { mode: 0o600 });
    ollama = await startFakeOllama({ models: [MODEL] });

    const auditFile = join(dir, 'audit.log');
    const mcp = await startMcpServer([
      '--port=0', '--mode=read-only', '--identity-mode=impersonate', `--kubeconfig=${cluster.users.mcp.kubeconfigPath}`,
      `--kubectl=${cluster.tools.kubectl}`, `--helm=${cluster.tools.helm}`, `--audit-file=${auditFile}`,
    ], { PATH: process.env.PATH, HOME: dir, DROVER_MCP_AUTH_TOKEN_FILE: mcpTokenFile, DROVER_MCP_CACHE_DIR: join(dir, 'kube-cache') },
    join(dir, 'mcp.log'));
    services.push(mcp);
    const backend = await startBackend({
      PATH: process.env.PATH, HOME: dir, DROVER_PORT: '0',
      DROVER_MCP_URL: `http://127.0.0.1:${mcp.port}/mcp`, DROVER_MCP_AUTH_TOKEN_FILE: mcpTokenFile,
      DROVER_OLLAMA_URL: ollama.url, DROVER_MODEL: MODEL, DROVER_AUTH_MODE: 'standalone', DROVER_TOKEN_REVIEW: 'false',
      DROVER_STATIC_TOKENS_FILE: tokensFile, DROVER_DB_PATH: join(dir, 'drover.db'), DROVER_LOG_LEVEL: 'info', ...RAISED_LIMITS,
    }, join(dir, 'backend.log'), backendNodeFlags);
    services.push(backend);
    return {
      httpUrl: `http://127.0.0.1:${backend.port}`, wsUrl: `ws://127.0.0.1:${backend.port}/ws`, ollama, namespace, users,
      backendPid: backend.pid, mcpPid: mcp.pid, auditFile, dir, stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
