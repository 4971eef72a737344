// Rancher's extension manager, as far as an extension can see it (node_modules/@rancher/shell/core/
// extension-manager-impl.js and core/plugin.ts): a <script id="<name>-<version>"> tag, then
// window[id].default(plugin, { app, store, $axios, redirect, plugins }); the plugin object collects registrations,
// which are applied afterwards (types, UI config, l10n, stores), as applyPlugin() does. Every call is also recorded
// as plain data for the tests.
import { defineAsyncComponent, markRaw, type App, type Component } from 'vue';
import type { Store } from 'vuex';
import { ExtensionPoint } from '@shell/core/types';
import type { HarnessRegistrations, RecordedUiConfig } from '../contract';

type AnyStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Loader = (...args: unknown[]) => unknown;
type UiConfigEntry = Record<string, unknown> & { locationConfig: unknown };

/** The slice of the shell's extension manager that shell code and extensions call (`this.$extension`). */
export interface ExtensionManager {
  register(type: string, name: string, fn: unknown): void;
  getDynamic(type: string, name: string): unknown;
  listDynamic(type: string): string[];
  getUIConfig(type: string, where: string): UiConfigEntry[];
  getAllUIConfig(): Record<string, Record<string, UiConfigEntry[]>>;
  getPlugins(): Record<string, unknown>;
  getValidator(name: string): unknown;
  readonly lastLoad: number;
}

export function createExtensionManager(): ExtensionManager {
  const dynamic: Record<string, Record<string, unknown>> = {};
  const uiConfig: Record<string, Record<string, UiConfigEntry[]>> = {};
  const plugins: Record<string, unknown> = {};
  let lastLoad = 0;
  for (const point of Object.values(ExtensionPoint)) uiConfig[point] = {};

  return {
    register(type, name, fn) {
      dynamic[type] ??= {};
      // l10n loaders accumulate; everything else replaces.
      if (type === 'l10n') ((dynamic[type][name] ??= []) as unknown[]).push(fn);
      else dynamic[type][name] = fn;
      lastLoad = Date.now();
    },
    getDynamic: (type, name) => dynamic[type]?.[name],
    listDynamic: (type) => Object.keys(dynamic[type] ?? {}),
    getUIConfig: (type, where) => uiConfig[type]?.[where] ?? [],
    getAllUIConfig: () => uiConfig,
    getPlugins: () => plugins,
    getValidator: () => undefined,
    get lastLoad() { return lastLoad; },
  };
}

export function emptyRegistrations(): HarnessRegistrations {
  return {
    metadata: undefined, register: [], actions: [], panels: [], tabs: [], cards: [], tableColumns: [], tableHooks: [],
    stores: [], routes: [], locales: [], products: [], navHooks: 0, uninstallHooks: 0,
  };
}

/** The plain-data part of an action, tab, panel…: strings, numbers, booleans and plain objects of them. */
function plainFields(config: object): Record<string, unknown> {
  const plain = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value)
    || (Array.isArray(value) && value.every(plain))
    || (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(plain));
  return Object.fromEntries(Object.entries(config).filter(([, value]) => plain(value)));
}

export interface ExtensionContext {
  app: App;
  store: AnyStore;
  manager: ExtensionManager;
  registrations: HarnessRegistrations;
  redirect: (location: unknown) => void;
}

interface StoreRegistration { register: () => (store: AnyStore) => void; unregister: (store: AnyStore) => void }

