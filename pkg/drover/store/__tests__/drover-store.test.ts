// The panel's store API in a dashboard store with the shell's real window-manager and slide-in modules.
import * as wm from '@shell/store/wm';
import slideInPanel from '@shell/store/slideInPanel';
import { createStore, type Store } from 'vuex';
import { dashboardChat } from '../../chat/dashboard-chat';
import { PANEL_COMPONENT, PANEL_TAB_ID } from '../../config/constants';
import { droverStore } from '../drover';

type AnyStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const i18n = { namespaced: true, getters: { t: () => (key: string) => (key === 'drover.panel.title' ? 'Drover' : key) } };
const root = {
  getters: {
    clusterId: () => 'local', namespaceFilters: () => ['ns://shop'], currentCluster: () => ({ nameDisplay: 'local' })
  }
};

function dashboardStore(withWindowManager: boolean): AnyStore {
  const store = createStore({
    ...root,
    modules: {
      i18n, slideInPanel, ...(withWindowManager ? { wm: { namespaced: true, ...wm } } : {})
    },
  }) as AnyStore;

  store.registerModule('drover', droverStore());

  return store;
}

afterEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});

describe('the drover store', () => {
  let store: AnyStore;

  afterEach(() => dashboardChat(store).disconnect());

  it('docks the chat on the right in the window manager, a third of the window wide the first time', async() => {
    store = dashboardStore(true);
    await store.dispatch('drover/open');
    const tab = store.getters['wm/byId'](PANEL_TAB_ID);

    expect(tab).toMatchObject({
      id: PANEL_TAB_ID, component: PANEL_COMPONENT, extensionId: PANEL_COMPONENT, position: 'right', label: 'Drover', showHeader: true
    });
    expect(store.state.wm.panelWidth.right).toBe(Math.round(window.innerWidth / 3));
    expect(store.state.wm.open.right).toBe(true);
  });

  it('keeps the width the user dragged the panel to', async() => {
    store = dashboardStore(true);
    store.commit('wm/setPanelWidth', { position: 'right', width: 555 });
    await store.dispatch('drover/open');
    expect(store.state.wm.panelWidth.right).toBe(555);
  });

  it('toggles: a second toggle closes the tab, a third opens it again', async() => {
    store = dashboardStore(true);
    await store.dispatch('drover/toggle');
    expect(store.getters['wm/byId'](PANEL_TAB_ID)).toBeDefined();
    await store.dispatch('drover/toggle');
    expect(store.getters['wm/byId'](PANEL_TAB_ID)).toBeUndefined();
    await store.dispatch('drover/toggle');
    expect(store.getters['wm/byId'](PANEL_TAB_ID)).toBeDefined();
  });

  it('falls back to the shell\'s slide-in panel where there is no window manager', async() => {
    store = dashboardStore(false);
    await store.dispatch('drover/open');
    expect(store.getters['slideInPanel/isOpen']).toBe(true);
    expect(store.getters['slideInPanel/componentProps']).toMatchObject({
      title: 'Drover', width: 'default', droverPanel: true
    });
    expect(store.getters['slideInPanel/component']).toBeTruthy();
    await store.dispatch('drover/toggle');
    expect(store.getters['slideInPanel/isOpen']).toBe(false);
  });

  it('opens with a prompt and objects for another extension: one line, the chat filled in', async() => {
    store = dashboardStore(true);
    await store.dispatch('drover/open', {
      prompt:  'Why is this pod failing?',
      context: {
        resources: [{
          kind: 'Pod', name: 'web-1', namespace: 'shop'
        }]
      }
    });
    expect(dashboardChat(store).draft.value).toMatchObject({
      text:      'Why is this pod failing?',
      resources: [{
        kind: 'Pod', name: 'web-1', namespace: 'shop'
      }]
    });
    expect(dashboardChat(store).host.scope.value).toEqual({
      cluster: 'local', clusterLabel: 'local', namespaces: ['shop']
    });
  });

  it('continues a conversation another page started (a detail page\'s diagnosis) when asked with its session', async() => {
    store = dashboardStore(true);
    await store.dispatch('drover/open', { sessionId: 'diag-1', prompt: 'And how do I fix it?' });
    expect(window.sessionStorage.getItem('drover.session')).toBe('diag-1');
    expect(dashboardChat(store).draft.value.text).toBe('And how do I fix it?');
    expect(store.getters['wm/byId'](PANEL_TAB_ID)).toBeDefined();
  });
});
