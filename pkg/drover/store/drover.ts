// The panel's public API in the dashboard, for the header button and for other extensions (README.md next to
// index.ts documents it):
//   store.dispatch('drover/open', { prompt, context: { resources, attachments }, autoSubmit, sessionId })
//   store.dispatch('drover/close') · store.dispatch('drover/toggle')
// It docks the chat on the right with Rancher's window manager where the shell has one (Rancher 2.13+), else in
// the shell's slide-in panel. The chat itself is loaded on first use.
import type { Module, Store } from 'vuex';
import type { OpenRequest } from '../chat/controller';
import { PANEL_COMPONENT, PANEL_TAB_ID, PANEL_WIDTH_SHARE } from '../config/constants';

type RootStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RIGHT = 'right';
const hasWindowManager = (store: RootStore) => store.hasModule('wm');
const loadPanel = () => import(/* webpackChunkName: "drover-panel" */ '../components/RancherChat.vue').then((m) => m.default);
const loadChat = () => import(/* webpackChunkName: "drover-panel" */ '../chat/dashboard-chat').then((m) => m.dashboardChat);

function isOpen(store: RootStore): boolean {
  if (hasWindowManager(store)) return !!store.getters['wm/byId'](PANEL_TAB_ID);

  return !!store.getters['slideInPanel/isOpen'] && store.getters['slideInPanel/componentProps']?.droverPanel === true;
}

async function showPanel(store: RootStore): Promise<void> {
  if (hasWindowManager(store)) {
    // A third of the window the first time; after that, whatever width the user dragged it to.
    if (!store.state.wm.panelWidth?.[RIGHT]) store.commit('wm/setPanelWidth', { position: RIGHT, width: Math.round(window.innerWidth * PANEL_WIDTH_SHARE) });
    await store.dispatch('wm/open', {
      id:          PANEL_TAB_ID,
      extensionId: PANEL_COMPONENT,
      component:   PANEL_COMPONENT,
      label:       store.getters['i18n/t']('drover.panel.title'),
      icon:        'ai',
      position:    RIGHT,
      layouts:     ['default', 'home', 'plain'],
      showHeader:  true,
    });

    return;
  }
  store.commit('slideInPanel/open', {
    component:      await loadPanel(),
    componentProps: {
      title: store.getters['i18n/t']('drover.panel.title'), width: 'default', droverPanel: true
    }
  });
}

export function droverStore(): Module<Record<string, never>, unknown> {
  return {
    namespaced: true,
    state:      () => ({}),
    actions:    {
      async open(this: RootStore, _context, request?: OpenRequest) {
        (await loadChat())(this).open(request);
        if (!isOpen(this)) await showPanel(this);
      },
      close(this: RootStore) {
        if (hasWindowManager(this)) this.commit('wm/closeTab', { id: PANEL_TAB_ID });
        else if (isOpen(this)) this.commit('slideInPanel/close');
      },
      async toggle(this: RootStore) {
        await this.dispatch(isOpen(this) ? 'drover/close' : 'drover/open');
      },
    },
  };
}
