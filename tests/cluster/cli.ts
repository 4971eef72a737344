// npm run cluster:up | cluster:down | cluster:status — the local control plane for humans.
//   up [--seed] [--nodes N] [--pods N]  starts it in the background in .drover/cluster/ and prints how to use it
//   down                                 stops it
//   status                               prints what is running
//   serve ...                            (internal) the background process that owns the cluster
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from './control-plane';
import { tailOf, sleep } from './processes';
import { seedScale, seedShop } from './seed';
import { readClusterState, writeClusterState, type ClusterInfo } from './state';

const REPO_ROOT = resolve(__dirname, '..', '..');
const CLUSTER_DIR = resolve(process.env.DROVER_CLUSTER_DIR ?? join(REPO_ROOT, '.drover', 'cluster'));
const STATE_FILE = join(CLUSTER_DIR, 'state.json');
const SERVE_LOG = join(CLUSTER_DIR, '..', 'cluster-serve.log');
const UP_TIMEOUT_MS = 10 * 60_000;

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

export function runningCluster(): ClusterInfo | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  const info = readClusterState(STATE_FILE);
  return isAlive(info.supervisorPid) ? info : undefined;
}

export function describeCluster(info: Omit<ClusterInfo, 'supervisorPid'>): string {
  const users = Object.entries(info.users)
    .map(([role, u]) => `  ${role.padEnd(7)} ${u.name.padEnd(40)} KUBECONFIG=${u.kubeconfigPath}`).join('\n');
  return [
    `Kubernetes v${info.versions.KUBERNETES_VERSION} at ${info.server} (ready in ${info.startSeconds.toFixed(1)} s)`,
    `  export KUBECONFIG=${info.kubeconfigPath}`,
    'Users (each kubeconfig carries that user\'s token):',
    users,
    `Component logs: ${info.logsDir}`,
  ].join('\n');
}

async function serve(opts: { seed: boolean; nodes: number; pods: number }): Promise<void> {
  let cluster: Cluster | undefined;
  const shutdown = async () => {
    rmSync(STATE_FILE, { force: true });
    await cluster?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  cluster = await startCluster({ dir: CLUSTER_DIR, nodes: opts.nodes });
  if (opts.seed) await seedShop(cluster);
  if (opts.pods > 0) await seedScale(cluster, opts.pods);
  writeClusterState(STATE_FILE, cluster);
  setInterval(() => undefined, 1 << 30);
}

async function up(args: string[]): Promise<void> {
  const existing = runningCluster();
  if (existing) {
    console.log(`A cluster is already running.\n${describeCluster(existing)}`);
    return;
  }
  rmSync(CLUSTER_DIR, { recursive: true, force: true });
  mkdirSync(CLUSTER_DIR, { recursive: true, mode: 0o700 });
  const log = openSync(SERVE_LOG, 'w');
  const child = spawn(process.execPath, [...process.execArgv, __filename, 'serve', ...args],
    { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const deadline = Date.now() + UP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const info = runningCluster();
    if (info) {
      console.log(`${describeCluster(info)}\nStop it with: npm run cluster:down`);
      return;
    }
    if (child.exitCode !== null || !isAlive(child.pid ?? -1)) {
      throw new Error(`The cluster did not start.\n--- ${SERVE_LOG} ---\n${tailOf(SERVE_LOG, 40)}`);
    }
    await sleep(250);
  }
  throw new Error(`The cluster did not start within ${UP_TIMEOUT_MS / 60_000} min; see ${SERVE_LOG}`);
}

async function down(): Promise<void> {
  const info = runningCluster();
  if (!info) {
    console.log('No local cluster is running.');
    return;
  }
  process.kill(info.supervisorPid, 'SIGTERM');
  while (isAlive(info.supervisorPid)) await sleep(100);
  console.log('Local cluster stopped.');
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { seed: { type: 'boolean', default: false }, nodes: { type: 'string', default: '2' }, pods: { type: 'string', default: '0' } },
  });
  const opts = { seed: values.seed ?? false, nodes: Number(values.nodes), pods: Number(values.pods) };
  switch (command) {
    case 'up': return up(rest);
    case 'serve': return serve(opts);
    case 'down': return down();
    case 'status': {
      const info = runningCluster();
      console.log(info ? describeCluster(info) : 'No local cluster is running.');
      return;
    }
    default:
      throw new Error(`usage: cli.ts up [--seed] [--nodes N] [--pods N] | down | status (got '${command ?? ''}')`);
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`drover cluster: ${err.message}`);
    process.exit(1);
  });
}
