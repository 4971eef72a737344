// A second, downstream cluster in the real Rancher: an imported cluster object whose agent never runs, so Rancher
// shows it as it is, never Ready, never Connected, and its /k8s/clusters/<id> proxy answers "cluster not
// provisioned". For tests of what users see across clusters; remove() deletes it (and the namespaces Rancher made).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sleep } from '../cluster/processes';
import { rancherClient, RancherApiError, type RancherClient } from './client';
import type { RancherInfo, RancherUser } from './start';

const SETTLE_MS = 60_000;

export interface DownstreamCluster {
  /** Rancher's cluster id (c-xxxxx). */
  id: string;
  /** Its display name. */
  name: string;
  /** Makes the user a member of the cluster (role template `cluster-member`) and waits until Rancher shows it to them. */
  grant(user: RancherUser): Promise<void>;
  remove(): Promise<void>;
}

/** Retries `attempt` until it resolves: Rancher's controllers finish what the API accepted in the background. */
async function eventually<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Rancher: ${what} did not happen within ${SETTLE_MS / 1000} s (${(err as Error).message})`);
      await sleep(500);
    }
  }
}

export async function addImportedCluster(rancher: Pick<RancherInfo, 'url' | 'caFile' | 'adminToken'>, prefix: string): Promise<DownstreamCluster> {
  const admin: RancherClient = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'), rancher.adminToken);
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  const { id } = await admin.call<{ id: string }>('POST', '/v3/clusters', { type: 'cluster', name, importedConfig: {} });
  // Waiting for its agent is the last thing Rancher does for a new imported cluster: it is then as settled as it gets.
  await eventually(`cluster ${name} waiting for its agent`, async () => {
    const cluster = await admin.call<{ status?: { conditions?: { type: string; status: string }[] } }>('GET', `/v1/management.cattle.io.clusters/${id}`);
    if (!cluster.status?.conditions?.some((c) => c.type === 'Connected')) throw new Error('no Connected condition yet');
  });
  return {
    id,
    name,
    async grant(user) {
      await admin.call('POST', '/v3/clusterroletemplatebindings', { clusterId: id, roleTemplateId: 'cluster-member', userId: user.id });
      await eventually(`${user.username} seeing cluster ${name}`, () => admin.call('GET', `/v1/management.cattle.io.clusters/${id}`, undefined, user.token));
    },
    async remove() {
      await admin.call('DELETE', `/v3/clusters/${id}`);
      await eventually(`cluster ${name} going away`, async () => {
        const gone = await admin.call('GET', `/v1/management.cattle.io.clusters/${id}`).then(() => false, (err: unknown) => err instanceof RancherApiError && err.status === 404);
        if (!gone) throw new Error('still there');
      });
    },
  };
}
