// Canaries in Rancher's own data, wherever someone who may edit a project or a cluster can type a secret: display
// names and descriptions (free text in secret shapes, or a credential known by its shape alone), annotations (JSON
// under a secret key) and labels, of a project in the local cluster and of a downstream cluster (imported, never
// connected) and a project of its own. Planted as Rancher's admin; remove() takes them all away again.
import { readFileSync } from 'node:fs';
import { canary, kubectlOk } from '../../../tests/cluster';
import { rancherClient } from '../../../tests/rancher/client';
import { addImportedCluster, type DownstreamCluster } from '../../../tests/rancher/downstream';
import type { RancherInfo } from '../../../tests/rancher/start';
import { cluster } from '../support/harness';
import { tokenShapes } from './hostile-values';

const KEY = 'drover.test/config';

export interface RancherCanaries {
  canaries: Record<string, string>;
  /** The downstream cluster that holds some of them. */
  downstream: DownstreamCluster;
  remove(): Promise<void>;
}

/** Secret shapes in the description, the annotations and the labels of an object named `place`. */
function aroundName(place: string): { canaries: Record<string, string>; description: string; annotations: object; labels: object } {
  const canaries = {
    [`${place}Description`]: canary(`${place}Description`),
    [`${place}Annotation`]: canary(`${place}Annotation`),
    [`${place}Label`]: canary(`${place}Label`),
  };
  return {
    canaries,
    description: `DB_PASSWORD=${canaries[`${place}Description`]}`,
    annotations: { [KEY]: JSON.stringify({ password: canaries[`${place}Annotation`] }) },
    labels: { 'drover.test/token': canaries[`${place}Label`] },
  };
}

export async function plantRancherCanaries(rancher: RancherInfo): Promise<RancherCanaries> {
  const admin = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'), rancher.adminToken);
  const downstream = await addImportedCluster(rancher, 'drover-sweep');
  const projects: string[] = [];
  const remove = async () => {
    for (const id of projects) await admin.call('DELETE', `/v3/projects/${id}`);
    await downstream.remove();
  };
  try {
    const names = {
      clusterName: canary('clusterName'),
      localProjectName: canary('localProjectName'),
      // A credential nothing names, in the place of a name.
      downstreamProjectName: tokenShapes().find((token) => token.startsWith('ghp_'))!,
    };
    const onCluster = aroundName('cluster');
    // The cluster object lives in the local cluster, where the admin's own kubectl edits it.
    await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
      'patch',
      'clusters.management.cattle.io',
      downstream.id,
      '--type=merge',
      `--patch=${JSON.stringify({
        metadata: { annotations: onCluster.annotations, labels: onCluster.labels },
        spec: { displayName: `API_TOKEN=${names.clusterName}`, description: onCluster.description },
      })}`,
    ]);
    const onProjects = { local: aroundName('localProject'), downstream: aroundName('downstreamProject') };
    for (const [clusterId, name, around] of [
      ['local', `the password is ${names.localProjectName}`, onProjects.local],
      [downstream.id, names.downstreamProjectName, onProjects.downstream],
    ] as const) {
      const { description, annotations, labels } = around;
      const project = await admin.call<{ id: string }>('POST', '/v3/projects', {
        type: 'project',
        clusterId,
        name,
        description,
        annotations,
        labels,
      });
      projects.push(project.id);
    }
    const canaries = { ...names, ...onCluster.canaries, ...onProjects.local.canaries, ...onProjects.downstream.canaries };
    return { canaries, downstream, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
