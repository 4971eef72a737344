// k8s_rollout: status and history (reads, no approval) and restart, undo, pause, resume (planned changes) of a
// Deployment, StatefulSet or DaemonSet.
import { ChangeViewSchema, PlanViewSchema, TextViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { CommandFailed, ToolError } from '../../errors';
import { nameArg, namespaceArg } from '../../kube/args';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { dryRunPatch } from '../../kube/patching';
import {
  historyText,
  images,
  pausedPatch,
  replacementWarning,
  restartPatch,
  revisionTemplate,
  ROLLOUT_KINDS,
  undoRevision,
} from '../../kube/rollout';
import { actionOn, currentObject, resolveTarget, slashArgs, type Target } from '../../kube/target';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { fitDiff } from '../../views/impact';
import { maskError, maskText } from '../../policy/redact';
import { objectRef } from '../../views/table';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool, type ToolResult } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** How long `rollout status` may wait for a rollout that is about to finish; it never blocks longer. */
const STATUS_WAIT_SECONDS = 3;

const input = {
  action: z
    .enum(['status', 'history', 'restart', 'undo', 'pause', 'resume'])
    .describe('status or history (read only); restart (replace all pods), undo (go back a revision), pause or resume (deployments only)'),
  kind: z.enum(['deployment', 'statefulset', 'daemonset']).default('deployment').describe('Workload kind'),
  name: nameArg.describe('Workload name'),
  namespace: namespaceArg.describe('Namespace'),
  toRevision: z.number().int().min(1).optional().describe('undo only: the revision to go back to (default: the previous one)'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function target(ctx: ToolContext, args: Args): Promise<Target> {
  if (args.toRevision !== undefined && args.action !== 'undo') throw new ToolError('toRevision is only for action=undo');
  if ((args.action === 'pause' || args.action === 'resume') && args.kind !== 'deployment')
    throw new ToolError('only Deployments can be paused and resumed');
  return resolveTarget(ctx, ROLLOUT_KINDS[args.kind], args.name, args.namespace);
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

async function status(ctx: ToolContext, t: Target): Promise<ToolResult> {
  const res = await kubectl(ctx, {
    argv: ['rollout', 'status', ...slashArgs(t), `--timeout=${STATUS_WAIT_SECONDS}s`],
    actions: [actionOn(t, 'get'), actionOn(t, 'watch')],
    allowFailure: true,
  });
  const waiting = /timed out waiting for the condition/.test(res.stderr);
  if (res.exitCode !== 0 && !waiting) throw new CommandFailed(maskError(res.stderr.trim()) || `kubectl exited with code ${res.exitCode}`);
  const last = res.stdout.trim().split('\n').pop() ?? '';
  const text = waiting ? `${last}\n(still in progress after ${STATUS_WAIT_SECONDS} s; ask again later)` : last;
  return { text, view: { kind: 'text', title: `Rollout status of ${t.label}`, text, truncated: false } };
}

async function history(ctx: ToolContext, t: Target): Promise<ToolResult> {
  // CHANGE-CAUSE comes from an annotation anyone with edit rights can write.
  const full = maskText((await historyText(ctx, t)).trim());
  const fitted = fitText(full, ctx.budgetChars - 200, 'the oldest revisions are listed first');
  return {
    text: frameUntrusted(`rollout history of ${t.label}`, fitted.text),
    view: { kind: 'text', title: `Rollout history of ${t.label}`, text: full, truncated: fitted.truncated },
  };
}

export const k8sRollout = defineTool({
  kind: 'write',
  name: 'k8s_rollout',
  title: 'Kubernetes: manage a rollout',
  description:
    "Rollout status or history of a Deployment, StatefulSet or DaemonSet, or restart, undo, pause or resume it. Changes need the user's approval.",
  input,
  views: [PlanViewSchema, ChangeViewSchema, TextViewSchema],
  // restart and undo replace pods (destructive); a second restart replaces them again (not idempotent).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const t = await target(ctx, args);
    if (args.action === 'status' || args.action === 'history') return { readOnly: true };
    assertAllowed(ctx, [actionOn(t, 'patch')]);
    const before = await currentObject(ctx, t);
    const { after, warnings, revision } = await preview(ctx, t, args, before);
    const command = displayCommand(ctx, 'kubectl', changeArgv(t, args.action, revision));
    const diff = objectDiff(t.label, before, after);
    return { command, diff: fitDiff(ctx, diff, command.length + warnings.join('\n').length, 'the diff did not fit'), warnings };
  },
  async apply(args, ctx) {
    const t = await target(ctx, args);
    if (args.action === 'status') return status(ctx, t);
    if (args.action === 'history') return history(ctx, t);
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
