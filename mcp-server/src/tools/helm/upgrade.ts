// helm_upgrade: move a release to another chart version and/or other values (two-phase: the plan diffs the
// current manifest against helm's dry run, and every object write is judged by the policy and the API server).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { chartVersionArg, releaseArg, valuesArg } from '../../helm/args';
import { planChange, runChange, type ReleaseChange } from '../../helm/change';
import { chartArg, hasChartSources, resolveChart } from '../../helm/chart-source';
import { compareObjects, parseManifest, placeObjects } from '../../helm/manifest';
import { chartArgv, chartOf, hiddenIn, releaseOutcome, render } from '../../helm/render';
import { hiddenValues, releaseAction, releaseHistory, releaseManifest } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { assertAllowed } from '../../kube/invoke';
import type { ToolContext } from '../../runtime';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg,
  chart: chartArg.describe('<repository>/<chart> or oci://<registry>/<path>'),
  version: chartVersionArg.optional().describe('e.g. 1.2.3; omit for the newest'),
  namespace: namespaceArg,
  values: valuesArg.optional().describe('e.g. {"replicaCount": 2}'),
  previousValues: z
    .enum(['reuse', 'reset'])
    .default('reuse')
    .describe('reuse: merge values over the current ones; reset: from chart defaults'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function describeUpgrade(args: Args, ctx: ToolContext): Promise<{ change: ReleaseChange; warnings: string[] }> {
  const action = releaseAction('update', args.namespace, args.release);
  assertAllowed(ctx, [action]);
  const source = resolveChart(ctx.rt.config, args.chart);
  const argv = [
    'upgrade',
    args.release,
    ...chartArgv(ctx, source, args),
    `--namespace=${args.namespace}`,
    args.previousValues === 'reuse' ? '--reuse-values' : '--reset-values',
  ];
  const [current] = await releaseHistory(ctx, args.release, args.namespace, 1);
  const before = await placeObjects(
    ctx,
    parseManifest(await releaseManifest(ctx, 'manifest', args.release, args.namespace)),
    args.namespace,
  );
  const rendered = await render(ctx, argv, action, ['pre-upgrade', 'post-upgrade']);
  const after = await placeObjects(ctx, rendered.objects, args.namespace);
  const hooks = await placeObjects(ctx, rendered.hooks, args.namespace);
  const target = chartOf(rendered.release);
  const warnings = [`revision ${rendered.release.version}: chart ${current?.chart ?? 'unknown'} → ${target}`];
  if (args.previousValues === 'reuse' && current && current.chart !== target) {
    warnings.push(
      `previousValues=reuse keeps the values of ${current.chart}, its defaults included: defaults changed in ${target} do not apply (use reset and pass your values again to get them)`,
    );
  }
  if (args.previousValues === 'reset' && !Object.keys(args.values ?? {}).length) {
    warnings.push('previousValues=reset without values: every value set before is dropped and the chart defaults apply');
  }
  const hidden = hiddenIn(rendered.release, await hiddenValues(ctx, args.release, args.namespace));
  const change: ReleaseChange = {
    tool: 'helm_upgrade',
    argv,
    releaseAction: action,
    before,
    after,
    changes: compareObjects(before, after),
    hooks,
    extra: [],
    hidden,
    ...(current ? { undo: ['rollback', args.release, String(current.revision), `--namespace=${args.namespace}`] } : {}),
  };
  return { change, warnings };
}

export const helmUpgrade = defineTool({
  kind: 'write',
  name: 'helm_upgrade',
  title: 'Helm: upgrade a release',
  description: 'Upgrade a Helm release to another chart version or values.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  available: hasChartSources,
  async plan(args, ctx) {
    const { change, warnings } = await describeUpgrade(args, ctx);
    return planChange(ctx, change, warnings);
  },
  async apply(args, ctx) {
    const { change } = await describeUpgrade(args, ctx);
    return runChange(ctx, change, ['--output=json'], async (stdout) => releaseOutcome(JSON.parse(stdout), 'upgraded'));
  },
});
