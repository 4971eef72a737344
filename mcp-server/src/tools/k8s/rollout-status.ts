// k8s_rollout_status: whether the rollout of a Deployment, StatefulSet or DaemonSet is done (status), or the
// revisions it went through (history). Reads only; changing a rollout is k8s_rollout.
import { TextViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { CommandFailed } from '../../errors';
import { kubectl } from '../../kube/invoke';
import { historyText, resolveRolloutTarget, rolloutTargetInput } from '../../kube/rollout';
import { actionOn, slashArgs, type Target } from '../../kube/target';
import { maskError, maskText } from '../../policy/redact';
import type { ToolContext } from '../../runtime';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool, type ToolResult } from '../define-tool';

/** How long `rollout status` may wait for a rollout that is about to finish; it never blocks longer. */
const STATUS_WAIT_SECONDS = 3;

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

export const k8sRolloutStatus = defineTool({
  kind: 'read',
  name: 'k8s_rollout_status',
  title: 'Kubernetes: rollout status',
  description: 'Whether a rollout is done (status), or its revisions (history).',
  input: {
    action: z.enum(['status', 'history']).default('status'),
    ...rolloutTargetInput,
  },
  views: [TextViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const t = await resolveRolloutTarget(ctx, args);
    return args.action === 'history' ? history(ctx, t) : status(ctx, t);
  },
});
