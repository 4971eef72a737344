// The chat docked in the dashboard, end to end: the built bundle loaded as Rancher's extension manager loads it, the
// shell's real window manager, the backend reached through the Kubernetes service-proxy path with the session
// cookie, the real MCP server and local control plane behind it, and the scripted model. The header button and its
// shortcut, the dock and its resizing by mouse and keyboard, a question with a table whose rows link into the
// dashboard, and a conversation that survives closing the panel and moving around.
import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { applyObjects, seedShop, waitForDeployments } from '../../cluster';
import { expectNoSeriousViolations } from '../axe';
import type { OpenedPage } from '../chromium';
import { launchBrowser } from '../chromium';
import { startDroverStack, type DroverStack } from '../drover-stack';
import { builtExtensionDir, openHarness, routerPushes, setScope } from '../rancher-shell/client';
import { startRancherHarness, type RancherHarness } from '../rancher-shell/server';

const NS = `ui-dock-${ randomBytes(3).toString('hex') }`;
const HEADER_BUTTON = '[data-testid="extension-header-action-drover.header.label"]';
const DOCK = '[data-testid="vertical-window-manager"]';
const PANEL = `${ DOCK } [data-testid="drover-panel"]`;

let stack: DroverStack;
let harness: RancherHarness;
let browser: Browser;
const pages: OpenedPage[] = [];

async function dockedPage(theme: 'light' | 'dark'): Promise<OpenedPage> {
  const opened = await openHarness(browser, harness, theme);
  pages.push(opened);
  await setScope(opened.page, { clusterId: 'local', clusterName: 'local', namespaces: [NS] });
  return opened;
}

const dockWidth = (page: Page) => page.locator(DOCK).evaluate((el) => el.getBoundingClientRect().width);

async function ask(panel: Locator, text: string): Promise<void> {
  const input = panel.locator('[data-testid="drover-composer-input"]');
  await input.fill(text);
  await input.press('Enter');
  await panel.locator('[data-testid="drover-turn-footer"]').last().waitFor();
}

beforeAll(async () => {
  stack = await startDroverStack();
  await seedShop(stack.cluster, NS);
  await applyObjects(stack.cluster.tools.kubectl, stack.cluster.kubeconfigPath, [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'editor-edit', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }] },
  ]);
  await waitForDeployments(stack.cluster, [NS], ['web']);
  harness = await startRancherHarness({ bundleDir: builtExtensionDir(), backendUrl: stack.url, token: stack.tokens.editor });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const opened of pages) await opened.close();
  await browser?.close();
  await harness?.close();
  await stack?.stop();
});

describe('the chat docked in the dashboard', () => {
  it('opens from the header button, docked on the right at a third of the window, scoped to the page', async () => {
    const { page, expectNoPageErrors } = await dockedPage('light');
    await page.click(HEADER_BUTTON);
    const panel = page.locator(PANEL);
    await panel.waitFor();
    await panel.locator('[data-testid="drover-connection"]', { hasText: 'Connected' }).waitFor();
    expect(Math.abs(await dockWidth(page) - 1440 / 3)).toBeLessThan(3);
    const dock = await page.locator(DOCK).boundingBox();
    expect(dock!.x + dock!.width).toBeGreaterThan(1438);
    await expect(panel.locator('[data-testid="drover-chip"]').allInnerTexts()).resolves.toEqual(['Cluster: local', `Namespace: ${ NS }`]);
    expectNoPageErrors();
  });

  it('answers through Rancher\'s service proxy, and a table row links to the object\'s page in the dashboard', async () => {
    const { page } = pages[0];
    const panel = page.locator(PANEL);
    stack.ollama.script({ toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pods', namespace: NS } }] }, { text: ['Here ', 'are the pods.'] });
    await ask(panel, 'show me the pods');
    await panel.locator('[data-testid="drover-markdown"]', { hasText: 'Here are the pods.' }).waitFor();
    const link = panel.locator('[data-testid="drover-table-row"]').first().locator('[data-testid="drover-object-link"]');
    const name = (await link.innerText()).trim();
    expect(await link.getAttribute('href')).toBe(`/dashboard/c/local/explorer/pod/${ NS }/${ name }`);
    await link.click();
    await expect(routerPushes(page)).resolves.toContain(`/c/local/explorer/pod/${ NS }/${ name }`);
    // The request went through the proxy path as the cookie's user.
    expect(stack.ollama.chatRequests().at(-1)!.body.messages[0].content).toContain(`current namespace is "${ NS }"`);
  });

  it('resizes with the shell\'s drag bar, by mouse and by keyboard', async () => {
    const { page } = pages[0];
    const resizer = page.locator(`${ DOCK } .resizer-x`);
    const before = await dockWidth(page);
    const bar = (await resizer.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x - 150, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
    const dragged = await dockWidth(page);
    expect(dragged).toBeGreaterThan(before + 50);
    await resizer.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(([selector, width]) => document.querySelector(selector as string)!.getBoundingClientRect().width < (width as number), [DOCK, dragged]);
  });

  it('keeps the conversation when the panel closes and the user moves on, and reopens with the shortcut', async () => {
    const { page } = pages[0];
    await page.click(HEADER_BUTTON);
    await page.locator(PANEL).waitFor({ state: 'detached' });
    await setScope(page, { clusterId: 'local', clusterName: 'local', namespaces: ['default'] });
    await page.keyboard.press('Alt+Shift+D');
    const panel = page.locator(PANEL);
    await panel.locator('[data-testid="drover-markdown"]', { hasText: 'Here are the pods.' }).waitFor();
    await expect(panel.locator('[data-testid="drover-composer"] [data-testid="drover-chip"]').allInnerTexts()).resolves
      .toEqual(['Cluster: local', 'Namespace: default']);
  });

  it.each(['light', 'dark'] as const)('reads well and passes axe in the %s theme', async (theme) => {
    const { page, screenshot, expectNoPageErrors } = await dockedPage(theme);
    await page.click(HEADER_BUTTON);
    const panel = page.locator(PANEL);
    await panel.locator('[data-testid="drover-connection"]', { hasText: 'Connected' }).waitFor();
    stack.ollama.script({ toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pods', namespace: NS } }] }, { text: 'Two pods of `web` run; `checkout` crash-loops.' });
    await ask(panel, 'which pods are failing?');
    stack.ollama.script({ toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web', namespace: NS, replicas: 3 } }] }, { text: 'Not changed.' });
    const input = panel.locator('[data-testid="drover-composer-input"]');
    await input.fill('scale web to 3');
    await input.press('Enter');
    const card = panel.locator('[data-testid="drover-approval-card"]');
    await card.waitFor();
    // The panel itself; the window manager's tab bar around it is the shell's own markup.
    await expectNoSeriousViolations(page, { include: [PANEL] });
    await screenshot(`rancher-panel-${ theme }`);
    await card.locator('[data-testid="drover-approval-deny"]').click();
    await card.locator('[data-testid="drover-approval-deny-confirm"]').click();
    await panel.locator('[data-testid="drover-approval-outcome"]').last().waitFor();
    expectNoPageErrors();
  });
});
