// Drover in the real Rancher Manager: Rancher's own dashboard (built from @rancher/shell, served by Rancher), the
// extension loaded the way users load it (the chart's UIPlugin, fetched by Rancher's plugin controller from the
// backend), the backend behind Rancher's service proxy on its Pod's IP, real Rancher users logging in with the form.
// Only the model is scripted.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import type { Browser, Locator, Page } from 'playwright-core';
import { kubectlOk, seedShop, testCluster, waitForDeployments } from '../../cluster';
import { testRancher } from '../../cluster/state';
import { rancherClient } from '../../rancher/client';
import { installDroverInRancher, type DroverInRancher } from '../../rancher/drover-in-rancher';
import { addToRancherProject, grantDroverUser, type RancherRole } from '../../rancher/start';
import { expectNoSeriousViolations } from '../axe';
import { launchBrowser, openPage, type OpenedPage } from '../chromium';

const cluster = testCluster();
const rancher = testRancher();
const admin = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'), rancher.adminToken);
const NS = `ui-rancher-${ randomBytes(3).toString('hex') }`;
const HEADER_BUTTON = '[data-testid="extension-header-action-drover.header.label"]';
const PANEL = '[data-testid="drover-panel"]';

let drover: DroverInRancher;
let browser: Browser;
let bindingId: string;
const opened: OpenedPage[] = [];

