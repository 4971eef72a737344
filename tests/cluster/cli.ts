// npm run cluster:up | cluster:down | cluster:status — the local control plane for humans.
//   up [--no-seed] [--nodes N] [--pods N] [--rancher]
//                                           start it in the background (.drover/cluster/) and print how to use it;
//                                           --rancher: with a real Rancher Manager managing it;
//                                           --drover: and Drover installed into it (a real dashboard with Drover)
//   down                                    stop it
//   status                                  print what is running
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCluster, isAlive, LOCAL_CLUSTER_DIR, runningLocalCluster, startLocalCluster, type LocalClusterOptions } from './local';
import { sleep, tailOf } from './processes';

const SERVE_LOG = join(LOCAL_CLUSTER_DIR, '..', 'cluster.log');
const UP_TIMEOUT_MS = 10 * 60_000;

export function parseClusterOptions(args: string[]): LocalClusterOptions {
  const { values } = parseArgs({
    args,
    options: {
      'no-seed': { type: 'boolean', default: false }, nodes: { type: 'string', default: '2' }, pods: { type: 'string', default: '0' },
      rancher: { type: 'boolean', default: false }, drover: { type: 'boolean', default: false },
    },
  });
  const nodes = Number(values.nodes);
  const pods = Number(values.pods);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer (got ${values.nodes})`);
  if (!Number.isInteger(pods) || pods < 0) throw new Error(`--pods must be a non-negative integer (got ${values.pods})`);
  return { seed: !values['no-seed'], nodes, pods, rancher: values.rancher, drover: values.drover };
}

/** The background process behind `up`: owns the cluster until SIGTERM. */
async function serve(args: string[]): Promise<void> {
  const { cluster } = await startLocalCluster(parseClusterOptions(args));
  const shutdown = () => void cluster.stop().then(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function up(args: string[]): Promise<void> {
  parseClusterOptions(args); // fail on bad flags here, not in the background
  const existing = runningLocalCluster();
  if (existing) {
    console.log(`A local cluster is already running.\n${describeCluster(existing)}`);
    return;
  }
  mkdirSync(join(LOCAL_CLUSTER_DIR, '..'), { recursive: true });
  const log = openSync(SERVE_LOG, 'w');
  const child = spawn(process.execPath, [...process.execArgv, __filename, 'serve', ...args], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + UP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const info = runningLocalCluster();
    if (info) {
      console.log(`${describeCluster(info)}\nStop it with: npm run cluster:down`);
      return;
    }
    if (exited) throw new Error(`the cluster did not start.\n--- ${SERVE_LOG} ---\n${tailOf(SERVE_LOG, 40)}`);
    await sleep(250);
  }
  throw new Error(`the cluster did not start within ${UP_TIMEOUT_MS / 60_000} min; see ${SERVE_LOG}`);
}

async function down(): Promise<void> {
  const info = runningLocalCluster();
  if (!info) {
    console.log('No local cluster is running.');
    return;
  }
  process.kill(info.supervisorPid, 'SIGTERM');
  // The owner removes the state file first and then stops the components: wait for the owner itself.
  while (isAlive(info.supervisorPid)) await sleep(100);
  console.log('Local cluster stopped.');
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'up': return up(args);
    case 'serve': return serve(args);
    case 'down': return down();
    case 'status': {
      const info = runningLocalCluster();
      console.log(info ? describeCluster(info) : 'No local cluster is running.');
      return;
    }
    default:
      throw new Error(`usage: npm run cluster:up [-- --no-seed --nodes N --pods N --rancher --drover] | cluster:down | cluster:status (got '${command ?? ''}')`);
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`drover cluster: ${err.message}`);
    process.exit(1);
  });
}
