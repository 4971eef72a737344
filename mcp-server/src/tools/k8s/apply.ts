// k8s_apply: create or update objects from a YAML/JSON manifest with server-side apply (field manager "drover"),
// planned with a server-side dry run and a diff per object.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { namespaceArg } from '../../kube/args';
import { assertAllowed, displayCommand } from '../../kube/invoke';
import { actionFor, MAX_MANIFEST_BYTES, parseManifest, resolveManifest, writeManifest, type ManifestObject } from '../../kube/manifest';
import { currentStates, FIELD_MANAGER, keyOf, runApply } from '../../kube/server-side-apply';
import type { KubeAction } from '../../policy/engine';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { changeWarnings, fitDiff } from '../../views/impact';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const input = {
  manifest: z
    .string()
    .min(1)
    .max(MAX_MANIFEST_BYTES, `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; apply it in smaller parts`)
    .describe('YAML or JSON of one or more objects (YAML documents separated by ---)'),
  namespace: namespaceArg.optional().describe('Namespace for objects whose metadata names none'),
  force: z.boolean().default(false).describe('Take over fields that other managers own; only after a plan reported a conflict'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

interface Prepared {
  objects: ManifestObject[];
  argv: string[];
  actions: KubeAction[];
  current: Map<string, any>;
}

async function prepare(ctx: ToolContext, args: Args): Promise<Prepared> {
  const objects = await resolveManifest(ctx, parseManifest(args.manifest), args.namespace);
  const patches = objects.map((o) => actionFor(o, 'patch'));
  assertAllowed(ctx, patches);
  const file = writeManifest(ctx, objects);
  const current = await currentStates(ctx, objects, file);
  // Server-side apply creates what does not exist yet: the policy judges those as creates too.
  const creates = objects.filter((o) => !current.has(keyOf(o.obj))).map((o) => actionFor(o, 'create'));
  assertAllowed(ctx, creates);
  const argv = [
    'apply',
    '--server-side',
    `--field-manager=${FIELD_MANAGER}`,
    ...(args.force ? ['--force-conflicts'] : []),
    `--filename=${file}`,
  ];
  return { objects, argv, actions: [...patches, ...creates], current };
}

export const k8sApply = defineTool({
  kind: 'write',
  name: 'k8s_apply',
  title: 'Kubernetes: apply a manifest',
  description: 'Create or update objects from YAML or JSON (server-side apply). The user approves a plan with a diff per object first.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  // Applying the same manifest twice leaves the same state (idempotent), but it can overwrite and replace (destructive).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async plan(args, ctx) {
    const { objects, argv, actions, current } = await prepare(ctx, args);
    const dry = await runApply(ctx, [...argv, '--dry-run=server', '--output=json'], actions);
    const after = new Map(dry.items().map((item) => [keyOf(item), item]));
    const warnings: string[] = [];
    if (args.force)
      warnings.push(
        'force=true: fields other managers own (kubectl, Helm, GitOps, controllers) are taken over; their owners may set them back or stop managing them',
      );
    let unchanged = 0;
    const sections = objects.map((o) => {
      const before = current.get(keyOf(o.obj));
      const next = after.get(keyOf(o.obj));
      warnings.push(...changeWarnings(before, next));
      const diff = objectDiff(o.label, before, next);
      if (before && !diff) unchanged++;
      const state = !before ? 'created' : diff ? 'changed' : 'unchanged';
      return `## ${o.label}${o.namespace ? ` in ${o.namespace}` : ''}: ${state}${diff ? `\n${diff}` : ''}`;
    });
    if (unchanged === objects.length) warnings.push('nothing changes: the cluster already matches the manifest');
    const command = displayCommand(ctx, 'kubectl', argv);
    const reserved = command.length + warnings.join('\n').length;
    return { command, diff: fitDiff(ctx, sections.join('\n'), reserved, 'apply fewer objects at once to see every diff'), warnings };
  },
  async apply(args, ctx) {
    const { objects, argv, actions } = await prepare(ctx, args);
    const { stdout } = await runApply(ctx, argv, actions);
    const command = displayCommand(ctx, 'kubectl', argv);
    return {
      text: `Applied ${objects.length} object${objects.length === 1 ? '' : 's'}:\n${stdout.trim()}`,
      view: {
        kind: 'change',
        tool: 'k8s_apply',
        command,
        output: stdout.trim(),
        objects: objects.map((o) => objectRef(ctx, o.resource, o.obj)),
      },
    };
  },
});
