// The built UMD bundle, loaded the way Rancher's extension manager loads it: evaluated as a page script with Vue as
// the global `Vue`, then `window['<name>-<version>'].default(plugin, internal)`; every registration is checked.
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import * as Vue from 'vue';
import { createStore } from 'vuex';

const { name, version } = require('../package.json');
const BUNDLE_DIR = join(__dirname, '..', '..', '..', 'dist-pkg', `${ name }-${ version }`);
const BUNDLE = join(BUNDLE_DIR, `${ name }-${ version }.umd.min.js`);
/** The budget for what every dashboard page loads: the rest comes in chunks on first use. */
const MAIN_BUNDLE_LIMIT_BYTES = 50 * 1024;

interface Registered {
  actions: { where: string; when: unknown; action: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  tabs: { where: string; when: { resource?: string[] }; tab: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  cards: { where: string; when: unknown; card: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  components: Record<string, unknown>;
  l10n: Record<string, unknown>;
  stores: { name: string; register: () => (store: unknown) => void; unregister: (store: unknown) => void }[];
}

/** What the bundle exports: the test calls into it, whatever the types. */
type BundleExports = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function loadBundle(): { exports: BundleExports; registered: Registered; plugin: Record<string, unknown> } {
  const registered: Registered = {
    actions: [], tabs: [], cards: [], components: {}, l10n: {}, stores: []
  };
  const plugin: Record<string, unknown> = {
    register: (type: string, id: string, value: unknown) => {
      if (type === 'component') registered.components[id] = value;
      if (type === 'l10n') registered.l10n[id] = value;
    },
    addAction: (where: string, when: unknown, action: Record<string, unknown>) => registered.actions.push({
      where, when, action
    }),
    addTab: (where: string, when: { resource?: string[] }, tab: Record<string, unknown>) => registered.tabs.push({
      where, when, tab
    }),
    addCard: (where: string, when: unknown, card: Record<string, unknown>) => registered.cards.push({
      where, when, card
    }),
    addStore: (storeName: string, register: () => (store: unknown) => void, unregister: (store: unknown) => void) => registered.stores.push({
      name: storeName, register, unregister
    }),
    environment: { version: '2.15.0', isPrime: false },
  };
  const page = window as unknown as Record<string, unknown>;

  page.Vue = Vue;
  // An indirect eval runs the script in the page's global scope, as a <script> tag does: the UMD takes its root branch.
  (0, window.eval)(readFileSync(BUNDLE, 'utf8')); // eslint-disable-line no-eval
  const exports = page[`${ name }-${ version }`] as BundleExports;

  exports.default(plugin, { store: undefined });

  return {
    exports, registered, plugin
  };
}

describe('the built extension bundle', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) {
      throw new Error(`${ BUNDLE } is missing: build it first with \`npm run build-pkg drover\` (npm test does this).`);
    }
  });

  it('defines its UMD global and hands its metadata and English translations to the plugin', () => {
    const { exports, registered, plugin } = loadBundle();

    expect(typeof exports.default).toBe('function');
    expect(plugin.metadata).toMatchObject({ name: 'drover', version });
    expect(typeof registered.l10n['en-us']).toBe('function');
  });

  it('adds a header button with a label, a tooltip, an icon and a shortcut, which toggles the chat', () => {
    const { registered } = loadBundle();
    const header = registered.actions.filter((a) => a.where === 'header-action');

    expect(header).toHaveLength(1);
    expect(header[0].action).toMatchObject({
      labelKey: 'drover.header.label', tooltipKey: 'drover.header.tooltip', icon: 'icon-ai', shortcut: { windows: ['alt', 'shift', 'd'], mac: ['ctrl', 'shift', 'd'] },
    });
    const dispatched: string[] = [];

    header[0].action.invoke.apply({ $store: { dispatch: (type: string) => dispatched.push(type) } }, [{}, [], {}]);
    expect(dispatched).toEqual(['drover/toggle']);
  });

  it('adds the three row actions to the lists of the types Drover knows, each opening the chat about the row\'s object', () => {
    const { registered } = loadBundle();
    const rows = registered.actions.filter((a) => a.where === 'table-action');

    expect(rows.map((a) => a.action.labelKey)).toEqual(['drover.ask.whyFailing', 'drover.ask.explain', 'drover.ask.logs']);
    expect((rows[0].when as { resource: string[] }).resource).toContain('catalog.cattle.io.app');
    expect((rows[2].when as { resource: string[] }).resource).not.toContain('service');
    const dispatched: unknown[] = [];
    const getters = { clusterId: 'c-m-1', 'i18n/t': (key: string) => key };
    const pod = {
      type: 'pod', kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-1', namespace: 'shop' }
    };

    // The shell's list menu calls row actions without a `this`: the object's own store context is used then.
    expect(rows[2].action.invoke.apply(undefined, [{}, [{
      ...pod, $dispatch: (...args: unknown[]) => dispatched.push(args), $rootGetters: getters
    }]])).toBe(true);
    expect(dispatched).toEqual([['drover/open', {
      prompt:  '/logs web-1 -n shop',
      context: {
        resources: [{
          cluster: 'c-m-1', apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop'
        }]
      },
      autoSubmit: true
    }, { root: true }]]);
  });

  it('adds a Drover tab to those types\' detail pages and a card to the cluster dashboard, both loaded on first use', () => {
    const { registered } = loadBundle();

    expect(registered.tabs).toHaveLength(1);
    expect(registered.tabs[0]).toMatchObject({ where: 'tab', tab: { name: 'drover', labelKey: 'drover.tab.label' } });
    expect(registered.tabs[0].when.resource).toHaveLength(11);
    expect(typeof registered.tabs[0].tab.component).toBe('function');
    expect(registered.cards).toHaveLength(1);
    expect(registered.cards[0]).toMatchObject({ where: 'cluster-dashboard-card', card: { labelKey: 'drover.card.label' } });
  });

  it('registers the chat panel as the component the window manager mounts, loaded on first use', () => {
    const { registered } = loadBundle();
    const panel = registered.components.DroverChat as { __asyncLoader?: unknown };

    expect(typeof panel.__asyncLoader).toBe('function');
  });

  it('adds the drover store module: the API other extensions open the chat with', () => {
    const { registered } = loadBundle();

    expect(registered.stores.map((s) => s.name)).toEqual(['drover']);
    const store = createStore({});

    registered.stores[0].register()(store);
    expect(store.hasModule('drover')).toBe(true);
    expect(Object.keys((store as unknown as { _actions: Record<string, unknown> })._actions).sort()).toEqual(['drover/close', 'drover/open', 'drover/toggle']);
    registered.stores[0].unregister(store);
    expect(store.hasModule('drover')).toBe(false);
  });

  it('offers the standalone page its entry point', () => {
    expect(typeof loadBundle().exports.mountStandalone).toBe('function');
  });

  it(`keeps the main bundle within ${ MAIN_BUNDLE_LIMIT_BYTES / 1024 } KiB: the panel and every renderer are chunks`, () => {
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(MAIN_BUNDLE_LIMIT_BYTES);
    expect(JSON.parse(readFileSync(join(BUNDLE_DIR, 'package.json'), 'utf8')).main).toBe(`${ name }-${ version }.umd.min.js`);
  });

  it('is built against the Vue the standalone page serves', () => {
    const backend = require('../../../extension-backend/package.json');

    expect(backend.dependencies.vue).toBe(require('vue/package.json').version);
  });
});
