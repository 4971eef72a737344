// What the harness page exposes on `window.__harness`, shared by the page (page/) and the tests that drive it.
// Registrations are plain data (functions and components left out), so `page.evaluate` can return them.

/** One `add*` call, with the fields that say where and what (labels, icons, shortcuts), no functions. */
export interface RecordedUiConfig {
  where: string;
  when: unknown;
  fields: Record<string, unknown>;
}

export interface HarnessRegistrations {
  /** `plugin.metadata` as the extension set it (its package.json). */
  metadata: Record<string, unknown> | undefined;
  /** Every `register(type, name, fn)` call, `addL10n` included. */
  register: { type: string; name: string }[];
  actions: RecordedUiConfig[];
  panels: RecordedUiConfig[];
  tabs: RecordedUiConfig[];
  cards: RecordedUiConfig[];
  tableColumns: RecordedUiConfig[];
  tableHooks: RecordedUiConfig[];
  /** Store names passed to `addStore` / `addDashboardStore`. */
  stores: { name: string; kind: 'store' | 'dashboard-store' }[];
  routes: { parent?: string; name?: string; path?: string }[];
  locales: { locale: string; label: string }[];
  products: { kind: 'addProduct' | 'extendProduct'; name: string }[];
  navHooks: number;
  uninstallHooks: number;
}

export interface HarnessScope {
  clusterId?: string;
  clusterName?: string;
  /** Namespace names; the namespace filter holds them as `ns://<name>`. */
  namespaces?: string[];
}

export interface HarnessRouteLocation {
  name?: string;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  hash?: string;
}

export interface HarnessApi {
  /** True once the bundle's default export ran and its registrations were applied. */
  ready: boolean;
  /** Why loading the extension failed, when it did. */
  loadError?: string;
  extensionId: string;
  registrations: HarnessRegistrations;
  /** Every `push()` on the router (`store.$router`, `$router` and `window.__vueRouter.useRouter()`). */
  routerPushes: (string | HarnessRouteLocation)[];
  setScope(scope: HarnessScope): void;
  /** Names of the Vuex store's registered modules (`wm`, `i18n`, the extension's own, …). */
  storeModules(): string[];
}

/** The page's `globalThis`, typed: `page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.ready)`. */
export interface HarnessGlobal {
  __harness: HarnessApi;
}

/** Written into the page by the server before any script runs. */
export interface HarnessPageConfig {
  /** `<name>-<version>` of the extension, as Rancher's extension manager names its script and global. */
  extensionId: string;
  /** URL of the bundle's main script. */
  bundleUrl: string;
  /** Rancher session token, set as the R_SESS cookie before the bundle loads. */
  token: string;
}
