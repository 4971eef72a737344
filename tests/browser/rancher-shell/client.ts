// Test-side helpers for the harness page: open it (light or dark) and wait until the extension loaded, read what
// the extension registered, set the page's scope, read where it navigated.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openPage, type OpenedPage } from '../chromium';
import type { HarnessGlobal, HarnessRegistrations, HarnessRouteLocation, HarnessScope } from './contract';
import { REPO_ROOT } from './paths';
import type { RancherHarness } from './server';

/** dist-pkg/<name>-<version> of pkg/drover, as `npm run build-pkg drover` writes it; fails when it is not built. */
export function builtExtensionDir(): string {
  const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'pkg', 'drover', 'package.json'), 'utf8')) as { name: string; version: string };
  const dir = join(REPO_ROOT, 'dist-pkg', `${ name }-${ version }`);
  if (!existsSync(join(dir, `${ name }-${ version }.umd.min.js`))) {
    throw new Error(`the extension bundle ${ dir } is not built: run \`npm run --silent build-pkg drover\` at the repository root`);
  }
  return dir;
}

/** Opens the harness page and waits until the extension's default export ran and its registrations apply. */
export async function openHarness(browser: Browser, harness: RancherHarness, theme: 'light' | 'dark' = 'light'): Promise<OpenedPage> {
  const opened = await openPage(browser, `${ harness.url }?theme=${ theme }`, { colorScheme: theme });
  const loaded = opened.page.waitForFunction(() => {
    const h = (globalThis as unknown as Partial<HarnessGlobal>).__harness;
    return h?.ready || h?.loadError !== undefined;
  });
  // A page that throws while booting never gets ready: fail with its error rather than a timeout.
  const threw = new Promise<never>((_, reject) => opened.page.once('pageerror', (err) => reject(new Error(`the harness page threw while loading: ${ err.stack ?? err.message }`))));
  await Promise.race([loaded, threw]);
  const loadError = await opened.page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.loadError);
  if (loadError !== undefined) throw new Error(`the extension ${ harness.extensionId } did not load: ${ loadError }`);
  return opened;
}

export function registrations(page: Page): Promise<HarnessRegistrations> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.registrations);
}

export function storeModules(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.storeModules());
}

export function setScope(page: Page, scope: HarnessScope): Promise<void> {
  return page.evaluate((s) => (globalThis as unknown as HarnessGlobal).__harness.setScope(s), scope);
}

export function routerPushes(page: Page): Promise<(string | HarnessRouteLocation)[]> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.routerPushes);
}
