// Where an object lives in Rancher's dashboard: the cluster explorer's detail page of its Steve type
// (`pod`, `apps.deployment`, `networking.k8s.io.ingress`), on the object's own cluster; a Helm release is an
// installed App (`catalog.cattle.io.app`) in the Apps product.
import type { ObjectRef } from '@drover/protocol';
import { HELM_APP_TYPE, HELM_RELEASE_KIND } from '../config/constants';

/**
 * API groups of common kinds, for references that name a kind without its apiVersion (an event's object, say):
 * without the group the dashboard would look for a core type of that name and find no page.
 */
const GROUP_OF_KIND: Record<string, string> = {
  deployment:               'apps',
  statefulset:              'apps',
  daemonset:                'apps',
  replicaset:               'apps',
  job:                      'batch',
  cronjob:                  'batch',
  ingress:                  'networking.k8s.io',
  ingressclass:             'networking.k8s.io',
  networkpolicy:            'networking.k8s.io',
  horizontalpodautoscaler:  'autoscaling',
  poddisruptionbudget:      'policy',
  storageclass:             'storage.k8s.io',
  priorityclass:            'scheduling.k8s.io',
  role:                     'rbac.authorization.k8s.io',
  rolebinding:              'rbac.authorization.k8s.io',
  clusterrole:              'rbac.authorization.k8s.io',
  clusterrolebinding:       'rbac.authorization.k8s.io',
  customresourcedefinition: 'apiextensions.k8s.io',
};

/** The dashboard's type name of an object: its API group (none for the core group) and its kind, lower-cased. */
export function steveType(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): string {
  const kind = ref.kind.toLowerCase();

  if (ref.kind === HELM_RELEASE_KIND) return HELM_APP_TYPE;
  const group = ref.apiVersion === undefined ? GROUP_OF_KIND[kind] : ref.apiVersion.includes('/') && ref.apiVersion.split('/')[0];

  return group ? `${ group }.${ kind }` : kind;
}

/** The route path of the object's detail page; `mode: 'edit'` opens it in Rancher's YAML editor. */
export function resourcePath(ref: ObjectRef, fallbackCluster: string, mode?: 'edit'): string {
  const cluster = encodeURIComponent(ref.cluster ?? fallbackCluster);
  const product = ref.kind === HELM_RELEASE_KIND ? 'apps' : 'explorer';
  const parts = [steveType(ref), ...(ref.namespace ? [ref.namespace] : []), ref.name].map(encodeURIComponent);

  return `/c/${ cluster }/${ product }/${ parts.join('/') }${ mode === 'edit' ? '?mode=edit&as=yaml' : '' }`;
}
