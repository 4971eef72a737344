// Rancher's projects of one cluster (management.cattle.io/v3 Project, as Steve serves them), and which of the
// namespaces the user can see belong to each (Rancher labels a project's namespaces with its id).
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { rancherList } from './api';
import { clusterHealth, type RancherCluster } from './clusters';

const PROJECT_LABEL = 'field.cattle.io/projectId';

export interface RancherProject {
  metadata?: { name?: string; state?: { name?: string } };
  spec?: { displayName?: string };
}

interface Namespace {
  id: string;
  metadata?: { labels?: Record<string, string> };
}

/** The projects of the call's cluster that Rancher lets this user see. */
export function listProjects(ctx: ToolContext): Promise<RancherProject[]> {
  return rancherList<RancherProject>(ctx, {
    at: 'rancher',
    path: `/v1/management.cattle.io.projects/${ctx.cluster}`,
    actions: [{ verb: 'list', kind: 'Project', group: 'management.cattle.io', namespace: ctx.cluster, clusterScoped: false }],
  });
}

/**
 * The namespaces the user can see in the call's cluster by project id ('' for those in none), or why they are
 * unknown: namespaces live in the cluster itself, so only a connected cluster can say which there are.
 */
export async function namespacesByProject(ctx: ToolContext, cluster: RancherCluster): Promise<Map<string, string[]> | { unknown: string }> {
  if (!clusterHealth(cluster).connected) return { unknown: `cluster ${ctx.cluster} is not connected to Rancher` };
  let namespaces: Namespace[];
  try {
    namespaces = await rancherList<Namespace>(ctx, {
      at: 'cluster',
      path: '/v1/namespaces',
      actions: [{ verb: 'list', kind: 'Namespace', group: '', clusterScoped: true }],
    });
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    return { unknown: err.message.replace(/\.$/, '') };
  }
  const byProject = new Map<string, string[]>();
  for (const ns of namespaces) {
    const project = ns.metadata?.labels?.[PROJECT_LABEL] ?? '';
    byProject.set(project, [...(byProject.get(project) ?? []), ns.id].sort());
  }
  return byProject;
}
