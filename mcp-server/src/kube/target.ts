// One named object a write tool acts on (patch, delete, rollout): its resource, where it lives, the policy action
// for a verb, kubectl's arguments for it, and its current state with a NotFound a model can act on.
import { ToolError } from '../errors';
import type { KubeAction, Verb } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { resourceArg, type ApiResource } from './discovery';
import { getObject } from './reads';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Target {
  resource: ApiResource;
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  /** "Deployment web", for messages. */
  label: string;
}

export async function resolveTarget(ctx: ToolContext, kind: string, name: string, namespace: string | undefined): Promise<Target> {
  const resource = await ctx.rt.discovery.resolve(ctx, kind);
  if (resource.namespaced && !namespace) throw new ToolError(`${resource.kind} objects live in a namespace: give the namespace`);
  return { resource, name, namespace: resource.namespaced ? namespace : undefined, label: `${resource.kind} ${name}` };
}

export function actionOn(t: Target, verb: Verb): KubeAction {
  return {
    verb,
    kind: t.resource.kind,
    group: t.resource.group,
    namespace: t.namespace,
    name: t.name,
    clusterScoped: !t.resource.namespaced,
  };
}

/** `<resource> <name> [--namespace=<ns>]`, the way kubectl takes one object. */
export function objectArgs(t: Target): string[] {
  return [resourceArg(t.resource), t.name, ...namespaceArgs(t)];
}

/** `<resource>/<name> [--namespace=<ns>]`, the way `kubectl rollout` takes one object. */
export function slashArgs(t: Target): string[] {
  return [`${resourceArg(t.resource)}/${t.name}`, ...namespaceArgs(t)];
}

function namespaceArgs(t: Target): string[] {
  return t.namespace ? [`--namespace=${t.namespace}`] : [];
}

/** The object as the API server has it now; a missing object is an error that says where it looked. */
export async function currentObject(ctx: ToolContext, t: Target): Promise<any> {
  const obj = await getObject(ctx, t.resource, t.name, t.namespace, { allowNotFound: true });
  if (obj) return obj;
  throw new ToolError(`${t.label} not found${t.namespace ? ` in namespace ${t.namespace}` : ''}; k8s_get lists what exists`);
}
