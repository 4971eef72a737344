// The dashboard's Vuex store, cut down to what an extension's panel touches: the shell's REAL modules `wm` (window
// manager), `i18n` (translations, intl-messageformat) and `slideInPanel`, a `prefs` module with the theme, and the
// root getters Rancher's pages provide (clusterId, currentCluster, namespaceFilters), set by the tests.
import { markRaw } from 'vue';
import { createStore, type Store } from 'vuex';
import * as i18n from '@shell/store/i18n';
import slideInPanel from '@shell/store/slideInPanel';
import * as wm from '@shell/store/wm';
import type { HarnessScope } from '../contract';
import type { ExtensionManager } from './extension-host';
import type { RouterRecorder } from './router';

export interface RootState {
  clusterId: string;
  clusterName: string;
  namespaces: string[];
  $extension: ExtensionManager;
}

export type HarnessStore = Store<RootState> & { $extension: ExtensionManager; $router: RouterRecorder };

const prefs = {
  namespaced: true,
  state: () => ({ data: {} as Record<string, unknown> }),
  getters: {
    get: (state: { data: Record<string, unknown> }) => (key: string) => state.data[key],
    theme: (state: { data: Record<string, unknown> }) => state.data.theme,
  },
  mutations: {
    set(state: { data: Record<string, unknown> }, { key, value }: { key: string; value: unknown }) {
      state.data = { ...state.data, [key]: value };
    },
  },
  actions: {
    set({ commit }: { commit: (type: string, payload: unknown) => void }, payload: { key: string; value: unknown }) {
      commit('set', payload);
    },
  },
};

export function createHarnessStore(opts: { theme: 'light' | 'dark'; manager: ExtensionManager; router: RouterRecorder }): HarnessStore {
  const store = createStore<RootState>({
    state: () => ({ clusterId: 'local', clusterName: 'local', namespaces: [], $extension: markRaw(opts.manager) }),
    getters: {
      clusterId: (state) => state.clusterId,
      currentCluster: (state) => ({ id: state.clusterId, nameDisplay: state.clusterName }),
      // The namespace filter as the shell keeps it: one `ns://<name>` entry per chosen namespace.
      namespaceFilters: (state) => state.namespaces.map((ns) => `ns://${ ns }`),
      currentProduct: () => ({ name: 'explorer' }),
    },
    mutations: {
      setScope(state, scope: HarnessScope) {
        if (scope.clusterId !== undefined) {
          state.clusterId = scope.clusterId;
          state.clusterName = scope.clusterName ?? scope.clusterId;
        }
        if (scope.namespaces !== undefined) state.namespaces = [...scope.namespaces];
      },
    },
    modules: {
      i18n: { namespaced: true, ...i18n },
      wm: { namespaced: true, ...wm },
      slideInPanel,
      prefs,
    },
  }) as HarnessStore;
  store.$extension = opts.manager;
  store.$router = opts.router;
  store.commit('prefs/set', { key: 'theme', value: opts.theme });
  return store;
}
