import { createStore } from 'vuex';
import { forgetBackendService } from '../../utils/backend-url';
import { createRancherHost } from '../rancher';

function dashboard(state: { clusterId: string; filters: string[]; active?: Record<string, true> }) {
  const pushed: string[] = [];
  const store = createStore({
    state:   () => state,
    getters: {
      clusterId:            (s: typeof state) => s.clusterId,
      namespaceFilters:     (s: typeof state) => s.filters,
      activeNamespaceCache: (s: typeof state) => s.active,
      currentCluster:       (s: typeof state) => ({ id: s.clusterId, nameDisplay: s.clusterId === 'c-m-1' ? 'production' : s.clusterId }),
      'i18n/t':             () => (key: string, args?: { name?: string }) => (key === 'drover.known' ? `Hello ${ args?.name }` : undefined),
    },
    mutations: {
      go(s: typeof state, next: Partial<typeof state>) {
        Object.assign(s, next);
      }
    },
    actions: {
      'drover/close': () => {
        pushed.push('closed');
      },
      'drover/open': (_context, request: { prompt: string }) => {
        pushed.push(`opened: ${ request.prompt }`);
      },
    },
  });

  Object.assign(store, { $router: { push: (path: string) => pushed.push(path), resolve: (path: string) => ({ href: `/dashboard${ path }` }) } });

  return { store, pushed };
}

describe('the Rancher host', () => {
  it('follows the page: the route\'s cluster and the namespaces the filter names (projects name none)', () => {
    const { store } = dashboard({ clusterId: 'c-m-1', filters: ['ns://shop'] });
    const host = createRancherHost(store);

    expect(host.scope.value).toEqual({
      cluster: 'c-m-1', clusterLabel: 'production', namespaces: ['shop']
    });
    store.commit('go', { clusterId: 'local', filters: ['project://p-1', 'ns://a', 'ns://b'] });
    expect(host.scope.value).toEqual({
      cluster: 'local', clusterLabel: 'local', namespaces: ['a', 'b']
    });
  });

  it('knows the namespaces the dashboard shows in its cluster, and whether the filter picked them by name or project', () => {
    const { store } = dashboard({
      clusterId: 'c-m-1', filters: ['all://user'], active: { web: true, api: true }
    });
    const host = createRancherHost(store);

    expect(host.dashboardNamespaces?.('c-m-1')).toEqual({ names: ['api', 'web'], isFiltered: false });
    expect(host.dashboardNamespaces?.('c-m-2')).toBeUndefined();
    store.commit('go', { filters: ['project://p-1'], active: { shop: true } });
    expect(host.dashboardNamespaces?.('c-m-1')).toEqual({ names: ['shop'], isFiltered: true });
    store.commit('go', { filters: ['ns://a'], active: undefined });
    expect(host.dashboardNamespaces?.('c-m-1')).toEqual({ names: [], isFiltered: true });
  });

  it('translates with Rancher\'s i18n store, falling back to the key', () => {
    const host = createRancherHost(dashboard({ clusterId: 'local', filters: [] }).store);

    expect(host.t('drover.known', { name: 'ops' })).toBe('Hello ops');
    expect(host.t('drover.unknown')).toBe('drover.unknown');
  });

  it('links objects to their pages through the dashboard\'s router, and its editor for YAML', () => {
    const { store, pushed } = dashboard({ clusterId: 'c-m-1', filters: [] });
    const host = createRancherHost(store);
    const link = host.resourceLink({
      apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web'
    });

    expect(link?.href).toBe('/dashboard/c/c-m-1/explorer/apps.deployment/shop/web');
    link?.follow?.();
    expect(pushed).toEqual(['/c/c-m-1/explorer/apps.deployment/shop/web']);
    expect(host.editLink({
      cluster: 'local', kind: 'ConfigMap', namespace: 'shop', name: 'cfg'
    })?.href).toBe('/dashboard/c/local/explorer/configmap/shop/cfg?mode=edit&as=yaml');
  });

  describe('reaching the backend through Rancher\'s service proxy on the page\'s own origin', () => {
    const realFetch = global.fetch;
    let asked: string[];

    function rancherAnswers(index: unknown, status = 200): void {
      asked = [];
      global.fetch = (async(url: string) => {
        asked.push(url);

        return new Response(JSON.stringify(index), { status });
      }) as unknown as typeof fetch;
    }

    beforeEach(() => forgetBackendService());
    afterEach(() => {
      global.fetch = realFetch;
    });

    it('at the Service the chart\'s UIPlugin names, found once in Rancher\'s UI extension index', async() => {
      rancherAnswers({
        entries: {
          drover: {
            name: 'drover', version: '0.1.0', endpoint: 'http://drover-backend.drover.svc:9000/extension'
          }
        }
      });
      const host = createRancherHost(dashboard({ clusterId: 'local', filters: [] }).store);

      expect(host.isRoleGated).toBe(true);
      expect(await host.backendUrl('api/sessions')).toBe('/api/v1/namespaces/drover/services/http:drover-backend:9000/proxy/api/sessions');
      expect(await host.socketUrl()).toBe('ws://localhost/api/v1/namespaces/drover/services/http:drover-backend:9000/proxy/ws');
      expect(asked).toEqual(['/v1/uiplugins']);
    });

    it('at the chart\'s default Service when Rancher lists no Drover (a developer-loaded extension, the test page)', async() => {
      rancherAnswers({ message: 'not found' }, 404);
      const host = createRancherHost(dashboard({ clusterId: 'local', filters: [] }).store);

      expect(await host.backendUrl('api/sessions')).toBe('/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/api/sessions');
      expect(await host.socketUrl()).toBe('ws://localhost/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/ws');
    });
  });

  it('closes through the store', () => {
    const { store, pushed } = dashboard({ clusterId: 'local', filters: [] });

    createRancherHost(store).close?.();
    expect(pushed).toEqual(['closed']);
  });

  it('opens a request in the docked panel through the store (what a detail page\'s tab or card asks)', () => {
    const { store, pushed } = dashboard({ clusterId: 'local', filters: [] });

    createRancherHost(store).open?.({ prompt: 'Why?' });
    expect(pushed).toEqual(['opened: Why?']);
  });
});
