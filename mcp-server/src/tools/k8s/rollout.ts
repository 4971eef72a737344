// k8s_rollout: restart, undo, pause or resume the rollout of a Deployment, StatefulSet or DaemonSet (planned
// changes). Its status and history are the read tool k8s_rollout_status.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { ToolError } from '../../errors';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { dryRunPatch } from '../../kube/patching';
import {
  images,
  pausedPatch,
  replacementWarning,
  resolveRolloutTarget,
  restartPatch,
  revisionTemplate,
  rolloutTargetInput,
  undoRevision,
} from '../../kube/rollout';
import { actionOn, currentObject, slashArgs, type Target } from '../../kube/target';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { fitDiff } from '../../views/impact';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const input = {
  action: z.enum(['restart', 'undo', 'pause', 'resume']).describe('pause, resume: deployments only'),
  ...rolloutTargetInput,
  toRevision: z.number().int().min(1).optional().describe('undo: the revision (default: previous)'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function target(ctx: ToolContext, args: Args): Promise<Target> {
  if (args.toRevision !== undefined && args.action !== 'undo') throw new ToolError('toRevision is only for action=undo');
  if ((args.action === 'pause' || args.action === 'resume') && args.kind !== 'deployment')
    throw new ToolError('only Deployments can be paused and resumed');
  return resolveRolloutTarget(ctx, args);
}

function changeArgv(t: Target, action: string, revision?: number): string[] {
  return ['rollout', action, ...slashArgs(t), ...(revision ? [`--to-revision=${revision}`] : [])];
}

/** The object after the change, as far as the API server can check it, and what to warn about. */
async function preview(
  ctx: ToolContext,
  t: Target,
  args: Args,
  before: any,
): Promise<{ after: any; warnings: string[]; revision?: number }> {
  if (args.action === 'restart') {
    if (before.spec?.paused) throw new ToolError(`${t.label} is paused; resume it first (action=resume)`);
    return { after: await dryRunPatch(ctx, t, 'strategic', restartPatch(new Date())), warnings: [replacementWarning(t, before)] };
  }
  if (args.action === 'pause' || args.action === 'resume') {
    const pause = args.action === 'pause';
    if (Boolean(before.spec?.paused) === pause) throw new ToolError(`${t.label} is ${pause ? 'already' : 'not'} paused`);
    const note = pause
      ? 'changes to its pod template are not rolled out until it is resumed'
      : 'pod template changes made while it was paused roll out now';
    return { after: await dryRunPatch(ctx, t, 'merge', pausedPatch(pause)), warnings: [`${t.label}: ${note}`] };
  }
  const revision = await undoRevision(ctx, t, args.toRevision);
  await kubectl(ctx, { argv: [...changeArgv(t, 'undo', revision), '--dry-run=server'], actions: [actionOn(t, 'patch')] });
  const template = await revisionTemplate(ctx, t, revision);
  const after = { ...before, spec: { ...before.spec, template } };
  const diff = objectDiff(t.label, before.spec?.template, template);
  const warnings = diff
    ? [`${t.label} goes back to revision ${revision} (${images(template)})`, replacementWarning(t, before)]
    : [`revision ${revision} has the same pod template as now: nothing changes`];
  return { after, warnings, revision };
}

export const k8sRollout = defineTool({
  kind: 'write',
  name: 'k8s_rollout',
  title: 'Kubernetes: manage a rollout',
  description: 'Restart, undo, pause or resume a rollout.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  // restart and undo replace pods (destructive); a second restart replaces them again (not idempotent).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const t = await target(ctx, args);
    assertAllowed(ctx, [actionOn(t, 'patch')]);
    const before = await currentObject(ctx, t);
    const { after, warnings, revision } = await preview(ctx, t, args, before);
    const command = displayCommand(ctx, 'kubectl', changeArgv(t, args.action, revision));
    const diff = objectDiff(t.label, before, after);
    return { command, diff: fitDiff(ctx, diff, command.length + warnings.join('\n').length, 'the diff did not fit'), warnings };
  },
  async apply(args, ctx) {
    const t = await target(ctx, args);
    assertAllowed(ctx, [actionOn(t, 'patch')]);
    const revision = args.action === 'undo' ? await undoRevision(ctx, t, args.toRevision) : undefined;
    const argv = changeArgv(t, args.action, revision);
    const out = await kubectl(ctx, { argv, actions: [actionOn(t, 'patch')] });
    return {
      text: out.stdout.trim(),
      view: {
        kind: 'change',
        tool: 'k8s_rollout',
        command: displayCommand(ctx, 'kubectl', argv),
        output: out.stdout.trim(),
        objects: [objectRef(ctx, t.resource, { metadata: { name: t.name, namespace: t.namespace } })],
      },
    };
  },
});
