// npm start — the main job. Uses your cluster when KUBECONFIG is set; otherwise starts the local control plane
// (or reuses one from `npm run cluster:up`) with the demo shop seeded. Prints what runs and how to reach it, then
// stays in the foreground until Ctrl-C, stopping whatever it started.
//   npm start -- [--no-seed] [--nodes N] [--pods N]
import { spawnSync } from 'node:child_process';
import { parseClusterOptions } from '../tests/cluster/cli';
import { describeCluster, runningLocalCluster, startLocalCluster } from '../tests/cluster/local';

interface Running {
  summary: string;
  stop: () => Promise<void>;
}

function useOwnCluster(kubeconfig: string): Running {
  const res = spawnSync('kubectl', ['version', '-o', 'json', '--request-timeout=10s'], { encoding: 'utf8', env: process.env });
  if (res.status !== 0) {
    throw new Error(`KUBECONFIG=${kubeconfig} is set, but its cluster does not answer:\n${res.stderr.trim()}\n`
      + 'Fix the kubeconfig, or unset KUBECONFIG to use the local control plane.');
  }
  const server = JSON.parse(res.stdout).serverVersion?.gitVersion ?? 'unknown version';
  const context = spawnSync('kubectl', ['config', 'current-context'], { encoding: 'utf8', env: process.env }).stdout.trim();
  return {
    summary: `Your cluster: context "${context}" (Kubernetes ${server}) from KUBECONFIG=${kubeconfig}`,
    stop: async () => undefined,
  };
}

async function useLocalCluster(args: string[]): Promise<Running> {
  const existing = runningLocalCluster();
  if (existing) {
    return { summary: `${describeCluster(existing)}\n  (started earlier by npm run cluster:up; left running on exit)`, stop: async () => undefined };
  }
  console.log('Starting the local Kubernetes control plane…');
  const { cluster, info } = await startLocalCluster(parseClusterOptions(args));
  return { summary: describeCluster(info), stop: () => cluster.stop() };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kubeconfig = process.env.KUBECONFIG;
  const running = kubeconfig ? useOwnCluster(kubeconfig) : await useLocalCluster(args);
  console.log(`\nDrover main job is running.\n${running.summary}\n\nPress Ctrl-C to stop.`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: Error) => {
  console.error(`drover: ${err.message}`);
  process.exit(1);
});
