// k8s_exec: run one command (an argv, never a shell line) in a running container. Offered only when the
// administrator allows exec; every run is approved by the user first.
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { CommandFailed, ToolError } from '../../errors';
import { containerArg, nameArg, namespaceArg } from '../../kube/args';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { commandExit, runningContainer, withDeadline, type ExecContainer } from '../../kube/pod-exec';
import { actionOn, resolveTarget, type Target } from '../../kube/target';
import type { ToolContext } from '../../runtime';
import { maskError, maskText } from '../../policy/redact';
import { objectRef } from '../../views/table';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

const MAX_OUTPUT_BYTES = 1024 * 1024;

const input = {
  pod: nameArg,
  namespace: namespaceArg,
  container: containerArg.optional().describe('Omit for the default container'),
  command: z
    .array(
      z
        .string()
        .max(1024)
        .refine((a) => !a.includes('\0'), 'must not contain NUL characters'),
    )
    .min(1)
    .max(32)
    .refine((argv) => argv[0].length > 0, 'the first item is the program to run')
    .describe('Arguments, e.g. ["cat","/etc/resolv.conf"]'),
  timeoutSeconds: z.number().int().min(1).max(60).default(10).describe('Seconds before it is stopped'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function prepare(ctx: ToolContext, args: Args): Promise<{ pod: Target; container: ExecContainer; argv: string[] }> {
  const pod = await resolveTarget(ctx, 'pods', args.pod, args.namespace);
  assertAllowed(ctx, [actionOn(pod, 'exec')]);
  const container = await runningContainer(ctx, pod, args.container);
  const argv = ['exec', args.pod, `--namespace=${args.namespace}`, `--container=${container.name}`, '--', ...args.command];
  return { pod, container, argv };
}

/** The API server would only refuse at execution: ask it now, so a plan is never offered that cannot run. */
async function assertMayExec(ctx: ToolContext, namespace: string): Promise<void> {
  const res = await kubectl(ctx, {
    argv: ['auth', 'can-i', 'create', 'pods', '--subresource=exec', `--namespace=${namespace}`],
    actions: [{ verb: 'get', kind: 'SelfSubjectAccessReview', group: 'authorization.k8s.io', clusterScoped: true }],
    allowFailure: true,
  });
  if (res.stdout.trim() !== 'yes') {
    throw new ToolError(`you may not run commands in pods of namespace ${namespace} (your role lacks create on pods/exec)`);
  }
}

function framed(ctx: ToolContext, what: string, text: string, share: number): string {
  const fitted = fitText(text, Math.max(Math.floor(ctx.budgetChars * share), 200), 'print less (head, grep, a narrower path)');
  if (fitted.truncated) ctx.record.truncated = true;
  return frameUntrusted(what, fitted.text);
}

export const k8sExec = defineTool({
  kind: 'write',
  name: 'k8s_exec',
  title: 'Kubernetes: run a command in a container',
  description: 'Run one command (no shell) in a running container; returns its output.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  available: (config) => config.policy.allowExec,
  // A command can change anything the container can reach (destructive), and running it twice is two runs.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const { container, argv } = await prepare(ctx, args);
    await assertMayExec(ctx, args.namespace);
    const warnings = [
      `runs inside container ${container.name} of pod ${args.pod} with that container's privileges, files, network access and service account: it can change or stop the application`,
      `the command is stopped after ${Math.min(args.timeoutSeconds, ctx.rt.config.limits.timeoutSeconds)} s`,
    ];
    if (!args.container && container.all.length > 1)
      warnings.push(`no container given: runs in ${container.name} (the pod has ${container.all.join(', ')})`);
    return {
      command: displayCommand(ctx, 'kubectl', argv),
      diff: `(no object changes: the command runs in container ${container.name} of pod ${args.pod})`,
      warnings,
    };
  },
  async apply(args, ctx) {
    const { pod, argv } = await prepare(ctx, args);
    const res = await withDeadline(ctx, args.timeoutSeconds, (limited) =>
      kubectl(limited, { argv, actions: [actionOn(pod, 'exec')], maxBytes: MAX_OUTPUT_BYTES, allowFailure: true }),
    );
    // Output past the cap stops the command, so it has no exit code of its own.
    const exit = res.truncated ? { code: undefined, stderr: res.stderr } : commandExit(res.exitCode, res.stderr);
    if (!exit) throw new CommandFailed(maskError(res.stderr.trim() || `kubectl exited with code ${res.exitCode}`));
    const stdout = maskText(res.stdout);
    const stderr = maskText(exit.stderr.trim());
    const summary = exit.code === undefined ? `Stopped: the output passed ${MAX_OUTPUT_BYTES / 1024} KiB.` : `Exit code ${exit.code}.`;
    const text = [
      summary,
      framed(ctx, 'command output', stdout, stderr ? 0.6 : 0.85),
      ...(stderr ? [framed(ctx, 'command stderr', stderr, 0.25)] : []),
    ].join('\n');
    return {
      text,
      view: {
        kind: 'change',
        tool: 'k8s_exec',
        command: displayCommand(ctx, 'kubectl', argv),
        output: `${summary}\n${stdout}${stderr ? `\n${stderr}` : ''}`,
        objects: [objectRef(ctx, pod.resource, { metadata: { name: args.pod, namespace: args.namespace } })],
      },
    };
  },
});
