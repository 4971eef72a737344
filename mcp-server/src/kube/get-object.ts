// One object by name, as JSON, read as the user.
import type { ToolContext } from '../runtime';
import { resourceArg, type ApiResource } from './discovery';
import { kubectlJson } from './json';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** `namespace` is ignored for cluster-wide kinds. */
export async function getObject(ctx: ToolContext, resource: ApiResource, name: string, namespace?: string): Promise<any> {
  const ns = resource.namespaced ? namespace : undefined;
  return kubectlJson<any>(ctx, {
    argv: ['get', resourceArg(resource), name, ...(ns ? [`--namespace=${ns}`] : []), '--output=json'],
    actions: [{ verb: 'get', kind: resource.kind, group: resource.group, namespace: ns, name, clusterScoped: !resource.namespaced }],
  });
}
