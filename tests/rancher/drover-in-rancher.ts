// Drover installed into the real Rancher's local cluster the way users install it (the Helm chart, rancher mode, in
// cattle-system), with the real backend and MCP server running here as the chart's Pods: kwok plays those Pods, and
// the backend listens on its Pod's IP (pod-address.ts), so Rancher's service proxy reaches it exactly as in a real
// cluster, and Rancher's plugin controller fetches the extension from the Service's DNS name (Rancher's own
// /etc/hosts names it). The model is the scripted Ollama-protocol server.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt, ensureUiBundle, startBackend, startMcpServer, type Service } from '../../toolchain/services';
import { kubectlOk } from '../cluster/kubectl';
import type { ClusterInfo } from '../cluster/state';
import { startFakeOllama, type FakeOllama } from '../ollama-fake/server';
import { servePodAddress, type PodAddress } from './pod-address';
import { hostsEntry, type RancherInfo } from './start';

const CHART = resolve(__dirname, '..', '..', 'helm', 'drover');
export const RELEASE = 'drover';
export const NAMESPACE = 'cattle-system';
export const BACKEND_PORT = 8055;
export const MODEL = 'qwen3:8b';

export interface DroverInRancher {
  /** The backend Service's proxy path on Rancher's local cluster, ending in `/`. */
  proxyPath: string;
  backendIp: string;
  /** The scripted model server, when no real Ollama was given. */
  ollama?: FakeOllama;
  /** The MCP server's audit log (one JSON line per tool call). */
  auditFile: string;
  stop(): Promise<void>;
}

export interface InstallOptions {
  /** Create the chart's UIPlugin, so Rancher loads the extension from this backend. */
  uiPlugin: boolean;
  /** What the tools may change (the chart's tools.mode). */
  toolsMode?: 'read-only' | 'read-write' | 'admin';
  /** A real Ollama to talk to; the scripted Ollama-protocol server when omitted. */
  ollamaUrl?: string;
  /** A model name for a real Ollama. */
  model?: string;
}

export async function installDroverInRancher(cluster: Pick<ClusterInfo, 'kubeconfigPath' | 'tools'>, rancher: RancherInfo,
                                             opts: InstallOptions): Promise<DroverInRancher> {
  ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
  ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
  const bundleDir = ensureUiBundle();
  const dir = mkdtempSync(join(tmpdir(), 'drover-in-rancher-'));
  const helm = (args: string[]) => {
    const res = spawnSync(cluster.tools.helm, [...args, '--kubeconfig', cluster.kubeconfigPath], {
      encoding: 'utf8', timeout: 180_000, env: { PATH: process.env.PATH, HOME: dir },
    });
    if (res.status !== 0) throw new Error(`helm ${args.join(' ')} failed: ${res.stderr}`);
  };
  const kubectl = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);
  const services: Service[] = [];
  let address: PodAddress | undefined;
  let ollama: FakeOllama | undefined;
  let forgetHost: (() => void) | undefined;
  const stop = async () => {
    for (const service of services) await service.stop();
    forgetHost?.();
    address?.release();
    await ollama?.close();
    spawnSync(cluster.tools.helm, ['uninstall', RELEASE, '-n', NAMESPACE, '--wait', '--kubeconfig', cluster.kubeconfigPath], { env: { PATH: process.env.PATH, HOME: dir } });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    helm(['install', RELEASE, CHART, '-n', NAMESPACE, '--wait', '--timeout', '120s',
      '--set', 'authMode=rancher', '--set', `tools.mode=${opts.toolsMode ?? 'read-write'}`, '--set', 'backend.persistence.enabled=false',
      '--set', `uiPlugin.enabled=${opts.uiPlugin}`, '--set', `backend.port=${BACKEND_PORT}`]);
    const pod = (await kubectl(['get', 'pods', '-n', NAMESPACE, '-l', `app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=backend`,
      '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    address = await servePodAddress(cluster, NAMESPACE, pod);

    if (!opts.ollamaUrl) ollama = await startFakeOllama({ models: [MODEL] });
    const mcpToken = randomBytes(24).toString('hex');
    const auditFile = join(dir, 'audit.log');
    const mcp = await startMcpServer([
      '--port=0', `--mode=${opts.toolsMode ?? 'read-write'}`, '--identity-mode=rancher', `--rancher-url=${rancher.url}`, `--rancher-ca-file=${rancher.caFile}`,
      `--kubectl=${cluster.tools.kubectl}`, `--helm=${cluster.tools.helm}`, `--audit-file=${auditFile}`,
    ], { PATH: process.env.PATH, HOME: dir, DROVER_MCP_AUTH_TOKEN: mcpToken, DROVER_MCP_CACHE_DIR: join(dir, 'kube-cache') }, join(dir, 'mcp.log'));
    services.push(mcp);
    writeFileSync(join(dir, 'mcp-token'), mcpToken, { mode: 0o600 });
    const backend = await startBackend({
      PATH: process.env.PATH, HOME: dir, DROVER_HOST: address.ip, DROVER_PORT: String(BACKEND_PORT),
      DROVER_MCP_URL: `http://127.0.0.1:${mcp.port}/mcp`, DROVER_MCP_AUTH_TOKEN: mcpToken, DROVER_OLLAMA_URL: opts.ollamaUrl ?? ollama!.url, DROVER_MODEL: opts.model ?? MODEL,
      DROVER_AUTH_MODE: 'rancher', DROVER_RANCHER_URL: rancher.url, DROVER_RANCHER_CA_FILE: rancher.caFile,
      DROVER_DB_PATH: join(dir, 'drover.db'), DROVER_UI_BUNDLE_DIR: bundleDir, DROVER_APPROVAL_TIMEOUT_SECONDS: '300',
    }, join(dir, 'backend.log'));
    services.unshift(backend);
    // The UIPlugin's endpoint names the Service's cluster DNS name, as Rancher resolves it inside a cluster.
    forgetHost = hostsEntry(rancher, address.ip, `${RELEASE}-backend.${NAMESPACE}.svc`);
    return {
      proxyPath: `/api/v1/namespaces/${NAMESPACE}/services/http:${RELEASE}-backend:${BACKEND_PORT}/proxy/`,
      backendIp: address.ip, ollama, auditFile, stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
