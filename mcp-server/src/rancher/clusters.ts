// Rancher's clusters (management.cattle.io/v3 Cluster, as Steve serves them) and what makes one healthy: Ready
// (Rancher can use it) and Connected (its agent's tunnel is up).
import type { KubeAction } from '../policy/engine';
import { maskCut, maskText } from '../policy/redact';
import type { ToolContext } from '../runtime';
import { rancherGet, rancherList } from './api';

interface Condition {
  type?: string;
  status?: string;
  message?: string;
}

export interface RancherCluster {
  id: string;
  metadata?: { state?: { name?: string; error?: boolean; message?: string } };
  spec?: { displayName?: string };
  status?: {
    conditions?: Condition[];
    driver?: string;
    provider?: string;
    nodeCount?: number;
    version?: { gitVersion?: string };
  };
}

export interface ClusterHealth {
  healthy: boolean;
  connected: boolean;
  /** Why it is not healthy (empty when it is). */
  problems: string[];
}

const MAX_PROBLEM_CHARS = 200;

const clusterAction = (name?: string): KubeAction => ({
  verb: name ? 'get' : 'list',
  kind: 'Cluster',
  group: 'management.cattle.io',
  clusterScoped: true,
  ...(name ? { name } : {}),
});

/** Free text anyone who may edit the cluster typed: masked like any other text from the cluster. */
export function displayName(cluster: RancherCluster): string {
  return maskText(cluster.spec?.displayName || cluster.id);
}

export function clusterHealth(cluster: RancherCluster): ClusterHealth {
  const conditions = cluster.status?.conditions ?? [];
  const holds = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  const ready = holds('Ready');
  const connected = holds('Connected');
  if (ready && connected) return { healthy: true, connected, problems: [] };
  const problems = [...(ready ? [] : ['not ready']), ...(connected ? [] : ['not connected'])];
  if (cluster.metadata?.state?.error && cluster.metadata.state.message) problems.push(cluster.metadata.state.message);
  for (const c of conditions) if (c.status !== 'True' && c.message) problems.push(`${c.type}: ${c.message}`);
  return { healthy: false, connected, problems };
}

/** Rancher's messages can quote what failed (a URL with its credentials, say): masked, as conditions are elsewhere. */
export function problemText(health: ClusterHealth): string {
  return maskCut(health.problems.join('; '), MAX_PROBLEM_CHARS);
}

/** The clusters Rancher lets this user see. */
export function listClusters(ctx: ToolContext): Promise<RancherCluster[]> {
  return rancherList<RancherCluster>(ctx, { at: 'rancher', path: '/v1/management.cattle.io.clusters', actions: [clusterAction()] });
}

/** The call's cluster, as Rancher shows it to this user (refused when the user may not see it). */
export function getCluster(ctx: ToolContext): Promise<RancherCluster> {
  return rancherGet<RancherCluster>(ctx, {
    at: 'rancher',
    path: `/v1/management.cattle.io.clusters/${ctx.cluster}`,
    actions: [clusterAction(ctx.cluster)],
  });
}
