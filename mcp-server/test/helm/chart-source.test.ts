// Charts come only from the configured allowlist: <repository>/<chart> (URL and CA from the configuration) or
// oci:// under an allowed registry prefix. Everything else is refused before helm runs.
import { resolveChart } from '../../src/helm/chart-source';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { ADMIN, cluster, connect, testConfig, textOf, type Connected } from '../support/harness';
import { dropNamespace, editableNamespace, HELM_TOOLS, repoConfig, uniqueNamespace } from './helpers';

const NS = uniqueNamespace('source');
const REGISTRY = 'registry.example.com/charts';
const ALLOWED = `allowed chart sources: drover-test/<chart>, oci://${REGISTRY}/<chart>`;
let repo: ChartRepo;
let mcp: Connected;

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await editableNamespace(NS);
  mcp = await connect({
    identity: ADMIN,
    plans: true,
    config: repoConfig(repo, { helm: { ociRegistries: [REGISTRY] } }),
    tools: HELM_TOOLS,
  });
});
afterAll(async () => {
  await mcp?.close();
  await repo?.close();
  await dropNamespace(NS);
});

describe('chart sources', () => {
  const refusals: [string, () => string, string][] = [
    ['a file:// URL', () => 'file:///etc/charts/hello', 'file URLs are not allowed'],
    ['an http:// URL', () => 'http://charts.example.com/hello-0.1.0.tgz', 'http URLs are not allowed'],
    ['an https:// URL outside the allowlist', () => 'https://charts.example.com/hello-0.1.0.tgz', 'https URLs are not allowed'],
    ['a URL of a configured repository', () => `${repo.url}hello-0.1.0.tgz`, 'give it as drover-test/<chart> instead of a URL'],
    ['a relative path', () => './hello', 'local paths are not allowed'],
    ['an absolute path', () => '/work/main/tests/fixtures/charts/hello', 'local paths are not allowed'],
    ['a parent path', () => '../hello', 'local paths are not allowed'],
    ['a home path', () => '~/hello', 'local paths are not allowed'],
    ['.. inside a repository reference', () => 'drover-test/../hello', 'local paths are not allowed'],
    ['an unknown repository', () => 'bitnami/nginx', '"bitnami" is not a configured repository'],
    ['a bare chart name', () => 'hello', 'expected <repository>/<chart>'],
    ['an invalid chart name', () => 'drover-test/Hello_World', 'chart names are lowercase letters, digits and -'],
    ['an OCI registry that is not allowed', () => 'oci://ghcr.io/evil/hello', 'this OCI registry is not allowed'],
    ['an OCI path that only shares a prefix', () => `oci://${REGISTRY}-evil/hello`, 'this OCI registry is not allowed'],
    [
      'an OCI reference with a tag',
      () => `oci://${REGISTRY}/hello:1.0.0`,
      'not a valid oci:// reference (oci://<registry>/<path>/<chart>; put the version in `version`)',
    ],
  ];

  it.each(refusals)('refuses %s, naming what is allowed, before helm runs', async (_label, chart, why) => {
    const res = await mcp.call('helm_install', { release: 'web', chart: chart(), namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(`refused: chart "${chart()}": ${why}; ${ALLOWED}`);
    expect(mcp.audit().at(-1)).toMatchObject({ tool: 'helm_install', result: 'denied', commands: [] });
  });

  it('refuses a chart source for upgrades the same way', async () => {
    const res = await mcp.call('helm_upgrade', { release: 'web', chart: 'file:///tmp/hello', namespace: NS });
    expect(textOf(res)).toBe(`refused: chart "file:///tmp/hello": file URLs are not allowed; ${ALLOWED}`);
  });

  it('accepts only exact versions and valid release names', async () => {
    const range = await mcp.call('helm_install', { release: 'web', chart: 'drover-test/hello', version: '>=0.1.0', namespace: NS });
    expect(range.isError).toBe(true);
    expect(textOf(range)).toContain('must be an exact chart version such as 1.2.3');
    const flag = await mcp.call('helm_install', { release: '--post-renderer=/bin/sh', chart: 'drover-test/hello', namespace: NS });
    expect(textOf(flag)).toContain('must be a Helm release name');
  });

  it('takes the repository URL and CA file from the configuration', () => {
    const config = testConfig({
      helm: {
        repositories: [{ name: 'corp', url: 'https://charts.corp.example/stable/', caFile: '/etc/corp-ca.pem' }],
        ociRegistries: ['oci://ghcr.io/corp/'],
      },
    });
    expect(resolveChart(config, 'corp/web-app')).toEqual({
      ref: 'web-app',
      flags: ['--repo=https://charts.corp.example/stable/', '--ca-file=/etc/corp-ca.pem'],
    });
    expect(resolveChart(config, 'oci://ghcr.io/corp/charts/web-app')).toEqual({ ref: 'oci://ghcr.io/corp/charts/web-app', flags: [] });
    expect(() => resolveChart(config, 'oci://ghcr.io/corporate/web-app')).toThrow('this OCI registry is not allowed');
  });

  it('reaches the repository only through the configured CA file', async () => {
    const untrusting = await connect({
      identity: ADMIN,
      plans: true,
      tools: HELM_TOOLS,
      config: testConfig({ helm: { repositories: [{ name: 'drover-test', url: repo.url }] } }),
    });
    try {
      const res = await untrusting.call('helm_install', { release: 'web', chart: 'drover-test/hello', version: '0.1.0', namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/x509: certificate signed by unknown authority|tls: failed to verify certificate/);
    } finally {
      await untrusting.close();
    }
    const trusting = await mcp.call('helm_install', { release: 'web', chart: 'drover-test/hello', version: '0.1.0', namespace: NS });
    expect(trusting.isError).toBeFalsy();
    expect(trusting.structuredContent).toMatchObject({ kind: 'plan', tool: 'helm_install' });
  });

  it('offers install and upgrade only when chart sources are configured', async () => {
    const bare = await connect({ identity: ADMIN, plans: true, tools: HELM_TOOLS, config: testConfig() });
    try {
      const names = (await bare.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(['helm_get', 'helm_history', 'helm_list', 'helm_rollback', 'helm_status', 'helm_uninstall']);
    } finally {
      await bare.close();
    }
  });

  it('declares the write tools as changes that reach outside the cluster', async () => {
    const tools = (await mcp.client.listTools()).tools;
    const hints = (name: string) => tools.find((t) => t.name === name)?.annotations;
    for (const name of ['helm_install', 'helm_upgrade', 'helm_rollback']) {
      expect(hints(name)).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    }
    expect(hints('helm_uninstall')).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    for (const name of ['helm_list', 'helm_status', 'helm_history', 'helm_get']) expect(hints(name)).toMatchObject({ readOnlyHint: true });
  });
});
