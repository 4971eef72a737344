// Shared by the write-tool suites (apply, patch, rollout, delete, exec): a namespace where EDITOR may edit, the
// plan → confirm round trip, and the admin's own view of the cluster to check what really happened.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { applyObjects, kubectlOk, runKubectl } from '../../../tests/cluster';
import { CONFIRMATION_META_KEY } from '../../src/policy/plans';
import { cluster, type Connected } from '../support/harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Creates the namespace, lets EDITOR edit in it (the built-in `edit` role) and adds the objects. */
export async function editableNamespace(namespace: string, objects: object[] = []): Promise<void> {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'editor-edit', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }],
    },
    ...objects,
  ]);
}

/** Plans, checks the plan asks for confirmation, then confirms with its token. */
export async function planThenRun(
  mcp: Connected,
  tool: string,
  args: Record<string, unknown>,
): Promise<{ plan: CallToolResult; done: CallToolResult }> {
  const plan = await mcp.call(tool, args);
  if (plan.isError) throw new Error(`plan failed: ${JSON.stringify(plan.content)}`);
  const token = plan._meta?.[CONFIRMATION_META_KEY];
  if (typeof token !== 'string') throw new Error(`the plan carried no confirmation token: ${JSON.stringify(plan.content)}`);
  const done = await mcp.call(tool, args, { [CONFIRMATION_META_KEY]: token });
  return { plan, done };
}

/** What the admin sees: one object as JSON, or undefined when it does not exist. */
export async function adminGet(args: string[]): Promise<any> {
  const res = await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', ...args, '-o', 'json']);
  if (res.code !== 0 && /NotFound/.test(res.stderr)) return undefined;
  if (res.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

export const admin = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);

/** Everything a result gives a client: the text and the structured content. */
export function everything(res: CallToolResult): string {
  return `${res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')}\n${JSON.stringify(res.structuredContent ?? {})}`;
}
