// The gateway's verdict on one real request: the policy engine on what the request does (its verb, kind,
// namespace and name), then the call's scope (what the process declared it would do), then — at execute — the
// plan the user approved. Every refusal names its rule.
import type { Config } from '../config';
import { PolicyDenied } from '../errors';
import type { Identity } from '../identity';
import type { ApiResource } from '../kube/discovery';
import { SELF_REVIEWS } from '../policy/classify';
import { checkActions, isWrite, type KubeAction, type Verb } from '../policy/engine';
import { approvalCovers, type PlanRecord } from '../policy/plans';
import type { RequestInfo, ResourceRequest } from './request-info';

export interface Scope {
  config: Config;
  /** What this process or read declared it would do. */
  actions: readonly KubeAction[];
  /** True only after the user approved (the plan token or elicitation). */
  confirmed: boolean;
  /** At execute: the writes of the plan the user approved. */
  approved?: PlanRecord;
}

export type Verdict = { allow: true; action?: KubeAction } | { allow: false; rule: string };

/** Helm keeps a release's records as Secrets named after it, in its namespace. */
const HELM_RECORD = (release: string) => `sh.helm.release.v1.${release}.v`;

type WriteClass = 'modify' | 'delete' | 'exec';

function writeClass(verb: Verb): WriteClass | undefined {
  if (verb === 'create' || verb === 'update' || verb === 'patch') return 'modify';
  if (verb === 'delete' || verb === 'exec') return verb;
  return undefined;
}

/** The request as a policy action: the kind comes from discovery (the resource the path names). */
export function actionOf(info: ResourceRequest, resource: ApiResource | undefined): KubeAction {
  const question = info.verb === 'create' && SELF_REVIEWS.has(`${info.group}/${info.resource}`);
  const verb: Verb = question ? 'get' : info.verb === 'deletecollection' ? 'delete' : info.verb === 'connect' ? 'exec' : info.verb;
  const namespaced = resource ? resource.namespaced : Boolean(info.namespace);
  return {
    verb,
    kind: resource?.kind ?? info.resource,
    group: info.group,
    clusterScoped: !namespaced,
    ...(info.namespace ? { namespace: info.namespace } : {}),
    ...(info.name ? { name: info.name } : {}),
  };
}

function sameObjectKind(declared: KubeAction, req: KubeAction): boolean {
  return declared.kind === req.kind && declared.group === req.group;
}

/**
 * A declared HelmRelease action covers that release's record Secrets (helm's storage), read or written, and
 * reading Secrets in the release's namespace (its templates' `lookup` calls).
 */
function coversHelmRecord(declared: KubeAction, req: KubeAction): boolean {
  if (declared.kind !== 'HelmRelease' || req.kind !== 'Secret' || req.group !== '') return false;
  if (declared.namespace && declared.namespace !== req.namespace) return false;
  if (!isWrite(req)) return true;
  return Boolean(req.name) && (!declared.name || req.name!.startsWith(HELM_RECORD(declared.name)));
}

export function writeCovered(declared: readonly KubeAction[], req: KubeAction): boolean {
  const cls = writeClass(req.verb);
  return declared.some((d) => {
    if (coversHelmRecord(d, req)) return true;
    if (!isWrite(d) || writeClass(d.verb) !== cls || !sameObjectKind(d, req)) return false;
    if (d.clusterScoped !== req.clusterScoped || (d.namespace ?? '') !== (req.namespace ?? '')) return false;
    return !d.name || d.name === req.name;
  });
}

function readCovered(declared: readonly KubeAction[], req: KubeAction): boolean {
  if (req.kind === 'Secret' && req.group === '') {
    // Secrets only when the call said it reads them (or is helm reading its own release records).
    return declared.some(
      (d) =>
        coversHelmRecord(d, req) ||
        (d.kind === 'Secret' && d.group === '' && (!d.namespace || d.namespace === req.namespace) && (!d.name || d.name === req.name)),
    );
  }
  if (req.clusterScoped) return true;
  const anywhere = declared.some((d) => !d.namespace && !d.clusterScoped);
  if (!req.namespace) return anywhere;
  return anywhere || declared.some((d) => d.namespace === req.namespace || (d.kind === 'Namespace' && d.name === req.namespace));
}

