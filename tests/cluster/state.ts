// A running cluster described as plain JSON, so other processes (jest workers, the CLI, the main job) can use a
// cluster that one process started. The file holds tokens: it is written 0600 inside the cluster's own folder.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Cluster } from './control-plane';

export type ClusterInfo = Omit<Cluster, 'stop'> & { supervisorPid: number };

/** Jest's global setup exports this variable (a path to the state file) to every test worker. */
export const CLUSTER_STATE_ENV = 'DROVER_TEST_CLUSTER';

export function writeClusterState(path: string, cluster: Cluster): ClusterInfo {
  const { stop: _stop, ...rest } = cluster;
  const info: ClusterInfo = { ...rest, supervisorPid: process.pid };
  writeFileSync(path, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  return info;
}

export function readClusterState(path: string): ClusterInfo {
  return JSON.parse(readFileSync(path, 'utf8')) as ClusterInfo;
}

/** The cluster the current test run uses; fails with a clear message when run outside the harness. */
export function testCluster(): ClusterInfo {
  const path = process.env[CLUSTER_STATE_ENV];
  if (!path) {
    throw new Error(`${CLUSTER_STATE_ENV} is not set: this test needs the local control plane. Run it through `
      + 'the package\'s jest config (its globalSetup starts the cluster) or `npm test` at the repository root.');
  }
  return readClusterState(path);
}
