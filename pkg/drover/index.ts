// Extension entry: wiring only. The header button toggles the chat, docked on the right; the `drover` store module
// is the API other extensions open it with; the dashboard's pages get row actions, a detail tab, a cluster card and
// "Ask Drover" beside failing badges (dashboard/); the panel and everything in it load on first use.
import { importTypes } from '@rancher/auto-import';
import { ActionLocation, IPlugin } from '@shell/core/types';
import { defineAsyncComponent } from 'vue';
import type { Store } from 'vuex';
import { PANEL_COMPONENT, PANEL_SHORTCUT, STORE_NS } from './config/constants';
import { watchFailingBadges } from './dashboard/badge-hooks';
import { registerDashboard } from './dashboard/register';
import { droverStore } from './store/drover';

type AnyStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export default function(plugin: IPlugin): void {
  importTypes(plugin);
  plugin.metadata = require('./package.json');
  let stopBadges: () => void = () => undefined;

  plugin.addStore(STORE_NS, () => (store: AnyStore) => {
    store.registerModule(STORE_NS, droverStore());
    stopBadges = watchFailingBadges(store);
  }, (store: AnyStore) => {
    stopBadges();
    store.unregisterModule(STORE_NS);
  });
  // The window manager mounts what is registered as the component itself (`$extension.getDynamic`), though the
  // signature says Function: an async component, so the panel's code loads on first open.
  const panel = defineAsyncComponent(() => import(/* webpackChunkName: "drover-panel" */ './components/RancherChat.vue'));

  plugin.register('component', PANEL_COMPONENT, panel as unknown as Function); // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  plugin.addAction(ActionLocation.HEADER, {}, {
    labelKey:   'drover.header.label',
    tooltipKey: 'drover.header.tooltip',
    icon:       'icon-ai',
    shortcut:   PANEL_SHORTCUT,
    invoke(this: { $store: AnyStore }) {
      this.$store.dispatch(`${ STORE_NS }/toggle`);
    },
  });
  registerDashboard(plugin);
}

/** The standalone page's entry (served by the backend at `/`): the same chat, full-page, with its own sign-in. */
export async function mountStandalone(element: HTMLElement): Promise<void> {
  const { mountStandalonePage } = await import(/* webpackChunkName: "drover-standalone" */ './standalone/mount');

  mountStandalonePage(element);
}
