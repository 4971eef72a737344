// helm_rollback: return a release to an earlier revision's chart and values (two-phase: helm's dry run checks the
// revision, the plan diffs the current manifest against that revision's, and every write is judged).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { releaseArg, revisionArg } from '../../helm/args';
import { planChange, runChange, type ReleaseChange } from '../../helm/change';
import { compareObjects, hooksFor, parseManifest, placeObjects } from '../../helm/manifest';
import { helmRelease, hiddenValues, releaseAction, releaseHistory, releaseManifest } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { assertAllowed } from '../../kube/invoke';
import type { ToolContext } from '../../runtime';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg,
  namespace: namespaceArg,
  revision: revisionArg,
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function describeRollback(args: Args, ctx: ToolContext): Promise<{ change: ReleaseChange; warnings: string[] }> {
  const action = releaseAction('update', args.namespace, args.release);
  assertAllowed(ctx, [action]);
  const argv = ['rollback', args.release, String(args.revision), `--namespace=${args.namespace}`];
  await helmRelease(ctx, { argv: [...argv, '--dry-run'], actions: [action] }, args.release, args.namespace);
  const [current] = await releaseHistory(ctx, args.release, args.namespace, 1);
  const manifest = (revision?: number) => releaseManifest(ctx, 'manifest', args.release, args.namespace, revision);
  // An uninstalled release (history kept) has no objects left: the rollback creates them all again.
  const gone = current.status === 'uninstalled';
  const before = gone ? [] : await placeObjects(ctx, parseManifest(await manifest()), args.namespace);
  const after = await placeObjects(ctx, parseManifest(await manifest(args.revision)), args.namespace);
  const hookObjects = parseManifest(await releaseManifest(ctx, 'hooks', args.release, args.namespace, args.revision));
  const hooks = await placeObjects(ctx, hooksFor(hookObjects, ['pre-rollback', 'post-rollback']), args.namespace);
  const warnings = [`creates revision ${current.revision + 1} with the chart and values of revision ${args.revision}`];
  const hidden = await hiddenValues(ctx, args.release, args.namespace, args.revision);
  if (!gone) for (const value of await hiddenValues(ctx, args.release, args.namespace)) hidden.add(value);
  const change: ReleaseChange = {
    tool: 'helm_rollback',
    argv,
    releaseAction: action,
    before,
    after,
    changes: compareObjects(before, after),
    hooks,
    extra: [],
    hidden,
  };
  return { change, warnings };
}

export const helmRollback = defineTool({
  kind: 'write',
  name: 'helm_rollback',
  title: 'Helm: roll back a release',
  description: 'Roll a Helm release back to a revision helm_history lists.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async plan(args, ctx) {
    const { change, warnings } = await describeRollback(args, ctx);
    return planChange(ctx, change, warnings);
  },
  async apply(args, ctx) {
    const { change } = await describeRollback(args, ctx);
    return runChange(ctx, change, [], async () => {
      const [now] = await releaseHistory(ctx, args.release, args.namespace, 1);
      return `Rolled back ${args.release} in namespace ${args.namespace} to revision ${args.revision}: now revision ${now?.revision}, status ${now?.status}, chart ${now?.chart}.`;
    });
  },
});
