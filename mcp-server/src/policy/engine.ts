// The one policy every kubectl and helm call passes through (kube/invoke.ts calls check() before spawning). It
// judges what a call does — its verb, kind and namespace — never the name of the tool that asked.
import type { Config } from '../config';
import { PolicyDenied } from '../errors';

export const READ_VERBS = ['get', 'list', 'watch'] as const;
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'exec'] as const;
export type Verb = (typeof READ_VERBS)[number] | (typeof WRITE_VERBS)[number];

export interface KubeAction {
  verb: Verb;
  /** Kind as the API names it (Deployment), or HelmRelease for helm's own release records. */
  kind: string;
  /** API group, '' for the core group. */
  group: string;
  /** Absent for cluster-scoped objects and for reads across all namespaces. */
  namespace?: string;
  name?: string;
  clusterScoped: boolean;
}

export function isWrite(action: KubeAction): boolean {
  return (WRITE_VERBS as readonly string[]).includes(action.verb);
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

export function isProtectedNamespace(config: Config, namespace: string): boolean {
  return config.policy.protectedNamespaces.some((p) => globMatch(p, namespace));
}

/** A Namespace object counts as inside itself, as the API server reads a request for it. */
function isNamespaceObject(a: KubeAction): boolean {
  return a.kind === 'Namespace' && a.group === '';
}

function where(a: KubeAction): string {
  const target = a.name ? `${a.kind} ${a.name}` : a.kind;
  return a.namespace ? `${target} in namespace ${a.namespace}` : target;
}

/** Throws PolicyDenied with a reason the model and the user can act on. */
export function checkActions(config: Config, actions: readonly KubeAction[]): void {
  for (const a of actions) {
    if (!isWrite(a)) continue;
    const what = `${a.verb} ${where(a)}`;
    if (config.mode === 'read-only') {
      throw new PolicyDenied(
        `refused: ${what} is a change, and this Drover server runs read-only (an administrator can enable read-write mode)`,
      );
    }
    if (a.verb === 'exec' && !config.policy.allowExec) {
      throw new PolicyDenied(`refused: running commands in containers is disabled on this Drover server`);
    }
    const namespace = isNamespaceObject(a) ? a.name : a.namespace;
    if (namespace && isProtectedNamespace(config, namespace)) {
      throw new PolicyDenied(`refused: ${what}: namespace ${namespace} is protected, Drover never changes it`);
    }
    if (!a.namespace && !a.clusterScoped) {
      throw new PolicyDenied(`refused: ${what} across all namespaces; name one namespace`);
    }
    // A new, named Namespace is where namespaced writes begin: read-write mode may create one (RBAC still decides).
    // Changing or deleting an existing one stays a cluster-wide change.
    const createsNamespace = isNamespaceObject(a) && a.verb === 'create' && Boolean(a.name);
    if (a.clusterScoped && config.mode !== 'admin' && !createsNamespace) {
      throw new PolicyDenied(`refused: ${what} is a cluster-wide change, which needs admin mode`);
    }
    const denied = config.policy.deniedKinds.find((d) => d.kind === a.kind && (!d.verbs || d.verbs.includes(a.verb as never)));
    if (denied) throw new PolicyDenied(`refused: Drover is configured never to ${a.verb} ${a.kind} objects`);
  }
}
