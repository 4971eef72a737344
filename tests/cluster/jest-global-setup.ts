// Jest globalSetup shared by every suite that needs the cluster. If the test orchestrator (toolchain/test-all.ts)
// already started one, its state file is reused; otherwise this run starts its own and tears it down after.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from './control-plane';
import { CLUSTER_STATE_ENV, writeClusterState } from './state';

declare global {
  // eslint-disable-next-line no-var
  var droverTestCluster: Cluster | undefined;
}

export default async function globalSetup(): Promise<void> {
  const shared = process.env[CLUSTER_STATE_ENV];
  if (shared && existsSync(shared)) return;
  const cluster = await startCluster();
  const statePath = join(cluster.dir, 'state.json');
  writeClusterState(statePath, cluster);
  process.env[CLUSTER_STATE_ENV] = statePath;
  globalThis.droverTestCluster = cluster;
}
