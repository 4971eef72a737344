// Helm values under sensitive keys (nested maps and lists included) stay hidden in every helm tool: values keep their
// shape but no secret, and notes, status, manifest and plans that echo a secret value show it masked too.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { canary } from '../../../tests/cluster';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { cluster, connect, EDITOR, textOf, type Connected } from '../support/harness';
import { dropNamespace, editableNamespace, HELM_TOOLS, planAndRun, repoConfig, uniqueNamespace } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = uniqueNamespace('secrets');
const SECRETS = {
  apiKey: canary('helm-api-key'),
  webhook: canary('helm-webhook'),
  ci: canary('helm-token-ci'),
  deploy: canary('helm-token-deploy'),
  db: canary('helm-db'),
  newApiKey: canary('helm-new-api-key'),
};
const VALUES = {
  secrets: { apiKey: SECRETS.apiKey, extra: { webhook: SECRETS.webhook } },
  tokens: [
    { name: 'ci', value: SECRETS.ci },
    { name: 'deploy', value: SECRETS.deploy },
  ],
  credentials: { db: { user: 'shop', password: SECRETS.db } },
  copyToConfigMap: true,
};
const RELEASE = { release: 'vault', namespace: NS };

let repo: ChartRepo;
let mcp: Connected;
let install: { plan: CallToolResult; done: CallToolResult };

/** The canaries a result shows anywhere: text, structured content, _meta. */
const leaked = (res: CallToolResult) =>
  Object.entries(SECRETS)
    .filter(([, secret]) => JSON.stringify(res).includes(secret))
    .map(([name]) => name);

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await editableNamespace(NS);
  mcp = await connect({ identity: EDITOR, plans: true, config: repoConfig(repo), tools: HELM_TOOLS });
  install = await planAndRun(mcp, 'helm_install', { ...RELEASE, chart: 'drover-test/secret-notes', version: '0.1.0', values: VALUES });
});
afterAll(async () => {
  await mcp?.close();
  await repo?.close();
  await dropNamespace(NS);
});

describe('helm values under sensitive keys', () => {
  it('helm_install shows none of them, in its plan or in the notes of the installed release', () => {
    expect(install.done.isError).toBeFalsy();
    expect(textOf(install.done)).toContain('Call the API with key <redacted>.');
    expect([leaked(install.plan), leaked(install.done)]).toEqual([[], []]);
  });

  it('helm_get values masks whole subtrees under secrets, tokens and credentials, keeping their shape', async () => {
    const res = await mcp.call('helm_get', { ...RELEASE, what: 'values' });
    expect(leaked(res)).toEqual([]);
    expect(textOf(res)).toContain('extra:\n    webhook: <redacted>');
    expect(textOf(res)).toMatch(/tokens:\n {2}- name: <redacted>\n {4}value: <redacted>\n {2}- name: <redacted>/);
  });

  it.each([
    ['helm_get notes', 'helm_get', { what: 'notes' }],
    ['helm_get all', 'helm_get', { what: 'all', allValues: true }],
    ['helm_get manifest', 'helm_get', { what: 'manifest' }],
    ['helm_status', 'helm_status', {}],
  ])('%s masks the secret values the chart echoes', async (_, tool, args) => {
    const res = await mcp.call(tool, { ...RELEASE, ...args });
    expect(res.isError).toBeFalsy();
    expect(leaked(res)).toEqual([]);
  });

  it('the notes still say what they say around the masked values', async () => {
    const text = textOf(await mcp.call('helm_get', { ...RELEASE, what: 'notes' }));
    expect(text).toContain('Call the API with key <redacted>.');
    expect(text).toContain('Token ci: <redacted>');
    expect(text).toContain('Database: shop / <redacted>');
  });

  it.each([
    ['helm_upgrade', { chart: 'drover-test/secret-notes', version: '0.1.0', values: { secrets: { apiKey: SECRETS.newApiKey } } }],
    ['helm_uninstall', {}],
  ])('the plan of %s hides the values its templates copied into objects', async (tool, args) => {
    const plan = await mcp.call(tool, { ...RELEASE, ...args });
    expect(plan.isError).toBeFalsy();
    expect((plan.structuredContent as any).diff).toContain('ConfigMap');
    expect(leaked(plan)).toEqual([]);
  });
});
