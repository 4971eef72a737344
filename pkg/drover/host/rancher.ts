// The host inside Rancher's dashboard: its i18n store, the page's cluster and namespace filter, its router for
// object pages, and the backend through the Kubernetes service proxy (same origin, the user's Rancher session), at
// the Service Rancher's UI extension index names (utils/backend-url.ts), found before the first request.
import type { ObjectRef } from '@drover/protocol';
import { computed } from 'vue';
import type { Store } from 'vuex';
import { STORE_NS } from '../config/constants';
import { backendPath, backendSocketUrl, resolveBackendService } from '../utils/backend-url';
import { resourcePath } from '../utils/resource-url';
import type { DashboardNamespaces, DroverHost, HostLink, PageScope } from './types';

/** The namespace filter's entries that name one namespace (`ns://shop`); projects and "all" choose none. */
const NAMESPACE_FILTER = /^ns:\/\/(.+)$/;
/** Entries that pick namespaces by name or by project (the others are categories: all, user, system…). */
const PICKS_NAMESPACES = /^(ns|project):\/\//;

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
  // The shell keeps the namespaces its filter selects (all those the user may list when it picks none) as `{ name: true }`.
  const dashboardNamespaces = (cluster: string): DashboardNamespaces | undefined => {
    if (cluster !== getters.clusterId) return undefined;

    return {
      names:      Object.keys(getters.activeNamespaceCache ?? {}).sort(),
      isFiltered: ((getters.namespaceFilters ?? []) as string[]).some((f) => PICKS_NAMESPACES.test(f)),
    };
  };
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
    dashboardNamespaces,
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
