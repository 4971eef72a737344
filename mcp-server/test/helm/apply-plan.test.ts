// Apply = plan for helm: the user approves a chart version and a set of objects, and exactly that runs — even
// when the repository publishes a newer version, or changes the approved one, between the plan and the approval.
// A helm process that writes outside the approved change is stopped by the gateway and the release put back.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { runChange, type ReleaseChange } from '../../src/helm/change';
import { resolveChart } from '../../src/helm/chart-source';
import { compareObjects, placeObjects } from '../../src/helm/manifest';
import { releaseAction } from '../../src/helm/release';
import { chartArgv } from '../../src/helm/render';
import type { ZodRawShape as Shape } from 'zod';
import { defineTool, type Tool, type WriteTool } from '../../src/tools/define-tool';
import { helmInstall } from '../../src/tools/helm/install';
import { startChartRepo, type ChartRepo, type Files } from '../support/chart-repo';
import { cluster, connect, EDITOR, textOf, type Connected } from '../support/harness';
import { adminGet } from '../tools/write-fixtures';
import { dropNamespace, editableNamespace, HELM_TOOLS, planAndRun, repoConfig, uniqueNamespace } from './helpers';

const configMap = (suffix: string) =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: {{ .Release.Name }}-${suffix}`,
    'data:',
    '  chart: {{ .Chart.Version | quote }}',
    '',
  ].join('\n');
const drift = (version: string, extra: boolean): Files => ({
  'Chart.yaml': `apiVersion: v2\nname: drift\nversion: ${version}\n`,
  'templates/config.yaml': configMap('config'),
  ...(extra ? { 'templates/extra.yaml': configMap('extra') } : {}),
});

/** Plans like helm_install; its apply declares only the first object, as a buggy tool might. */
const underDeclaring = defineTool({
  kind: 'write',
  name: 'test_helm_underdeclaring',
  title: 'misbehaving helm',
  description: 'test',
  input: { release: z.string(), namespace: z.string() },
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  plan: (args, ctx) => (helmInstall as WriteTool<Shape>).plan({ ...args, chart: 'drover-test/drift', createNamespace: false }, ctx),
  async apply(args, ctx) {
    const source = resolveChart(ctx.rt.config, 'drover-test/drift');
    const argv = ['install', args.release, ...chartArgv(ctx, source, {}), `--namespace=${args.namespace}`];
    const after = await placeObjects(
      ctx,
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${args.release}-config` } }],
      args.namespace,
    );
    const change: ReleaseChange = {
      tool: 'test_helm_underdeclaring',
      argv,
      releaseAction: releaseAction('create', args.namespace, args.release),
      before: [],
      after,
      changes: compareObjects([], after),
      hooks: [],
      extra: [],
      hidden: new Set(),
      undo: ['uninstall', args.release, `--namespace=${args.namespace}`],
    };
    return runChange(ctx, change, ['--output=json'], async () => 'installed');
  },
});

let repo: ChartRepo;
let mcp: Connected;
const NS = uniqueNamespace('plan');

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await editableNamespace(NS);
  mcp = await connect({ identity: EDITOR, config: repoConfig(repo), tools: [...HELM_TOOLS, underDeclaring] as Tool[], plans: true });
});
afterAll(async () => {
  await mcp.close();
  await repo.close();
  await dropNamespace(NS);
});

it('installs the chart version the user approved, though a newer one appeared after the plan', async () => {
  repo.publish(drift('0.1.0', false));
  const plan = await mcp.call('helm_install', { release: 'first', chart: 'drover-test/drift', namespace: NS });
  expect(plan.isError).toBeFalsy();
  repo.publish(drift('0.2.0', true));
  const { done } = await planAndRun(mcp, 'helm_install', { release: 'newest', chart: 'drover-test/drift', namespace: NS });
  expect(textOf(done)).toMatch(/chart drift-0\.2\.0\./); // a plan made now sees the new version…

  const approved = await mcp.call(
    'helm_install',
    { release: 'first', chart: 'drover-test/drift', namespace: NS },
    { 'drover/confirmation': plan._meta?.['drover/confirmation'] },
  );
  expect(approved.isError).toBeFalsy();
  expect(textOf(approved)).toMatch(/^Release first installed in namespace \S+: revision 1, status deployed, chart drift-0\.1\.0\./); // …the approved one runs as planned
  expect((await adminGet(['configmap', 'first-config', '-n', NS])).data.chart).toBe('0.1.0');
  expect(await adminGet(['configmap', 'first-extra', '-n', NS])).toBeUndefined();
});

it('refuses an approved install whose version changed its contents since the plan, before anything runs', async () => {
  repo.publish(drift('0.3.0', false));
  const plan = await mcp.call('helm_install', { release: 'second', chart: 'drover-test/drift', version: '0.3.0', namespace: NS });
  repo.publish(drift('0.3.0', true)); // the same version, republished with one more object
  const approved = await mcp.call(
    'helm_install',
    { release: 'second', chart: 'drover-test/drift', version: '0.3.0', namespace: NS },
    { 'drover/confirmation': plan._meta?.['drover/confirmation'] },
  );
  expect(approved.isError).toBe(true);
  expect(textOf(approved)).toBe(
    `not executed: the change now differs from the plan the user approved (it would also create ConfigMap second-extra in namespace ${NS}); plan it again`,
  );
  expect(await adminGet(['configmap', 'second-config', '-n', NS])).toBeUndefined();
});

it('stops a helm process that writes what its call did not declare, and uninstalls the release again', async () => {
  repo.publish(drift('0.4.0', true));
  const { done } = await planAndRun(mcp, 'test_helm_underdeclaring', { release: 'third', namespace: NS });
  expect(done.isError).toBe(true);
  expect(textOf(done)).toBe(
    `helm was stopped by Drover's gateway: outside the call's scope: create ConfigMap third-extra in namespace ${NS} was not declared; the release was uninstalled again`,
  );
  expect(await adminGet(['configmap', 'third-config', '-n', NS])).toBeUndefined();
  expect(await adminGet(['configmap', 'third-extra', '-n', NS])).toBeUndefined();
  expect(textOf(await mcp.call('helm_status', { release: 'third', namespace: NS }))).toBe(
    `release third not found in namespace ${NS}; helm_list shows the releases there`,
  );
});
