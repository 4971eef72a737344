// Where an object lives in Rancher's dashboard: the cluster explorer's detail page of its Steve type
// (`pod`, `apps.deployment`, `networking.k8s.io.ingress`), on the object's own cluster.
import type { ObjectRef } from '@drover/protocol';

/** The dashboard's type name of an object: its API group (none for the core group) and its kind, lower-cased. */
export function steveType(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): string {
  const group = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : '';

  return group ? `${ group }.${ ref.kind.toLowerCase() }` : ref.kind.toLowerCase();
}

/** The route path of the object's detail page; `mode: 'edit'` opens it in Rancher's YAML editor. */
export function resourcePath(ref: ObjectRef, fallbackCluster: string, mode?: 'edit'): string {
  const cluster = encodeURIComponent(ref.cluster ?? fallbackCluster);
  const parts = [steveType(ref), ...(ref.namespace ? [ref.namespace] : []), ref.name].map(encodeURIComponent);

  return `/c/${ cluster }/explorer/${ parts.join('/') }${ mode === 'edit' ? '?mode=edit&as=yaml' : '' }`;
}
