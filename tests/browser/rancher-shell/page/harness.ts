// Entry of the harness page (bundled by ../build.ts into one IIFE; Vue is the page's window.Vue, as in Rancher).
// Boot order follows the dashboard: store and app first, then the extension loads (script tag, default export,
// registrations applied, translations merged), then the app mounts, so the header sees the extension's actions.
import '@shell/assets/styles/app.scss';
import './harness.css';
import { createApp } from 'vue';
import { SlideInApiImpl } from '@shell/apis/shell/slide-in';
import i18n from '@shell/plugins/i18n';
import ShortKey from '@shell/plugins/shortkey';
import type { HarnessApi, HarnessPageConfig, HarnessScope } from '../contract';
import { createExtensionManager, emptyRegistrations, loadExtension } from './extension-host';
import { HarnessApp } from './layout';
import { createRouterRecorder, vueRouterModule } from './router';
import { createHarnessStore } from './store';

declare global {
  interface Window {
    __harnessConfig: HarnessPageConfig;
    __harness: HarnessApi;
    __vueRouter: unknown;
  }
}

async function boot(): Promise<void> {
  const config = window.__harnessConfig;
  const theme = new URLSearchParams(window.location.search).get('theme') === 'dark' ? 'dark' : 'light';
  // What the shell's brand mixin puts on <body>.
  document.body.className = `theme-${ theme } overflow-hidden dashboard-body`;
  // Rancher's session cookie: the backend, behind Rancher's service proxy, accepts it as the user's token.
  document.cookie = `R_SESS=${ encodeURIComponent(config.token) }; path=/; SameSite=Lax`;

  const router = createRouterRecorder('local');
  window.__vueRouter = vueRouterModule(router);
  const manager = createExtensionManager();
  const store = createHarnessStore({ theme, manager, router });
  const registrations = emptyRegistrations();

  const harness: HarnessApi = {
    ready: false,
    extensionId: config.extensionId,
    registrations,
    routerPushes: router.pushes,
    setScope(scope: HarnessScope) {
      store.commit('setScope', scope);
      if (scope.clusterId) router.setCluster(scope.clusterId);
    },
    storeModules: () => Object.keys((store as unknown as { _modules: { root: { _children: object } } })._modules.root._children),
  };
  window.__harness = harness;

  const app = createApp(HarnessApp);
  app.use(store);
  app.use(i18n);
  app.use(ShortKey, { prevent: ['input', 'textarea', 'select'], preventContainer: ['#modal-container-element'] });
  const shell = { slideIn: new SlideInApiImpl(store) };
  Object.assign(app.config.globalProperties, { $extension: manager, $shell: shell, $router: router });
  Object.defineProperty(app.config.globalProperties, '$route', { get: () => router.currentRoute.value });
  app.provide('$extension', manager);
  app.provide('$shell', shell);

  await store.dispatch('i18n/init');
  try {
    await loadExtension(config.extensionId, config.bundleUrl, { app, store, manager, registrations, redirect: (to) => { void router.push(to as string); } });
  } finally {
    app.mount('#app');
  }
  harness.ready = true;
}

boot().catch((err: Error) => {
  // Tests wait for ready or loadError; the error also reaches them as a page error.
  if (window.__harness) window.__harness.loadError = err.message;
  throw err;
});
