// The browser for Drover's browser tests: Debian's chromium-headless-shell from the pinned toolchain
// (toolchain/install.sh chromium), driven by playwright-core, which never downloads browsers of its own.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { toolPaths } from '../../toolchain/versions';

export const ARTIFACTS_DIR = join(__dirname, 'artifacts');

// Chromium's own connections to Google (updates, sync, QUIC probes…) are refused here: these flags avoid them.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = toolPaths().chromium;
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed (${ executablePath } is missing): run toolchain/install.sh chromium`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface OpenPageOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** For a server with a self-signed certificate (the test run's Rancher). */
  ignoreHTTPSErrors?: boolean;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Text of every console.error the page logged. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: Error[];
  /** Fails, listing them, when the page threw anything. */
  expectNoPageErrors(): void;
  /** Saves a full-page PNG as tests/browser/artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens `url` in a fresh context (its own cookies and storage) and records what goes wrong in the page. */
export async function openPage(browser: Browser, url: string, opts: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    reducedMotion: 'reduce',
    ignoreHTTPSErrors: opts.ignoreHTTPSErrors ?? false,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: Error[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(url);
  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    expectNoPageErrors() {
      if (pageErrors.length) {
        throw new Error(`the page threw ${ pageErrors.length } error(s):\n${ pageErrors.map((e) => `  - ${ e.stack ?? e.message }`).join('\n') }`);
      }
    },
    async screenshot(name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const path = join(ARTIFACTS_DIR, `${ name.replace(/[^\w.-]+/g, '-') }.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}
