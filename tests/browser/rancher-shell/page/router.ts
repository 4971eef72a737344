// A stand-in for the dashboard's vue-router that records navigation instead of performing it: the page stays on
// the cluster explorer, and tests read where the extension tried to go. Rancher serves the dashboard under
// /dashboard/, so resolved links carry that base as they would there.
import { shallowRef, type ShallowRef } from 'vue';
import type { HarnessRouteLocation } from '../contract';

const BASE = '/dashboard';

export interface RouteLike {
  name: string;
  path: string;
  fullPath: string;
  params: Record<string, string>;
  query: Record<string, string>;
  hash: string;
  meta: Record<string, unknown>;
  matched: unknown[];
}

export interface RouterRecorder {
  currentRoute: ShallowRef<RouteLike>;
  pushes: (string | HarnessRouteLocation)[];
  push(to: string | HarnessRouteLocation): Promise<void>;
  /** Recorded with the pushes: either way the extension asked to go there. */
  replace(to: string | HarnessRouteLocation): Promise<void>;
  resolve(to: string | HarnessRouteLocation): RouteLike & { href: string };
  /** Points the current route at another cluster (the page the test pretends to be on). */
  setCluster(clusterId: string): void;
}

function explorerRoute(clusterId: string): RouteLike {
  const path = `/c/${ clusterId }/explorer`;
  return {
    name: 'c-cluster-product', path, fullPath: path, params: { cluster: clusterId, product: 'explorer' },
    query: {}, hash: '', meta: {}, matched: [],
  };
}

function locationPath(to: string | HarnessRouteLocation): string {
  if (typeof to === 'string') return to;
  return to.path ?? `/${ to.name ?? '' }`;
}

export function createRouterRecorder(clusterId: string): RouterRecorder {
  const currentRoute = shallowRef(explorerRoute(clusterId));
  const pushes: RouterRecorder['pushes'] = [];
  const record = (to: string | HarnessRouteLocation) => {
    pushes.push(typeof to === 'string' ? to : JSON.parse(JSON.stringify(to)));
    return Promise.resolve();
  };
  return {
    currentRoute,
    pushes,
    push: record,
    replace: record,
    resolve(to) {
      const path = locationPath(to);
      return { ...currentRoute.value, name: typeof to === 'string' ? '' : to.name ?? '', path, fullPath: path, href: `${ BASE }${ path }` };
    },
    setCluster(id) { currentRoute.value = explorerRoute(id); },
  };
}

/** What Rancher ≥ 2.15 puts on window.__vueRouter: the vue-router module, whose useRouter()/useRoute() extensions call. */
export function vueRouterModule(router: RouterRecorder) {
  return {
    useRouter: () => router,
    useRoute: () => router.currentRoute.value,
  };
}
