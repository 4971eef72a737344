// The harness itself: the built extension bundle loaded as Rancher's extension manager loads it, into a page with
// the shell's real window manager, i18n store, header-action rendering and theme; the backend reached through the
// Kubernetes service-proxy path with Rancher's session cookie. Screenshots land in tests/browser/artifacts/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBackend, type Service } from '../../../toolchain/services';
import { expectNoSeriousViolations } from '../axe';
import { launchBrowser, type OpenedPage } from '../chromium';
import { builtExtensionDir, openHarness, registrations, setScope, storeModules } from '../rancher-shell/client';
import { REPO_ROOT } from '../rancher-shell/paths';
import { BACKEND_PROXY_PREFIX, startRancherHarness, type RancherHarness } from '../rancher-shell/server';

const TOKEN = `harness-${ randomBytes(16).toString('hex') }`;
const HEADER_BUTTON = '[data-testid="extension-header-action-drover.header.label"]';
const DOCK = '[data-testid="vertical-window-manager"]';

/** What the page gets from the backend's /api/me and /ws through the proxy path, with only its cookie. */
function callBackendFromPage(page: Page, harnessUrl: string) {
  const base = new URL(BACKEND_PROXY_PREFIX, harnessUrl);
  return page.evaluate(async({ http, ws: wsUrl }) => {
    const me = await fetch(`${ http }api/me`).then(async(r) => ({ status: r.status, body: await r.json() as { name?: string } }));
    const socket = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${ wsUrl }ws`);
      ws.onopen = () => { resolve('open'); ws.close(); };
      ws.onerror = () => resolve('error');
    });
    return { me, socket };
  }, { http: base.pathname, ws: base.href.replace(/^http/, 'ws') });
}

describe('the Rancher harness page', () => {
  let dir: string;
  let backend: Service;
  let harness: RancherHarness;
  let browser: Browser;
  const pages: OpenedPage[] = [];

  beforeAll(async() => {
    const bundleDir = builtExtensionDir();
    if (!existsSync(join(REPO_ROOT, 'extension-backend', 'dist', 'main.js'))) {
      throw new Error('the backend is not built: run `npm run build` in extension-backend');
    }
    dir = mkdtempSync(join(tmpdir(), 'drover-harness-'));
    writeFileSync(join(dir, 'tokens.csv'), `${ TOKEN },viewer,u-viewer,"system:authenticated"\n`, { mode: 0o600 });
    // The real backend, signing the user in from the cookie; no model and no MCP server are needed for /api/me.
    backend = await startBackend({
      ...process.env, DROVER_HOST: '127.0.0.1', DROVER_PORT: '0', DROVER_AUTH_MODE: 'standalone', DROVER_TOKEN_REVIEW: 'false',
      DROVER_STATIC_TOKENS_FILE: join(dir, 'tokens.csv'), DROVER_DB_PATH: join(dir, 'drover.db'),
      DROVER_OLLAMA_URL: 'http://127.0.0.1:9', DROVER_MCP_URL: 'http://127.0.0.1:9/mcp', DROVER_MCP_AUTH_TOKEN: 'unused',
    }, join(dir, 'backend.log'));
    harness = await startRancherHarness({ bundleDir, backendUrl: `http://127.0.0.1:${ backend.port }`, token: TOKEN });
    browser = await launchBrowser();
  });

  afterAll(async() => {
    for (const p of pages) await p.close();
    await browser?.close();
    await harness?.close();
    await backend?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async(theme: 'light' | 'dark') => {
    const opened = await openHarness(browser, harness, theme);
    pages.push(opened);
    return opened;
  };

  it('runs the bundle\'s default export with Rancher\'s plugin contract and applies what it registered', async() => {
    const { page, expectNoPageErrors } = await open('light');
    const regs = await registrations(page);
    expect(regs.metadata).toEqual(expect.objectContaining({ name: 'drover', version: '0.1.0' }));
    expect(regs.register).toEqual(expect.arrayContaining([{ type: 'l10n', name: 'en-us' }, { type: 'component', name: 'DroverChat' }]));
    expect(regs.stores).toEqual([{ name: 'drover', kind: 'store' }]);
    expect(regs.actions.filter((a) => a.where === 'header-action')).toEqual([expect.objectContaining({
      fields: expect.objectContaining({ labelKey: 'drover.header.label', tooltipKey: 'drover.header.tooltip', icon: 'icon-ai' }),
    })]);
    // The row actions of resource lists (their behaviour is tested in the real dashboard: real-rancher.test.ts).
    const rowActions = regs.actions.filter((a) => a.where === 'table-action').map((a) => String(a.fields.labelKey));
    expect(rowActions.sort()).toEqual(['drover.ask.explain', 'drover.ask.logs', 'drover.ask.whyFailing']);
    expect(await storeModules(page)).toEqual(expect.arrayContaining(['wm', 'i18n', 'slideInPanel', 'prefs', 'drover']));
    // The header button as Header.vue renders it, its label and tooltip from the extension's merged translations.
    const button = page.locator(HEADER_BUTTON);
    expect(await button.getAttribute('aria-label')).toMatch(/^[^%]+$/);
    expect(await button.getAttribute('title')).toMatch(/^[^%]+ \(Alt-Shift-D\)$/);
    expect(await page.locator(`${ HEADER_BUTTON } i.icon.icon-ai`).count()).toBe(1);
    // The page's scope, as the root getters clusterId, currentCluster and namespaceFilters report it.
    await setScope(page, { clusterId: 'c-m-prod', clusterName: 'prod', namespaces: ['shop'] });
    await page.waitForSelector('header .cluster-name:text-is("prod")');
    expectNoPageErrors();
  });

  it('reaches the backend through the service-proxy path, signed in by the R_SESS cookie (HTTP and WebSocket)', async() => {
    const { page } = await open('light');
    const { me, socket } = await callBackendFromPage(page, harness.url);
    expect(me).toEqual({ status: 200, body: expect.objectContaining({ name: 'viewer' }) });
    expect(socket).toBe('open');
  });

  it.each(['light', 'dark'] as const)('docks the extension\'s panel with the shell\'s window manager (%s theme)', async(theme) => {
    const { page, expectNoPageErrors, screenshot } = await open(theme);
    expect(await page.locator('body').getAttribute('class')).toContain(`theme-${ theme }`);
    await expectNoSeriousViolations(page, { include: ['header', 'main'] });
    await page.click(HEADER_BUTTON);
    // The tab's body is filled from the component the extension registered (store.$extension.getDynamic).
    await page.waitForSelector(`${ DOCK } .body.active > *`);
    expect(await page.locator(`${ DOCK } [role="tab"]`).count()).toBe(1);
    await screenshot(`rancher-harness-${ theme }`);
    expectNoPageErrors();
  });

  it('invokes the header action on its keyboard shortcut, as the shell\'s v-shortkey does', async() => {
    const { page, expectNoPageErrors } = await open('light');
    await page.keyboard.press('Alt+Shift+D');
    await page.waitForSelector(`${ DOCK } .body.active > *`);
    expectNoPageErrors();
  });
});
