// A running cluster described as plain JSON, so other processes (jest workers, the CLI, the main job) can use a
// cluster that one process started. The file holds tokens: it is written 0600 inside the cluster's own folder.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Cluster } from './control-plane';
import type { RancherInfo } from '../rancher/start';

/** A running cluster, and the Rancher Manager managing it when one was started with it. */
export type ClusterInfo = Omit<Cluster, 'stop'> & { supervisorPid: number; rancher?: RancherInfo };

/** Jest's global setup exports this variable (a path to the state file) to every test worker. */
export const CLUSTER_STATE_ENV = 'DROVER_TEST_CLUSTER';

export function writeClusterState(path: string, cluster: Cluster, rancher?: RancherInfo): ClusterInfo {
  const { stop: _stop, ...rest } = cluster;
  const info: ClusterInfo = { ...rest, supervisorPid: process.pid, ...(rancher ? { rancher: withoutStop(rancher) } : {}) };
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

function withoutStop(rancher: RancherInfo & { stop?: unknown }): RancherInfo {
  const { stop: _stop, ...info } = rancher;
  return info;
}

/** The real Rancher of the current test run; fails with a clear message when the run has none. */
export function testRancher(): RancherInfo {
  const { rancher } = testCluster();
  if (!rancher) {
    throw new Error('This test needs a real Rancher Manager, and the test cluster has none: run it through `npm test` at the '
      + 'repository root (which starts one), or start the cluster with `npm run cluster:up -- --rancher` and set '
      + `${CLUSTER_STATE_ENV} to its state file.`);
  }
  return rancher;
}
