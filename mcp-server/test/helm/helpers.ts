// Shared set-up of the helm suites: the eight tools, a per-run namespace the editor may edit, a configuration that
// allows the test chart repository, and the two-phase call (plan, then confirm with the plan's token).
import { randomBytes } from 'node:crypto';
import { applyObjects, kubectlOk } from '../../../tests/cluster';
import type { Config } from '../../src/config';
import { CONFIRMATION_META_KEY } from '../../src/policy/plans';
import type { Tool } from '../../src/tools/define-tool';
import { helmGet } from '../../src/tools/helm/get';
import { helmHistory } from '../../src/tools/helm/history';
import { helmInstall } from '../../src/tools/helm/install';
import { helmList } from '../../src/tools/helm/list';
import { helmRollback } from '../../src/tools/helm/rollback';
import { helmStatus } from '../../src/tools/helm/status';
import { helmUninstall } from '../../src/tools/helm/uninstall';
import { helmUpgrade } from '../../src/tools/helm/upgrade';
import type { ChartRepo } from '../support/chart-repo';
import { cluster, testConfig, type Connected } from '../support/harness';

export const HELM_TOOLS = [helmList, helmStatus, helmHistory, helmGet, helmInstall, helmUpgrade, helmRollback, helmUninstall] as Tool[];

/** A fresh namespace per run (h3- prefix), so reruns never meet a namespace that is still terminating. */
export function uniqueNamespace(label: string): string {
  return `h3-${label}-${randomBytes(3).toString('hex')}`;
}

/** Creates the namespace and lets the editor edit it. */
export async function editableNamespace(namespace: string): Promise<void> {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'editor-edit', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }],
    },
  ]);
}

export async function dropNamespace(namespace: string): Promise<void> {
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
}

export function repoConfig(repo: ChartRepo, overrides: Parameters<typeof testConfig>[0] = {}): Config {
  return testConfig({
    ...overrides,
    helm: { repositories: [{ name: 'drover-test', url: repo.url, caFile: repo.caFile }], ...overrides.helm },
  });
}

/** Plans a write, then runs it with the plan's token; returns both results. */
export async function planAndRun(mcp: Connected, tool: string, args: Record<string, unknown>) {
  const plan = await mcp.call(tool, args);
  const token = plan._meta?.[CONFIRMATION_META_KEY];
  if (plan.isError || typeof token !== 'string') throw new Error(`${tool} did not plan: ${JSON.stringify(plan.content)}`);
  const done = await mcp.call(tool, args, { [CONFIRMATION_META_KEY]: token });
  return { plan, done };
}
