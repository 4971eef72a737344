// helm_uninstall: remove a release and every object it manages (two-phase: the plan lists each deletion, which the
// policy and the API server's dry run judge one by one).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { releaseArg } from '../../helm/args';
import { planChange, runChange, type ReleaseChange } from '../../helm/change';
import { compareObjects, hooksFor, parseManifest, placeObjects } from '../../helm/manifest';
import { helmRelease, hiddenValues, releaseAction, releaseManifest } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { assertAllowed } from '../../kube/invoke';
import type { ToolContext } from '../../runtime';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg,
  namespace: namespaceArg,
  keepHistory: z.boolean().default(false).describe('So helm_rollback can restore it'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function describeUninstall(args: Args, ctx: ToolContext): Promise<{ change: ReleaseChange; warnings: string[] }> {
  const action = releaseAction('delete', args.namespace, args.release);
  assertAllowed(ctx, [action]);
  const argv = ['uninstall', args.release, `--namespace=${args.namespace}`, ...(args.keepHistory ? ['--keep-history'] : [])];
  await helmRelease(ctx, { argv: [...argv, '--dry-run'], actions: [action] }, args.release, args.namespace);
  const before = await placeObjects(
    ctx,
    parseManifest(await releaseManifest(ctx, 'manifest', args.release, args.namespace)),
    args.namespace,
  );
  const hookObjects = parseManifest(await releaseManifest(ctx, 'hooks', args.release, args.namespace));
  const hooks = await placeObjects(ctx, hooksFor(hookObjects, ['pre-delete', 'post-delete']), args.namespace);
  const warnings = [
    args.keepHistory
      ? 'keeps the release history: helm_rollback can bring the release back'
      : 'removes the release history too: the release cannot be rolled back afterwards',
  ];
  const change: ReleaseChange = {
    tool: 'helm_uninstall',
    argv,
    releaseAction: action,
    before,
    after: [],
    changes: compareObjects(before, []),
    hooks,
    extra: [],
    hidden: await hiddenValues(ctx, args.release, args.namespace),
  };
  return { change, warnings };
}

export const helmUninstall = defineTool({
  kind: 'write',
  name: 'helm_uninstall',
  title: 'Helm: uninstall a release',
  description: 'Uninstall a Helm release and delete its objects.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const { change, warnings } = await describeUninstall(args, ctx);
    return planChange(ctx, change, warnings);
  },
  async apply(args, ctx) {
    const { change } = await describeUninstall(args, ctx);
    return runChange(
      ctx,
      change,
      [],
      async () => `Release ${args.release} uninstalled from namespace ${args.namespace}: ${change.changes.length} object(s) deleted.`,
    );
  },
});
