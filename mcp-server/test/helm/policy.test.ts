// Policy and RBAC on helm writes: the release record's namespace, every object a chart renders (kind, namespace,
// verb), CRDs from crds/, namespace creation, and the API server's own verdict on the user's rights.
import { kubectlOk } from '../../../tests/cluster';
import { CONFIRMATION_META_KEY } from '../../src/policy/plans';
import { createRuntime } from '../../src/runtime-factory';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { ADMIN, cluster, connect, textOf, VIEWER, type Connected } from '../support/harness';
import { dropNamespace, editableNamespace, HELM_TOOLS, repoConfig, uniqueNamespace } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = uniqueNamespace('policy');
let repo: ChartRepo;
let admin: Connected;

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await editableNamespace(NS);
  admin = await connect({ identity: ADMIN, plans: true, config: repoConfig(repo), tools: HELM_TOOLS });
});
afterAll(async () => {
  await admin?.close();
  await repo?.close();
  await dropNamespace(NS);
  // Only a regression would have created it (see 'judges every rendered object again').
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'clusterrole', 'h3-probe-reader', '--ignore-not-found']);
});

const probe = (values: Record<string, unknown>, namespace = NS) => ({
  release: 'h3-probe',
  chart: 'drover-test/policy-probe',
  version: '0.1.0',
  namespace,
  values,
});

async function withConnection<T>(opts: Parameters<typeof connect>[0], task: (mcp: Connected) => Promise<T>): Promise<T> {
  const mcp = await connect({ plans: true, tools: HELM_TOOLS, ...opts });
  try {
    return await task(mcp);
  } finally {
    await mcp.close();
  }
}

