// The chat page the backend serves, end to end in Chromium: the real backend, MCP server and local control plane,
// the scripted model. One user's working session, in order: sign in, ask, look at a table, follow a row, read and
// search logs, approve a change and deny another (checked in the cluster), stop an answer, reload, lose the model.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { applyObjects, kubectlOk, seedShop, waitForDeployments } from '../../cluster';
import { expectNoSeriousViolations } from '../axe';
import { launchBrowser, openPage, type OpenedPage } from '../chromium';
import { startDroverStack, type DroverStack } from '../drover-stack';

const NS = `ui-e2e-${ randomBytes(3).toString('hex') }`;
const input = '[data-testid="drover-composer-input"]';

let stack: DroverStack;
let browser: Browser;
let opened: OpenedPage;
let page: Page;

const replicasOf = async (name: string) => Number(await kubectlOk(stack.cluster.tools.kubectl, stack.cluster.kubeconfigPath,
  ['get', 'deployment', name, '-n', NS, '-o', 'jsonpath={.spec.replicas}']));
const turns = () => page.locator('[data-testid="drover-turn"]');
const lastTurn = () => turns().last();

async function ask(text: string): Promise<void> {
  await page.fill(input, text);
  await page.press(input, 'Enter');
  await page.locator('[data-testid="drover-user-message"]', { hasText: text }).last().waitFor();
}

/** Waits until the last turn has ended (its footer shows). */
async function turnEnded(): Promise<void> {
  await lastTurn().locator('[data-testid="drover-turn-footer"]').waitFor();
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
  await kubectlOk(stack.cluster.tools.kubectl, stack.cluster.kubeconfigPath, ['wait', '-n', NS, '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff',
    '--timeout=90s', 'pod', '-l', 'app=checkout']);
  browser = await launchBrowser();
  opened = await openPage(browser, `${ stack.url }/`);
  page = opened.page;
});

