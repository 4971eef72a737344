// k8s_delete: delete one named object (no selectors, no --all), planned with a server-side dry run and a list of
// what goes with it.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { kindArg, nameArg, namespaceArg } from '../../kube/args';
import { deleteImpact } from '../../kube/delete-impact';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { actionOn, currentObject, objectArgs, resolveTarget, type Target } from '../../kube/target';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { fitDiff } from '../../views/impact';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

const input = {
  kind: kindArg.describe('e.g. pod or deployment'),
  name: nameArg,
  namespace: namespaceArg.optional().describe('Omit for cluster-wide kinds'),
};

async function target(ctx: ToolContext, args: { kind: string; name: string; namespace?: string }): Promise<{ t: Target; argv: string[] }> {
  const t = await resolveTarget(ctx, args.kind, args.name, args.namespace);
  assertAllowed(ctx, [actionOn(t, 'delete')]);
  // --wait=false: the call returns once the API server accepted the deletion, not when finalizers are done.
  return { t, argv: ['delete', ...objectArgs(t), '--wait=false'] };
}

export const k8sDelete = defineTool({
  kind: 'write',
  name: 'k8s_delete',
  title: 'Kubernetes: delete an object',
  description: 'Delete one object.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  // Deleting twice leaves the same state (idempotent); what is deleted may not come back (destructive).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async plan(args, ctx) {
    const { t, argv } = await target(ctx, args);
    const obj = await currentObject(ctx, t);
    await kubectl(ctx, { argv: ['delete', ...objectArgs(t), '--dry-run=server', '--output=name'], actions: [actionOn(t, 'delete')] });
    const warnings = await deleteImpact(ctx, t, obj);
    const command = displayCommand(ctx, 'kubectl', argv);
    const removal = objectDiff(t.label, obj, undefined);
    return {
      command,
      diff: fitDiff(ctx, removal, command.length + warnings.join('\n').length, 'the rest of the object is deleted too'),
      warnings,
    };
  },
  async apply(args, ctx) {
    const { t, argv } = await target(ctx, args);
    const out = await kubectl(ctx, { argv, actions: [actionOn(t, 'delete')] });
    return {
      text: out.stdout.trim(),
      view: {
        kind: 'change',
        tool: 'k8s_delete',
        command: displayCommand(ctx, 'kubectl', argv),
        output: out.stdout.trim(),
        objects: [objectRef(ctx, t.resource, { metadata: { name: t.name, namespace: t.namespace } })],
      },
    };
  },
});
