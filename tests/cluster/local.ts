// The developer's local cluster in .drover/cluster/ (git-ignored), shared by `npm run cluster:*` and `npm start`:
// whichever process starts it writes state.json there, so the other commands find and reuse it.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCluster, type Cluster } from './control-plane';
import { dashboardDir } from '../../toolchain/versions';
import { installDroverInRancher } from '../rancher/drover-in-rancher';
import { grantDroverUser, startRancher } from '../rancher/start';
import { seedScale, seedShop } from './seed';
import { readClusterState, writeClusterState, type ClusterInfo } from './state';

const REPO_ROOT = resolve(__dirname, '..', '..');
export const LOCAL_CLUSTER_DIR = resolve(process.env.DROVER_CLUSTER_DIR ?? join(REPO_ROOT, '.drover', 'cluster'));
const STATE_FILE = join(LOCAL_CLUSTER_DIR, 'state.json');

export interface LocalClusterOptions {
  seed: boolean;
  nodes: number;
  /** Extra healthy pods for scale experiments (0 = none). */
  pods: number;
  /** Also start a real Rancher Manager managing the cluster (toolchain/install.sh rancher builds it). */
  rancher: boolean;
  /**
   * Also install Drover into that Rancher as users do (the chart, its UIPlugin and GlobalRole; the real backend and
   * MCP server behind the service proxy), with the standard user holding the Drover user role. The model is the
   * Ollama at DROVER_OLLAMA_URL (default http://127.0.0.1:11434) with DROVER_MODEL.
   */
  drover: boolean;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The local cluster if one is running (its owning process is alive), else undefined. */
export function runningLocalCluster(): ClusterInfo | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  const info = readClusterState(STATE_FILE);
  return isAlive(info.supervisorPid) ? info : undefined;
}

/** Starts a fresh local cluster owned by this process; stop() also removes its state file. */
export async function startLocalCluster(opts: LocalClusterOptions): Promise<{ cluster: Cluster; info: ClusterInfo }> {
  rmSync(LOCAL_CLUSTER_DIR, { recursive: true, force: true });
  mkdirSync(LOCAL_CLUSTER_DIR, { recursive: true, mode: 0o700 });
  const cluster = await startCluster({ dir: LOCAL_CLUSTER_DIR, nodes: opts.nodes });
  let rancher: Awaited<ReturnType<typeof startRancher>> | undefined;
  try {
    if (opts.seed) await seedShop(cluster);
    if (opts.pods > 0) await seedScale(cluster, opts.pods);
    if (opts.rancher || opts.drover) {
      const dashboard = dashboardDir();
      rancher = await startRancher(cluster, { dir: join(LOCAL_CLUSTER_DIR, 'rancher'), dashboardDir: existsSync(dashboard) ? dashboard : undefined });
    }
    if (opts.drover && rancher) {
      const drover = await installDroverInRancher(cluster, rancher, {
        uiPlugin: true, ollamaUrl: process.env.DROVER_OLLAMA_URL ?? 'http://127.0.0.1:11434', model: process.env.DROVER_MODEL,
      });
      await grantDroverUser(rancher, rancher.users.standard.id);
      const stopRancher = rancher.stop;
      rancher.stop = async () => {
        await drover.stop();
        await stopRancher();
      };
    }
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  const info = writeClusterState(STATE_FILE, cluster, rancher);
  const stop = cluster.stop;
  cluster.stop = async () => {
    rmSync(STATE_FILE, { force: true });
    await rancher?.stop();
    await stop();
  };
  return { cluster, info };
}

export function describeCluster(info: Omit<ClusterInfo, 'supervisorPid'>): string {
  const users = Object.entries(info.users)
    .map(([role, u]) => `    ${role.padEnd(7)} ${u.name.padEnd(42)} ${u.kubeconfigPath}`).join('\n');
  return [
    `Local Kubernetes v${info.versions.KUBERNETES_VERSION} at ${info.server} (ready in ${info.startSeconds.toFixed(1)} s)`,
    `    export KUBECONFIG=${info.kubeconfigPath}`,
    '  Users (one kubeconfig each, holding that user\'s token):',
    users,
    `  Component logs: ${info.logsDir}`,
    ...(info.rancher ? describeRancher(info.rancher) : []),
  ].join('\n');
}

function describeRancher(r: NonNullable<ClusterInfo['rancher']>): string[] {
  return [
    `Rancher v${r.version} at ${r.url} (ready in ${r.startSeconds.toFixed(1)} s; CA ${r.caFile}; log ${r.logFile})`,
    '  Rancher users (username / password):',
    ...Object.entries(r.users).map(([role, u]) => `    ${role.padEnd(9)} ${u.username.padEnd(9)} ${u.password}`),
    `  Its dashboard: ${r.url}/dashboard/ (with Drover when started with --drover; "standard" holds the Drover user role)`,
  ];
}