function describe(a: KubeAction): string {
  const what = a.name ? `${a.kind} ${a.name}` : a.kind;
  return `${a.verb} ${what}${a.namespace ? ` in namespace ${a.namespace}` : a.clusterScoped ? '' : ' in all namespaces'}`;
}

export function judge(scope: Scope, info: RequestInfo, resource: ApiResource | undefined): Verdict {
  if (info.kind === 'discovery') return { allow: true };
  if (info.kind === 'other')
    return { allow: false, rule: `${info.method} ${info.path.slice(0, 120)} is not a Kubernetes API request Drover makes` };
  if (info.verb === 'connect')
    return { allow: false, rule: `${info.subresource ?? info.method} requests (proxy, port-forward) are never allowed` };
  const action = actionOf(info, resource);
  if (info.verb === 'deletecollection') return { allow: false, rule: `deleting every ${action.kind} at once is never allowed` };
  if (!isWrite(action)) {
    if (!readCovered(scope.actions, action))
      return { allow: false, rule: `outside the call's scope: ${describe(action)} was not declared` };
    return { allow: true, action };
  }
  try {
    checkActions(scope.config, [action]);
  } catch (err) {
    if (err instanceof PolicyDenied) return { allow: false, rule: err.message };
    throw err;
  }
  if (!resource && action.kind !== 'Secret')
    return { allow: false, rule: `refused: ${describe(action)}: the cluster does not serve ${info.resource}` };
  if (!info.name && action.verb !== 'create') return { allow: false, rule: `refused: ${describe(action)} names no object` };
  if (!writeCovered(scope.actions, action)) return { allow: false, rule: `outside the call's scope: ${describe(action)} was not declared` };
  if (info.dryRun) return { allow: true, action };
  if (!scope.confirmed) return { allow: false, rule: `refused: ${describe(action)} is a change the user has not approved` };
  if (scope.approved && !approvalCovers(scope.approved, action)) {
    return { allow: false, rule: `refused: ${describe(action)} is not part of the plan the user approved` };
  }
  return { allow: true, action };
}

/** Steve's collection or object paths: /v1/<type>[/<namespace>[/<name>]], with a query; no segment is . or .. */
const STEVE_PATH = /^\/v1\/([a-z0-9][a-z0-9.-]*)(\/[a-z0-9][a-z0-9.-]*){0,2}(\?[^#]*)?$/;

/** A read of Rancher's own API (Steve, as the Rancher user): declared reads only, never Secrets, and the policy engine's word. */
export function judgeRancherRead(scope: Scope & { identity: Identity }, path: string): Verdict {
  if (scope.identity.mode !== 'rancher') return { allow: false, rule: "Rancher's API is asked only in Rancher identity mode" };
  const type = STEVE_PATH.exec(path)?.[1];
  if (!type) return { allow: false, rule: `GET ${path.slice(0, 120)} is not a Rancher API read Drover makes` };
  const secrets = type === 'secret' || type === 'secrets' || scope.actions.some((a) => a.kind === 'Secret' && a.group === '');
  if (secrets) return { allow: false, rule: "Secrets are never read through Rancher's API" };
  if (scope.actions.length === 0 || scope.actions.some(isWrite))
    return { allow: false, rule: `outside the call's scope: GET ${path.slice(0, 120)} must declare read actions only` };
  try {
    checkActions(scope.config, scope.actions);
  } catch (err) {
    if (err instanceof PolicyDenied) return { allow: false, rule: err.message };
    throw err;
  }
  return { allow: true };
}