/** The `plugin` argument of an extension's default export (core/plugin.ts's Plugin, recording every call). */
function createPlugin(id: string, ctx: ExtensionContext) {
  const { registrations } = ctx;
  const types: Record<string, Record<string, unknown>> = {};
  const l10n: Record<string, unknown[]> = {};
  const ui: { type: string; where: string; entry: UiConfigEntry }[] = [];
  const stores: StoreRegistration[] = [];
  let metadata: Record<string, unknown> = {};

  const addUiConfig = (type: string, list: RecordedUiConfig[], where: string, when: unknown, config: Record<string, unknown>) => {
    // As the shell does, `when` may be a resource name.
    const locationConfig = typeof when === 'string' ? { resource: when } : when;
    ui.push({ type, where, entry: { ...config, locationConfig } });
    list.push({ where, when: locationConfig, fields: plainFields(config) });
  };
  // Tabs, panels and cards load their component lazily, wrapped as the shell wraps them.
  const asyncComponent = (config: Record<string, unknown>) => (config.component
    ? { ...config, component: markRaw(defineAsyncComponent(config.component as () => Promise<Component>)) }
    : config);

  const plugin = {
    id,
    name: id,
    get metadata() { return metadata; },
    set metadata(value: Record<string, unknown>) {
      metadata = value;
      registrations.metadata = JSON.parse(JSON.stringify(value));
    },
    validators: {} as Record<string, Loader>,
    environment: { version: '2.15.0', commit: 'drover-harness', isPrime: false, docsVersion: 'v2.15' },

    register(type: string, name: string, fn: unknown) {
      registrations.register.push({ type, name });
      // As core/plugin.ts: "name/index" registers as "name"; other files in a sub-folder are ignored.
      const parts = name.split('/');
      if (parts.length === 2 && !['models', 'image'].includes(type)) {
        if (parts[1] !== 'index') return;
        name = parts[0];
      }
      if (type === 'l10n') (l10n[name] ??= []).push(fn);
      else (types[type] ??= {})[name] = fn;
    },
    addL10n(locale: string, fn: Loader) { plugin.register('l10n', locale, fn); },
    addLocale(locale: string, label: string) { registrations.locales.push({ locale, label }); },
    addAction(where: string, when: unknown, action: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.ACTION, registrations.actions, where, when, action);
    },
    addTab(where: string, when: unknown, tab: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.TAB, registrations.tabs, where, when, asyncComponent(tab));
    },
    addPanel(where: string, when: unknown, panel: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.PANEL, registrations.panels, where, when, asyncComponent(panel));
    },
    addCard(where: string, when: unknown, card: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.CARD, registrations.cards, where, when, asyncComponent(card));
    },
    addTableColumn(where: string, when: unknown, column: Record<string, unknown>, paginationColumn?: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.TABLE_COL, registrations.tableColumns, where, when, { column, paginationColumn });
    },
    addTableHook(where: string, when: unknown, hook: Record<string, unknown>) {
      addUiConfig(ExtensionPoint.TABLE, registrations.tableHooks, where, when, hook);
    },
    addRoute(parentOrRoute: string | Record<string, unknown>, route?: Record<string, unknown>) {
      const parent = typeof parentOrRoute === 'string' ? parentOrRoute : undefined;
      const record = (typeof parentOrRoute === 'string' ? route : parentOrRoute) ?? {};
      registrations.routes.push({ parent, name: record.name as string | undefined, path: record.path as string | undefined });
    },
    addRoutes(routes: Record<string, unknown>[]) {
      for (const r of routes) {
        if ('parent' in r && 'route' in r) plugin.addRoute(r.parent as string, r.route as Record<string, unknown>);
        else plugin.addRoute(r);
      }
    },
    setHomePage(component: unknown) { plugin.addRoute({ name: 'home', path: '/home', component }); },
    addStore(name: string, register: StoreRegistration['register'], unregister: StoreRegistration['unregister']) {
      registrations.stores.push({ name, kind: 'store' });
      stores.push({ register, unregister });
    },
    // A dashboard store needs Rancher's Steve API, which this harness does not fake: recorded, not registered.
    addDashboardStore(name: string) { registrations.stores.push({ name, kind: 'dashboard-store' }); },
    addNavHooks() { registrations.navHooks += 1; },
    addUninstallHook() { registrations.uninstallHooks += 1; },
    addModelExtension(type: string, clz: unknown) { plugin.register('model-extension', type, clz); },
    enableServerSidePagination(config: unknown) { plugin.register('server-side-pagination', id, () => config); },
    addProduct(product: unknown) {
      const name = typeof product === 'string' ? product : (product as { name?: string })?.name ?? '(legacy product function)';
      registrations.products.push({ kind: 'addProduct', name });
    },
    extendProduct(product: string) { registrations.products.push({ kind: 'extendProduct', name: product }); },
  };

  /** applyPlugin() of the extension manager: make the registrations live. */
  const apply = () => {
    for (const [type, byName] of Object.entries(types)) {
      for (const [name, fn] of Object.entries(byName)) ctx.manager.register(type, name, fn);
    }
    for (const { type, where, entry } of ui) (ctx.manager.getAllUIConfig()[type][where] ??= []).push(entry);
    for (const [locale, loaders] of Object.entries(l10n)) for (const fn of loaders) ctx.manager.register('l10n', locale, fn);
    for (const s of stores) s.register()(ctx.store);
  };

  return { plugin, apply };
}

function loadScript(id: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const element = document.createElement('script');
    element.src = url;
    element.type = 'text/javascript';
    element.async = true;
    element.id = id;
    element.dataset.purpose = 'extension';
    element.onload = () => resolve();
    element.onerror = () => reject(new Error(`Failed to load script from '${ url }'`));
    document.head.appendChild(element);
  });
}

/** loadAsync() of the extension manager, then the i18n reload the shell does after an extension arrives. */
export async function loadExtension(id: string, url: string, ctx: ExtensionContext): Promise<void> {
  await loadScript(id, url);
  const entry = (window as unknown as Record<string, { default?: unknown } | undefined>)[id];
  if (typeof entry?.default !== 'function') throw new Error('Could not load plugin code');
  const { plugin, apply } = createPlugin(id, ctx);
  const internal = { app: ctx.app, store: ctx.store, $axios: undefined, redirect: ctx.redirect, plugins: ctx.manager };
  (entry.default as (p: unknown, i: unknown) => void)(plugin, internal);
  ctx.manager.getPlugins()[id] = plugin;
  apply();
  // i18n/switchTo sees the newer lastLoad and merges every registered l10n loader, as after a real install.
  await ctx.store.dispatch('i18n/switchTo', 'en-us');
}