describe('helm writes under the policy', () => {
  it('refuses an install into a protected namespace before running anything', async () => {
    const res = await admin.call('helm_install', { release: 'sneaky', chart: 'drover-test/hello', namespace: 'kube-system' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(
      'refused: create HelmRelease sneaky in namespace kube-system: namespace kube-system is protected, Drover never changes it',
    );
    expect(admin.audit().find((e) => e.tool === 'helm_install' && e.result === 'denied')).toMatchObject({ commands: [] });
  });

  it('refuses a chart that renders a ClusterRole in read-write mode', async () => {
    const res = await admin.call('helm_install', probe({ clusterRole: true }));
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe('refused: create ClusterRole h3-probe-reader is a cluster-wide change, which needs admin mode');
  });

  it('refuses a ClusterRole from a chart in admin mode too, as a kind Drover never writes', async () => {
    await withConnection({ identity: ADMIN, config: repoConfig(repo, { mode: 'admin' }) }, async (mcp) => {
      const res = await mcp.call('helm_install', probe({ clusterRole: true }));
      expect(textOf(res)).toBe('refused: Drover is configured never to create ClusterRole objects');
    });
  });

  it('refuses a chart whose templates write into a protected namespace', async () => {
    const res = await admin.call('helm_install', probe({ configMapNamespace: 'kube-system' }));
    expect(textOf(res)).toBe(
      'refused: create ConfigMap h3-probe-probe in namespace kube-system: namespace kube-system is protected, Drover never changes it',
    );
  });

  it('judges the hooks a chart runs like its other objects', async () => {
    const refused = await admin.call('helm_install', probe({ hookNamespace: 'kube-system' }));
    expect(textOf(refused)).toBe(
      'refused: create ConfigMap h3-probe-hook in namespace kube-system: namespace kube-system is protected, Drover never changes it',
    );
    const planned = await admin.call('helm_install', probe({ hookNamespace: NS }));
    expect((planned.structuredContent as any).warnings).toEqual([`runs 1 chart hook(s) while it runs: ConfigMap ${NS}/h3-probe-hook`]);
  });

  it('judges every rendered object again when the approved change runs', async () => {
    // A plan made under a laxer configuration (admin mode, no denied kinds), redeemed where ClusterRoles are
    // cluster-wide changes: the apply renders again and refuses, so nothing the plan did not show can slip in.
    const lax = createRuntime(repoConfig(repo, { mode: 'admin', policy: { deniedKinds: [] } }));
    const strict = createRuntime(repoConfig(repo));
    strict.plans = lax.plans;
    const args = probe({ clusterRole: true });
    const planned = await withConnection({ identity: ADMIN, rt: lax }, (mcp) => mcp.call('helm_install', args));
    expect((planned.structuredContent as any).diff).toContain('=== added ClusterRole h3-probe-reader');
    const run = await withConnection({ identity: ADMIN, rt: strict }, (mcp) =>
      mcp.call('helm_install', args, { [CONFIRMATION_META_KEY]: planned._meta?.[CONFIRMATION_META_KEY] }),
    );
    expect(textOf(run)).toBe('refused: create ClusterRole h3-probe-reader is a cluster-wide change, which needs admin mode');
  });

  it("counts the CRDs of a chart's crds/ folder as cluster-wide writes", async () => {
    const res = await admin.call('helm_install', { release: 'crd', chart: 'drover-test/with-crd', namespace: NS });
    expect(textOf(res)).toBe(
      'refused: create CustomResourceDefinition widgets.h3.drover.test is a cluster-wide change, which needs admin mode',
    );
  });

  it('plans creating a missing namespace in read-write mode, where creating a Namespace is allowed', async () => {
    const missing = uniqueNamespace('absent');
    const res = await admin.call('helm_install', { release: 'web', chart: 'drover-test/hello', namespace: missing, createNamespace: true });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as any).warnings).toContain(`creates namespace ${missing}`);
  });

  it('warns that an install into a missing namespace will fail without createNamespace', async () => {
    const missing = uniqueNamespace('absent');
    const res = await admin.call('helm_install', { release: 'web', chart: 'drover-test/hello', namespace: missing });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as any).warnings).toEqual([
      `namespace ${missing} does not exist: the install will fail unless createNamespace is true`,
      `namespace ${missing} does not exist yet, so the API server could not check the objects in advance`,
    ]);
  });

  // helm's own dry run never asks whether the user may write the objects (0.1.0 has no Secret for it to read),
  // so the refusal comes from the server-side dry run of the rendered objects.
  it("lets the API server refuse a viewer's install at the plan", async () => {
    await withConnection({ identity: VIEWER, config: repoConfig(repo) }, async (mcp) => {
      const res = await mcp.call('helm_install', { release: 'web', chart: 'drover-test/hello', version: '0.1.0', namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/User "viewer" cannot patch resource "\w+" in API group "[\w.]*" in the namespace "h3-policy-/);
      const entry = mcp.audit().find((e) => e.tool === 'helm_install');
      expect(entry).toMatchObject({ phase: 'plan', result: 'error', user: 'viewer' });
      expect((entry!.commands as string[][]).at(-1)).toEqual([
        'apply',
        '--server-side',
        '--dry-run=server',
        '--force-conflicts',
        '--field-manager=helm',
        '--filename=<call-dir>/apply.json',
        '--output=name',
      ]);
    });
  });

  it('tells a viewer that reading releases needs access to Secrets, where helm keeps them', async () => {
    await withConnection({ identity: VIEWER, config: repoConfig(repo) }, async (mcp) => {
      const res = await mcp.call('helm_list', { namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`User "viewer" cannot list resource "secrets" in API group "" in the namespace "${NS}"`);
    });
  });

  it('offers only the read tools in read-only mode', async () => {
    await withConnection({ identity: ADMIN, config: repoConfig(repo, { mode: 'read-only' }) }, async (mcp) => {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(['helm_get', 'helm_history', 'helm_list', 'helm_status']);
    });
  });

  it('installed nothing while refusing', async () => {
    expect(textOf(await admin.call('helm_list', { namespace: NS }))).toBe(`No helm releases found (namespace ${NS}).`);
  });
});
