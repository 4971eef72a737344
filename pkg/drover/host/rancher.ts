// The host inside Rancher's dashboard: its i18n store, the page's cluster and namespace filter, its router for
// object pages, and the backend through the Kubernetes service proxy (same origin, the user's Rancher session), at
// the Service Rancher's UI extension index names (utils/backend-url.ts), found before the first request.
import type { ObjectRef } from '@drover/protocol';
import { computed } from 'vue';
import type { Store } from 'vuex';
import { STORE_NS } from '../config/constants';
import { backendPath, backendSocketUrl, resolveBackendService } from '../utils/backend-url';
import { resourcePath } from '../utils/resource-url';
import type { DroverHost, HostLink, PageScope } from './types';

/** The namespace filter's entries that name one namespace (`ns://shop`); projects and "all" choose none. */
const NAMESPACE_FILTER = /^ns:\/\/(.+)$/;

interface RouterLike {
  push(path: string): unknown;
  resolve?(path: string): { href: string };
}

export function createRancherHost(store: Store<any>): DroverHost { // eslint-disable-line @typescript-eslint/no-explicit-any
  const getters = store.getters;
  const router = (): RouterLike | undefined => (store as unknown as { $router?: RouterLike }).$router;
  const scope = computed<PageScope>(() => ({
    cluster:      getters.clusterId || undefined,
    clusterLabel: getters.currentCluster?.nameDisplay,
    namespaces:   ((getters.namespaceFilters ?? []) as string[]).flatMap((f) => NAMESPACE_FILTER.exec(f)?.[1] ?? []),
  }));
  const link = (path: string): HostLink => ({
    href:   router()?.resolve?.(path).href ?? path,
    follow: () => {
      router()?.push(path);
    }
  });

  return {
    kind:         'rancher',
    isRoleGated:  true,
    t:            (key, args) => getters['i18n/t'](key, args) ?? key,
    backendUrl:   async(path) => backendPath(path, await resolveBackendService()),
    socketUrl:    async() => backendSocketUrl(window.location, 'ws', await resolveBackendService()),
    scope,
    resourceLink: (ref: ObjectRef) => link(resourcePath(ref, scope.value.cluster ?? 'local')),
    editLink:     (ref: ObjectRef) => link(resourcePath(ref, scope.value.cluster ?? 'local', 'edit')),
    close:        () => {
      store.dispatch(`${ STORE_NS }/close`);
    },
    open: (request) => {
      store.dispatch(`${ STORE_NS }/open`, request);
    },
  };
}
