// k8s_patch: change part of one object with a strategic, merge or JSON patch, planned with a server-side dry run.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { ToolError } from '../../errors';
import { kindArg, nameArg, namespaceArg } from '../../kube/args';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { defaultPatchType, dryRunPatch, parsePatch, patchArg, patchArgv, patchBody, type PatchType } from '../../kube/patching';
import { actionOn, currentObject, resolveTarget, type Target } from '../../kube/target';
import { maskText } from '../../policy/redact';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { changeWarnings, fitDiff } from '../../views/impact';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

const input = {
  kind: kindArg.describe('e.g. deployment or certificates.cert-manager.io'),
  name: nameArg,
  namespace: namespaceArg.optional().describe('Omit for cluster-wide kinds'),
  patch: patchArg.describe('e.g. {"spec":{"replicas":3}}, or JSON patch operations'),
  type: z.enum(['strategic', 'merge', 'json']).optional().describe('Default: strategic, merge for CRDs, json for a list'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

function prepare(ctx: ToolContext, t: Target, args: Args): { type: PatchType; body: string; argv: string[] } {
  assertAllowed(ctx, [actionOn(t, 'patch')]);
  if (t.resource.kind === 'Secret') {
    throw new ToolError(
      'patching a Secret would put its values on the command line; use k8s_apply with only the keys to change (values stay hidden)',
    );
  }
  const value = parsePatch(args.patch);
  const type: PatchType = args.type ?? (Array.isArray(value) ? 'json' : defaultPatchType(t));
  const body = patchBody(value, type);
  return { type, body, argv: patchArgv(t, type, body) };
}

export const k8sPatch = defineTool({
  kind: 'write',
  name: 'k8s_patch',
  title: 'Kubernetes: patch an object',
  description: 'Change fields of one object of any kind.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  // Not idempotent: a JSON patch that adds to a list adds again on every run.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const t = await resolveTarget(ctx, args.kind, args.name, args.namespace);
    const { type, body, argv } = prepare(ctx, t, args);
    const before = await currentObject(ctx, t);
    const after = await dryRunPatch(ctx, t, type, body);
    const diff = objectDiff(t.label, before, after);
    const warnings = changeWarnings(before, after);
    if (!diff) warnings.push(`the patch changes nothing in ${t.label}`);
    // The patch body is in the command, and may set a secret value.
    const command = maskText(displayCommand(ctx, 'kubectl', argv));
    return {
      command,
      diff: fitDiff(ctx, diff, command.length + warnings.join('\n').length, 'patch fewer fields at once to see the whole diff'),
      warnings,
    };
  },
  async apply(args, ctx) {
    const t = await resolveTarget(ctx, args.kind, args.name, args.namespace);
    const { argv } = prepare(ctx, t, args);
    const out = await kubectl(ctx, { argv, actions: [actionOn(t, 'patch')] });
    return {
      text: out.stdout.trim(),
      view: {
        kind: 'change',
        tool: 'k8s_patch',
        command: maskText(displayCommand(ctx, 'kubectl', argv)),
        output: out.stdout.trim(),
        objects: [objectRef(ctx, t.resource, { metadata: { name: t.name, namespace: t.namespace } })],
      },
    };
  },
});
