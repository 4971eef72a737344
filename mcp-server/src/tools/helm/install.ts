// helm_install: install a chart from an allowed source as a new release (two-phase: planned with helm's dry run,
// every rendered object judged by the policy and by the API server's own dry run).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { chartArg, hasChartSources, resolveChart } from '../../helm/chart-source';
import { chartVersionArg, releaseArg, valuesArg } from '../../helm/args';
import type { ReleaseChange } from '../../helm/change';
import { planChange, runChange } from '../../helm/change';
import { compareObjects, placeObjects } from '../../helm/manifest';
import { chartArgv, chartCrds, chartVersion, hiddenIn, namespaceExists, releaseOutcome, render } from '../../helm/render';
import { releaseAction } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { assertAllowed } from '../../kube/invoke';
import type { KubeAction } from '../../policy/engine';
import type { ToolContext } from '../../runtime';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg,
  chart: chartArg.describe('<repository>/<chart> or oci://<registry>/<path>'),
  version: chartVersionArg.optional().describe('e.g. 1.2.3; omit for the newest'),
  namespace: namespaceArg,
  values: valuesArg.optional().describe('e.g. {"replicaCount": 2}'),
  createNamespace: z.boolean().default(false).describe('Create the namespace if missing'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function describeInstall(args: Args, ctx: ToolContext): Promise<{ change: ReleaseChange; warnings: string[] }> {
  const action = releaseAction('create', args.namespace, args.release);
  assertAllowed(ctx, [action]);
  const source = resolveChart(ctx.rt.config, args.chart);
  const argv = [
    'install',
    args.release,
    ...chartArgv(ctx, source, args),
    `--namespace=${args.namespace}`,
    ...(args.createNamespace ? ['--create-namespace'] : []),
  ];
  const exists = await namespaceExists(ctx, args.namespace);
  const rendered = await render(ctx, argv, action, ['pre-install', 'post-install']);
  const crds = await chartCrds(ctx, source, chartVersion(ctx, args));
  const after = await placeObjects(ctx, [...crds, ...rendered.objects], args.namespace);
  const hooks = await placeObjects(ctx, rendered.hooks, args.namespace);
  const extra: KubeAction[] =
    args.createNamespace && exists !== true
      ? [{ verb: 'create', kind: 'Namespace', group: '', name: args.namespace, clusterScoped: true }]
      : [];
  const warnings: string[] = [];
  if (exists === false) {
    warnings.push(
      args.createNamespace
        ? `creates namespace ${args.namespace}`
        : `namespace ${args.namespace} does not exist: the install will fail unless createNamespace is true`,
    );
  }
  if (crds.length)
    warnings.push(`installs ${crds.length} CustomResourceDefinition(s) from the chart's crds/ folder; helm never upgrades or deletes them`);
  const change: ReleaseChange = {
    tool: 'helm_install',
    argv,
    releaseAction: action,
    before: [],
    after,
    changes: compareObjects([], after),
    hooks,
    extra,
    namespaceMissing: exists === false,
    hidden: hiddenIn(rendered.release),
    undo: ['uninstall', args.release, `--namespace=${args.namespace}`],
  };
  return { change, warnings };
}

export const helmInstall = defineTool({
  kind: 'write',
  name: 'helm_install',
  title: 'Helm: install a chart',
  description: 'Install a chart from an allowed repository as a new release.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  available: hasChartSources,
  async plan(args, ctx) {
    const { change, warnings } = await describeInstall(args, ctx);
    return planChange(ctx, change, warnings);
  },
  async apply(args, ctx) {
    const { change } = await describeInstall(args, ctx);
    return runChange(ctx, change, ['--output=json'], async (stdout) => releaseOutcome(JSON.parse(stdout), 'installed'));
  },
});
