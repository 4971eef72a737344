// The ground every test run shares: one local control plane and one real Rancher Manager managing it, described
// in a state file (CLUSTER_STATE_ENV) that every suite's workers read. Started once per run, by the orchestrator
// (toolchain/test-all.ts) or, for a package's jest run on its own, by its global setup.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardDir } from '../../toolchain/versions';
import { startRancher, type Rancher } from '../rancher/start';
import { startCluster, type Cluster } from './control-plane';
import { writeClusterState } from './state';

export interface TestGround {
  cluster: Cluster;
  rancher: Rancher;
  statePath: string;
  stop(): Promise<void>;
}

export async function startTestGround(): Promise<TestGround> {
  const cluster = await startCluster();
  let rancher: Rancher;
  try {
    // Rancher's own dashboard, when built (toolchain/install.sh dashboard; npm test builds it): the browser tests need it.
    const dashboard = dashboardDir();
    rancher = await startRancher(cluster, { dir: join(cluster.dir, 'rancher'), dashboardDir: existsSync(dashboard) ? dashboard : undefined });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  const statePath = join(cluster.dir, 'state.json');
  writeClusterState(statePath, cluster, rancher);
  return {
    cluster, rancher, statePath,
    async stop() {
      await rancher.stop();
      await cluster.stop();
    },
  };
}