const replicasOf = async (name: string) => Number(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath,
  ['get', 'deployment', name, '-n', NS, '-o', 'jsonpath={.spec.replicas}']));

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${ what }`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Logs in with Rancher's own login form, as a person would. */
async function loggedIn(role: RancherRole, theme: 'light' | 'dark'): Promise<OpenedPage> {
  const page = await openPage(browser, `${ rancher.url }/dashboard/`, { colorScheme: theme, ignoreHTTPSErrors: true });
  opened.push(page);
  const user = rancher.users[role];
  await page.page.locator('input[data-testid="local-login-username"]').fill(user.username);
  await page.page.locator('[data-testid="local-login-password"] input').fill(user.password);
  await page.page.click('[data-testid="login-submit"]');
  await page.page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });
  return page;
}

async function openPanel(page: Page): Promise<Locator> {
  await page.locator(HEADER_BUTTON).click({ timeout: 60_000 });
  const panel = page.locator(PANEL);
  await panel.waitFor();
  return panel;
}

async function ask(panel: Locator, text: string): Promise<Locator> {
  const input = panel.locator('[data-testid="drover-composer-input"]');
  await input.fill(text);
  await input.press('Enter');
  await panel.locator('[data-testid="drover-user-message"]', { hasText: text }).last().waitFor();
  const turn = panel.locator('[data-testid="drover-turn"]').last();
  return turn;
}

beforeAll(async () => {
  const index = await new Promise<string>((resolve, reject) => {
    get(`${ rancher.url }/dashboard/`, { ca: readFileSync(rancher.caFile) }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
  if (!index.includes('/dashboard/js/')) {
    throw new Error('The test run\'s Rancher serves no dashboard: build it with `toolchain/install.sh dashboard` (npm test does) and start the run again');
  }
  await seedShop(cluster, NS);
  await addToRancherProject(cluster, rancher, NS);
  await waitForDeployments(cluster, [NS], ['web']);
  drover = await installDroverInRancher(cluster, rancher, { uiPlugin: true, toolsMode: 'read-write' });
  bindingId = await grantDroverUser(rancher, rancher.users.standard.id);
  // Rancher's plugin controller has fetched the bundle from the backend and serves it.
  await until('Rancher to cache the extension', async () => {
    const index = await admin.call<{ entries?: Record<string, { CacheState: string; Ready: boolean }> }>('GET', '/v1/uiplugins');
    const entry = index.entries?.drover;
    return entry?.Ready && entry.CacheState === 'cached' ? true : undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const page of opened) await page.close();
  await browser?.close();
  if (bindingId) await admin.call('DELETE', `/v3/globalrolebindings/${ bindingId }`).catch(() => undefined);
  await drover?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false']);
});

describe('Drover in the real Rancher dashboard', () => {
  let page: Page;
  let panel: Locator;

  it('loads as an installed extension for a standard user with the Drover user role, and opens from the header', async () => {
    const session = await loggedIn('standard', 'light');
    page = session.page;
    panel = await openPanel(page);
    await panel.locator('[data-testid="drover-connection"]', { hasText: 'Connected' }).waitFor({ timeout: 60_000 });
  });

  it('answers about the crash-looping pod with the table and logs renderers', async () => {
    // Asked on Rancher's home page, where no cluster is in view: the model names the cluster, as its prompt says.
    drover.ollama!.script(
      { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pods', namespace: NS, cluster: 'local' } }] },
      { toolCalls: [{ name: 'k8s_logs', arguments: { kind: 'deployment', name: 'checkout', namespace: NS, previous: true, cluster: 'local' } }] },
      { text: '`checkout` crash-loops: it panics at start-up.' },
    );
    const turn = await ask(panel, 'why is checkout crash-looping?');
    const table = turn.locator('[data-testid="drover-table-view"]');
    await table.waitFor({ timeout: 60_000 });
    await expect(table.locator('[data-testid="drover-table-row"]', { hasText: 'CrashLoopBackOff' }).count()).resolves.toBeGreaterThan(0);
    await turn.locator('[data-testid="drover-logs-view"]').waitFor();
    await turn.locator('[data-testid="drover-turn-footer"]').waitFor();
    await expect(turn.locator('[data-testid="drover-step-scope"]').first().innerText()).resolves.toBe(`local / ${ NS }`);
    expect(drover.ollama!.chatRequests().at(-1)!.body.messages[0].content).toContain('pass `cluster`');
    await opened[0].screenshot('real-rancher-answer-light');
  });

  it('follows a row link to the pod\'s page in Rancher, on the right cluster', async () => {
    const row = panel.locator('[data-testid="drover-table-row"]', { hasText: 'CrashLoopBackOff' }).first();
    const name = (await row.locator('[data-testid="drover-object-link"]').innerText()).trim();
    await row.locator('[data-testid="drover-object-link"]').click();
    await page.waitForURL(`**/dashboard/c/local/explorer/pod/${ NS }/${ name }**`);
    await page.locator('.masthead', { hasText: name }).first().waitFor({ timeout: 60_000 });
  });

  it('runs the detail page\'s one-click diagnosis without a model', async () => {
    const requestsBefore = drover.ollama!.chatRequests().length;
    await page.locator('[data-testid="btn-drover"], .tab:has-text("Drover"), a:has-text("Drover")').first().click();
    const tab = page.locator('[data-testid="drover-tab"]');
    await tab.waitFor();
    await tab.locator('[data-testid="drover-tab-diagnose"]').click();
    await tab.locator('[data-testid="drover-tab-result"]').waitFor({ timeout: 60_000 });
    await expect(tab.locator('[data-testid="drover-finding"]').count()).resolves.toBeGreaterThan(0);
    expect(drover.ollama!.chatRequests().length).toBe(requestsBefore);
    await opened[0].screenshot('real-rancher-detail-diagnosis-light');
  });

  it('asks before scaling, and approving changes the cluster', async () => {
    panel = await page.locator(PANEL).isVisible() ? page.locator(PANEL) : await openPanel(page);
    drover.ollama!.script({ toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web', namespace: NS, replicas: 3 } }] }, { text: 'web now runs 3 replicas.' });
    const turn = await ask(panel, 'scale web to 3');
    const card = turn.locator('[data-testid="drover-approval-card"]');
    await card.waitFor({ timeout: 60_000 });
    await expect(replicasOf('web')).resolves.toBe(2);
    await opened[0].screenshot('real-rancher-approval-light');
    await card.locator('[data-testid="drover-approval-approve"]').click();
    await turn.locator('[data-testid="drover-change-view"]').waitFor({ timeout: 60_000 });
    await expect(replicasOf('web')).resolves.toBe(3);
  });

  it('offers Ask Drover beside a failing state badge, which asks why that pod fails', async () => {
    await page.goto(`${ rancher.url }/dashboard/c/local/explorer/pod`);
    const row = page.locator('tr', { hasText: 'checkout-' }).filter({ hasText: NS }).first();
    // The shell's ui-context hook of the row's state cell; the badge itself is Rancher's own (blue, for a pod waiting).
    const ask = row.locator('[data-testid="drover-badge-ask"]');
    await ask.waitFor({ timeout: 60_000 });
    await opened[0].screenshot('real-rancher-pods-light');
    await expect(page.locator('tr', { hasText: 'web-' }).filter({ hasText: NS }).locator('[data-testid="drover-badge-ask"]').count()).resolves.toBe(0);
    drover.ollama!.script({ text: 'checkout panics at start-up.' });
    await ask.click();
    panel = page.locator(PANEL);
    await panel.locator('[data-testid="drover-user-message"]', { hasText: 'checkout-' }).last().waitFor({ timeout: 60_000 });
  });

  it('opens the chat from a row action on the workloads list, with the workload attached', async () => {
    await page.goto(`${ rancher.url }/dashboard/c/local/explorer/apps.deployment`);
    const row = page.locator('tr', { hasText: 'checkout' }).filter({ hasText: NS }).first();
    await row.locator('[data-testid*="action-button"], .role-multi-action, button.actions').first().click({ timeout: 60_000 });
    drover.ollama!.script({ text: 'Looking at checkout.' });
    await page.locator('[role="menuitem"], li', { hasText: 'Ask Drover why this is failing' }).first().click();
    panel = page.locator(PANEL);
    await panel.waitFor();
    await panel.locator('[data-testid="drover-chip"]', { hasText: 'checkout' }).first().waitFor();
  });

  it('looks right in the dark theme too, with no serious accessibility violations in the panel', async () => {
    const dark = await loggedIn('standard', 'dark');
    await dark.page.goto(`${ rancher.url }/dashboard/c/local/explorer`);
    const darkPanel = await openPanel(dark.page);
    await darkPanel.locator('[data-testid="drover-connection"]', { hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    await dark.screenshot('real-rancher-panel-dark');
    await expectNoSeriousViolations(dark.page, { include: PANEL });
  });
});

describe('a user without the Drover user role', () => {
  it('sees why they cannot chat, instead of an error', async () => {
    const session = await loggedIn('readonly', 'light');
    const panel = await openPanel(session.page);
    await panel.locator('[data-testid="drover-not-allowed"]').waitFor({ timeout: 60_000 });
    await expect(panel.locator('[data-testid="drover-not-allowed"]').innerText()).resolves.toContain('Drover user');
    await session.screenshot('real-rancher-not-allowed-light');
  });
});