afterAll(async () => {
  await opened?.close();
  await browser?.close();
  await stack?.stop();
  await kubectlOk(stack.cluster.tools.kubectl, stack.cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false']);
});

afterEach(() => opened.expectNoPageErrors());

describe('the standalone chat page', () => {
  it('asks for a Kubernetes token, refuses a wrong one, and signs the user in', async () => {
    await page.locator('[data-testid="drover-sign-in"]').waitFor();
    await page.fill('[data-testid="drover-sign-in-token"]', 'not-a-token');
    await page.click('[data-testid="drover-sign-in-submit"]');
    await page.locator('[data-testid="drover-sign-in-error"]').waitFor();

    await page.fill('[data-testid="drover-sign-in-token"]', stack.tokens.editor);
    await page.click('[data-testid="drover-sign-in-submit"]');
    await page.locator('[data-testid="drover-standalone-user"]', { hasText: 'editor' }).waitFor();
    await page.locator('[data-testid="drover-connection"]', { hasText: 'Connected' }).waitFor();
    await page.fill('[data-testid="drover-standalone-namespace"]', NS);
    await page.press('[data-testid="drover-standalone-namespace"]', 'Enter');
    await page.locator('[data-testid="drover-chip"]', { hasText: `Namespace: ${ NS }` }).waitFor();
  });

  it('streams the answer to a question, with the pods as a table whose failing rows stand out', async () => {
    stack.ollama.script({ toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pods', namespace: NS } }] },
      { text: ['Three pods ', 'are not ', 'running: ', '`checkout` crash-loops.'], chunkDelayMs: 40 });
    await ask('which pods are failing?');
    const table = lastTurn().locator('[data-testid="drover-table-view"]');
    await table.waitFor();
    await expect(table.locator('[data-testid="drover-table-row"]', { hasText: 'CrashLoopBackOff' }).count()).resolves.toBeGreaterThan(0);
    await lastTurn().locator('[data-testid="drover-markdown"]', { hasText: 'checkout crash-loops.' }).waitFor();
    await turnEnded();
    await expect(lastTurn().locator('[data-testid="drover-step-scope"]').innerText()).resolves.toBe(`local / ${ NS }`);
    await expect(lastTurn().locator('[data-testid="drover-turn-provenance"]').innerText()).resolves.toContain('live data');
    expect(stack.ollama.chatRequests().at(-1)!.body.messages[0].content).toContain(`current namespace is "${ NS }"`);
    await opened.screenshot('standalone-table-light');
  });

  it('follows a row to the object: the page has no object pages, so it describes the object in the chat', async () => {
    const row = lastTurn().locator('[data-testid="drover-table-row"]', { hasText: 'CrashLoopBackOff' }).first();
    const name = (await row.locator('[data-testid="drover-object-link"]').innerText()).trim();
    await row.locator('[data-testid="drover-object-link"]').click();
    await lastTurn().locator('[data-testid="drover-describe-view"]').waitFor();
    await expect(lastTurn().locator('[data-testid="drover-user-message"]').innerText()).resolves.toContain(`/describe pod/${ name } -n ${ NS }`);
    await expect(lastTurn().locator('[data-testid="drover-describe-title"]').innerText()).resolves.toContain(name);
  });

  it('shows the crash-looping pod\'s previous logs and finds the panic in them', async () => {
    stack.ollama.script({ toolCalls: [{ name: 'k8s_logs', arguments: { kind: 'deployment', name: 'checkout', namespace: NS, previous: true } }] },
      { text: 'It panics at start-up.' });
    await ask('why does checkout crash?');
    const logs = lastTurn().locator('[data-testid="drover-logs-view"]');
    await logs.waitFor();
    await logs.locator('[data-testid="drover-logs-search"]').fill('panic');
    await logs.locator('[data-testid="drover-logs-match"]').first().waitFor();
    await expect(logs.locator('[data-testid="drover-logs-search-status"]').innerText()).resolves.toMatch(/1 of \d+/);
    await turnEnded();
    await logs.scrollIntoViewIfNeeded();
    await opened.screenshot('standalone-logs-light');
  });

  it('asks before scaling: the approval card shows the diff, locks the input, and approving changes the cluster', async () => {
    stack.ollama.script({ toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web', namespace: NS, replicas: 3 } }] }, { text: 'web now runs 3 replicas.' });
    await ask('scale web to 3');
    const card = lastTurn().locator('[data-testid="drover-approval-card"]');
    await card.waitFor();
    await expect(card.locator('[data-testid="drover-plan-diff"]').innerText()).resolves.toContain('replicas');
    await expect(page.locator(input).getAttribute('readonly')).resolves.not.toBeNull();
    await expect(replicasOf('web')).resolves.toBe(2);
    // Asking brought the transcript back to the newest output, though the user had scrolled up to the logs.
    await expect(card.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).resolves.toBe(true);
    await opened.screenshot('standalone-approval-light');

    await card.locator('[data-testid="drover-approval-approve"]').click();
    await lastTurn().locator('[data-testid="drover-change-view"]').waitFor();
    await turnEnded();
    await expect(replicasOf('web')).resolves.toBe(3);
    await expect(card.locator('[data-testid="drover-approval-outcome"]').innerText()).resolves.toContain('Approved');
  });

  it('denies another change with a reason: nothing changes, and the model reads the reason', async () => {
    stack.ollama.script({ toolCalls: [{ name: 'k8s_scale', arguments: { name: 'web', namespace: NS, replicas: 0 } }] }, { text: 'Left web as it is.' });
    await ask('scale web to 0');
    const card = lastTurn().locator('[data-testid="drover-approval-card"]');
    await card.waitFor();
    await card.locator('[data-testid="drover-approval-deny"]').click();
    await card.locator('[data-testid="drover-approval-reason"]').fill('not during the sale');
    await card.locator('[data-testid="drover-approval-deny-confirm"]').click();
    await turnEnded();
    await expect(replicasOf('web')).resolves.toBe(3);
    const toolMessage = stack.ollama.chatRequests().at(-1)!.body.messages.findLast((m: { role: string }) => m.role === 'tool');
    expect(toolMessage.content).toContain('not during the sale');
    await expect(card.locator('[data-testid="drover-approval-outcome"]').innerText()).resolves.toContain('Denied');
  });

  it('stops a long answer: the model stops, and the turn says so', async () => {
    stack.ollama.script({ text: Array.from({ length: 400 }, (_, i) => `word${ i } `), chunkDelayMs: 50 });
    await ask('tell me everything about deployments');
    await lastTurn().locator('[data-testid="drover-markdown"]', { hasText: 'word3' }).waitFor();
    await page.click('[data-testid="drover-composer-stop"]');
    await lastTurn().locator('[data-testid="drover-turn-stopped"]').waitFor();
    await expect(lastTurn().locator('[data-testid="drover-markdown"]').innerText()).resolves.not.toContain('word399');
    await page.locator('[data-testid="drover-composer-send"]').waitFor();
  });

  it('keeps the page still: the conversation scrolls, not the page around it', async () => {
    const { scrollHeight, innerHeight } = await page.evaluate(() => ({ scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight }));
    expect(scrollHeight).toBe(innerHeight);
  });

  it('has no serious accessibility violations, in light and dark', async () => {
    await expectNoSeriousViolations(page);
    await opened.screenshot('standalone-chat-light');
    await page.click('[data-testid="drover-theme-toggle"]');
    await page.waitForFunction(() => document.body.classList.contains('theme-dark'));
    await expectNoSeriousViolations(page);
    await opened.screenshot('standalone-chat-dark');
  });

  it('finds the conversation again after a reload', async () => {
    const before = await turns().count();
    await page.reload();
    await page.locator('[data-testid="drover-turn"]').nth(before - 1).waitFor();
    await expect(turns().count()).resolves.toBe(before);
    await expect(page.locator('[data-testid="drover-approval-outcome"]').first().innerText()).resolves.toContain('Approved');
  });

  it('says clearly when no model is reachable, and /commands still work', async () => {
    await stack.ollama.stop();
    try {
      await ask('is anything wrong?');
      await page.locator('[data-testid="drover-banner-model"]').waitFor();
      await page.click('[data-testid="drover-banner-commands"]');
      await page.fill(input, `/diagnose -n ${ NS }`);
      await page.press(input, 'Enter');
      await lastTurn().locator('[data-testid="drover-findings-view"]').waitFor();
      await expect(lastTurn().locator('[data-testid="drover-finding"]').count()).resolves.toBeGreaterThan(2);
    } finally {
      await stack.ollama.restart();
    }
  });
});
