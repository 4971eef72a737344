// Extension entry: wiring only. The header button toggles the chat, docked on the right; the `drover` store module
// is the API other extensions open it with; the panel and everything in it load on first use.
import { importTypes } from '@rancher/auto-import';
import { ActionLocation, IPlugin } from '@shell/core/types';
import { defineAsyncComponent } from 'vue';
import type { Store } from 'vuex';
import { PANEL_COMPONENT, PANEL_SHORTCUT, STORE_NS } from './config/constants';
import { droverStore } from './store/drover';

type AnyStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export default function(plugin: IPlugin): void {
  importTypes(plugin);
  plugin.metadata = require('./package.json');
  plugin.addStore(STORE_NS, () => (store: AnyStore) => store.registerModule(STORE_NS, droverStore()), (store: AnyStore) => store.unregisterModule(STORE_NS));
  plugin.register('component', PANEL_COMPONENT, defineAsyncComponent(() => import(/* webpackChunkName: "drover-panel" */ './components/RancherChat.vue')));
  plugin.addAction(ActionLocation.HEADER, {}, {
    labelKey:   'drover.header.label',
    tooltipKey: 'drover.header.tooltip',
    icon:       'icon-ai',
    shortcut:   PANEL_SHORTCUT,
    invoke(this: { $store: AnyStore }) {
      void this.$store.dispatch(`${ STORE_NS }/toggle`);
    },
  });
}

/** The standalone page's entry (served by the backend at `/`): the same chat, full-page, with its own sign-in. */
export async function mountStandalone(element: HTMLElement): Promise<void> {
  const { mountStandalonePage } = await import(/* webpackChunkName: "drover-standalone" */ './standalone/mount');
  mountStandalonePage(element);
}
