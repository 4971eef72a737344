// k8s_apply: create or update objects from a YAML/JSON manifest with server-side apply (field manager "drover"),
// planned with a server-side dry run and a diff per object. Namespaces and CRDs go first (kube/server-side-apply.ts).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { namespaceArg } from '../../kube/args';
import { assertAllowed, displayCommand } from '../../kube/invoke';
import { isNamespace, MAX_MANIFEST_BYTES, parseManifest, resolveManifest, type ManifestObject } from '../../kube/manifest';
import { actionsOf, commandsOf, currentStates, dryRun, keyOf, runSteps, stepsOf, type ApplySteps } from '../../kube/server-side-apply';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { changeWarnings, fitDiff } from '../../views/impact';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

const input = {
  manifest: z
    .string()
    .min(1)
    .max(MAX_MANIFEST_BYTES, `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; apply it in smaller parts`)
    .describe('YAML or JSON; YAML documents separated by ---'),
  namespace: namespaceArg.optional().describe('For objects that name none'),
  force: z.boolean().default(false).describe('Only after a plan reported a conflict'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

interface Prepared {
  /** In the order they are applied: Namespaces and CRDs first. */
  objects: ManifestObject[];
  steps: ApplySteps;
}

async function prepare(ctx: ToolContext, args: Args): Promise<Prepared> {
  const objects = await resolveManifest(ctx, parseManifest(args.manifest), args.namespace);
  // What exists decides the verb the policy judges (and the refusal names): create, or patch.
  const steps = stepsOf(objects, await currentStates(ctx, objects));
  assertAllowed(ctx, actionsOf(steps));
  return { objects, steps };
}

/** The commands as a user would type them, one a line. */
function shownCommands(ctx: ToolContext, steps: ApplySteps, force: boolean): string {
  return commandsOf(ctx, steps, force)
    .map((c) => displayCommand(ctx, 'kubectl', c.argv))
    .join('\n');
}

/** What the plan could not see: objects waiting for a Namespace or a CRD this manifest creates, objects the user may not read. */
function blindSpots({ steps }: Prepared): string[] {
  const warnings = steps.newNamespaces.flatMap((ns) => {
    const inside = steps.waiting.filter((o) => o.namespace === ns.name && !o.newKind).length;
    return inside
      ? [
          `namespace ${ns.name} is created first; the ${inside} object(s) in it were checked against the API schema only (fields and types), because it does not exist yet; the API server checks them fully before they are applied`,
        ]
      : [];
  });
  const kinds = new Set(steps.waiting.filter((o) => o.newKind).map((o) => o.resource));
  for (const kind of kinds) {
    const count = steps.waiting.filter((o) => o.resource === kind).length;
    warnings.push(
      `CustomResourceDefinition ${kind.name}.${kind.group} is created first; the ${count} ${kind.kind} object(s) were checked only for kind and name, because the cluster does not serve ${kind.kind} yet`,
    );
  }
  // A Namespace is created, never patched: if it exists after all, the API server refuses the create.
  for (const o of steps.unreadable.filter((u) => !isNamespace(u)))
    warnings.push(`${o.label}: the user may not read it, so the plan shows it as new (it may exist already)`);
  return warnings;
}

export const k8sApply = defineTool({
  kind: 'write',
  name: 'k8s_apply',
  title: 'Kubernetes: apply a manifest',
  description: 'Create or update objects from YAML or JSON.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  // Applying the same manifest twice leaves the same state (idempotent), but it can overwrite and replace (destructive).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async plan(args, ctx) {
    const prepared = await prepare(ctx, args);
    const { objects, steps } = prepared;
    const after = await dryRun(ctx, steps, args.force);
    const warnings: string[] = [];
    if (args.force)
      warnings.push(
        'force=true: fields other managers own (kubectl, Helm, GitOps, controllers) are taken over; their owners may set them back or stop managing them',
      );
    warnings.push(...blindSpots(prepared));
    let unchanged = 0;
    const sections = objects.map((o) => {
      const before = steps.current.get(keyOf(o.obj));
      // What the API server could not return yet is shown as the manifest has it; a settled Namespace stays as it is.
      const next = steps.settled.includes(o) ? before : (after.get(keyOf(o.obj)) ?? (steps.waiting.includes(o) ? o.obj : undefined));
      warnings.push(...changeWarnings(before, next));
      const diff = objectDiff(o.label, before, next);
      if (before && !diff) unchanged++;
      const state = !before ? 'created' : diff ? 'changed' : 'unchanged';
      return `## ${o.label}${o.namespace ? ` in ${o.namespace}` : ''}: ${state}${diff ? `\n${diff}` : ''}`;
    });
    if (unchanged === objects.length) warnings.push('nothing changes: the cluster already matches the manifest');
    const command = shownCommands(ctx, steps, args.force);
    const reserved = command.length + warnings.join('\n').length;
    return { command, diff: fitDiff(ctx, sections.join('\n'), reserved, 'apply fewer objects at once to see every diff'), warnings };
  },
  async apply(args, ctx) {
    const { objects, steps } = await prepare(ctx, args);
    const output = await runSteps(ctx, steps, args.force);
    const applied = objects.filter((o) => !steps.settled.includes(o));
    const command = shownCommands(ctx, steps, args.force);
    return {
      text: `Applied ${applied.length} object${applied.length === 1 ? '' : 's'}:\n${output}`,
      view: {
        kind: 'change',
        tool: 'k8s_apply',
        command,
        output,
        objects: applied.map((o) => objectRef(ctx, o.resource, o.obj)),
      },
    };
  },
});
