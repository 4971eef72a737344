// What the four helm write tools share: a release change described as object changes, judged by the policy as a
// whole (every object's kind, namespace and verb, the hooks it runs, the release record), checked by the API
// server with a server-side dry run (helm's own dry run never asks the API server whether the user may write the
// objects), shown as a plan, and run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeView } from '@drover/protocol';
import { PolicyDenied } from '../errors';
import { assertAllowed, displayCommand, helm, kubectl } from '../kube/invoke';
import type { KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { maskText } from '../policy/redact';
import type { PlanDraft, ToolResult } from '../tools/define-tool';
import { actionOf, changeActions, diffText, imagesOf, keptObjects, refOf, type ObjectChange, type Placed } from './manifest';
import { waitFlags } from './release';

export interface ReleaseChange {
  tool: string;
  /** The real helm command, without dry-run, wait or output flags. */
  argv: string[];
  releaseAction: KubeAction;
  before: Placed[];
  after: Placed[];
  changes: ObjectChange[];
  /** Hook objects helm creates while the change runs. */
  hooks: Placed[];
  /** More writes: a namespace to create, CRDs from the chart's crds/ folder. */
  extra: KubeAction[];
  /** The namespace does not exist yet, so the API server cannot check the objects in advance. */
  namespaceMissing?: boolean;
  /** The helm command that puts the release back as it was (uninstall after an install, rollback after an upgrade). */
  undo?: string[];
  /** What redacting the values of the revisions involved hides: templates may have put any of it into an object. */
  hidden: Set<string>;
}

export function allActions(c: ReleaseChange): KubeAction[] {
  return [c.releaseAction, ...changeActions(c.changes), ...c.hooks.map((h) => actionOf(h, 'create')), ...c.extra];
}

function writeList(ctx: ToolContext, name: string, objects: Placed[]): string {
  const file = join(ctx.dir, name);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((p) => p.obj) }), { mode: 0o600 });
  return file;
}

/** The API server (RBAC, admission, validation) judges every write of the change without persisting it. */
async function serverDryRun(ctx: ToolContext, c: ReleaseChange): Promise<void> {
  const writes = [...c.changes.flatMap((ch) => (ch.after ? [ch.after] : [])), ...c.hooks];
  if (writes.length) {
    await kubectl(ctx, {
      argv: [
        'apply',
        '--server-side',
        '--dry-run=server',
        '--force-conflicts',
        '--field-manager=helm',
        `--filename=${writeList(ctx, 'apply.json', writes)}`,
        '--output=name',
      ],
      actions: [...changeActions(c.changes.filter((ch) => ch.after)), ...c.hooks.map((h) => actionOf(h, 'create'))],
    });
  }
  const removed = c.changes.filter((ch) => ch.change === 'removed');
  if (removed.length) {
    await kubectl(ctx, {
      argv: [
        'delete',
        '--dry-run=server',
        '--ignore-not-found',
        `--filename=${writeList(
          ctx,
          'delete.json',
          removed.map((ch) => ch.before!),
        )}`,
        '--output=name',
      ],
      actions: changeActions(removed),
    });
  }
}

function listed(objects: Placed[], max = 8): string {
  const names = objects.slice(0, max).map((p) => p.label);
  return objects.length > max ? `${names.join(', ')} and ${objects.length - max} more` : names.join(', ');
}

function commonWarnings(c: ReleaseChange, namespace: string): string[] {
  const warnings: string[] = [];
  const removed = c.changes.filter((ch) => ch.change === 'removed').map((ch) => ch.before!);
  if (removed.length) warnings.push(`deletes ${removed.length} object(s): ${listed(removed)}`);
  const claims = removed.filter((p) => p.kind === 'PersistentVolumeClaim');
  if (claims.length) warnings.push(`deletes PersistentVolumeClaim(s) ${listed(claims)}: the data on their volumes may be lost`);
  const kept = keptObjects(c.before, c.after);
  if (kept.length) warnings.push(`keeps ${listed(kept)} (helm.sh/resource-policy: keep): they stay in the cluster, unmanaged`);
  for (const ch of c.changes) {
    const from = imagesOf(ch.before?.obj).join(', ');
    const to = imagesOf(ch.after?.obj).join(', ');
    if (ch.change === 'changed' && from !== to) warnings.push(`${ch.after!.label}: images change from ${from} to ${to}`);
  }
  const elsewhere = c.changes.map((ch) => (ch.after ?? ch.before)!).filter((p) => !p.namespaced || p.namespace !== namespace);
  if (elsewhere.length) warnings.push(`writes outside namespace ${namespace}: ${listed(elsewhere)}`);
  if (c.hooks.length) warnings.push(`runs ${c.hooks.length} chart hook(s) while it runs: ${listed(c.hooks)}`);
  if (c.namespaceMissing)
    warnings.push(`namespace ${namespace} does not exist yet, so the API server could not check the objects in advance`);
  return warnings;
}

/** Policy on every write, the API server's dry run, then the plan: command, diff and warnings. */
export async function planChange(ctx: ToolContext, c: ReleaseChange, warnings: string[]): Promise<PlanDraft> {
  assertAllowed(ctx, allActions(c));
  if (!c.namespaceMissing) await serverDryRun(ctx, c);
  const namespace = c.releaseAction.namespace!;
  const unchanged = c.after.length - c.changes.filter((ch) => ch.after).length;
  return {
    command: maskText(displayCommand(ctx, 'helm', c.argv)),
    diff: diffText(c.changes, unchanged, c.hidden),
    warnings: [...warnings, ...commonWarnings(c, namespace)],
  };
}

/**
 * Puts the release back after the gateway stopped a write helm made outside the approved plan. It is not part of
 * the plan, so it runs without one; the policy and the scope of what the release touched still apply.
 */
async function undo(ctx: ToolContext, c: ReleaseChange): Promise<string> {
  if (!c.undo) return 'the release may be left failed: check it with helm_status';
  // What this call or the approved plan may have touched: helm puts back the release's whole manifest.
  const touched = [
    ...[...c.before, ...c.after, ...c.hooks].map((o) => actionOf(o, 'patch')),
    ...(ctx.approved?.writes ?? []).map((w) => w.action),
  ];
  const actions = [
    c.releaseAction,
    { ...c.releaseAction, verb: 'delete' as const },
    ...touched.flatMap((a) => [
      { ...a, verb: 'patch' as const },
      { ...a, verb: 'delete' as const },
    ]),
  ];
  try {
    await helm({ ...ctx, approved: undefined }, { argv: [...c.undo, ...waitFlags(ctx)], actions });
    return c.undo[0] === 'uninstall' ? 'the release was uninstalled again' : `the release was rolled back to revision ${c.undo[2]}`;
  } catch (err) {
    return `putting the release back failed too (${(err as Error).message}): check it with helm_status`;
  }
}

/** Runs the helm command (declaring every write it makes) and shapes the change view; `summary` words the outcome. */
export async function runChange(
  ctx: ToolContext,
  c: ReleaseChange,
  outputFlags: string[],
  summary: (stdout: string) => Promise<string>,
): Promise<ToolResult> {
  const argv = [...c.argv, ...waitFlags(ctx), ...outputFlags];
  const refusedBefore = ctx.record.refused.length;
  let out;
  try {
    out = await helm(ctx, { argv, actions: allActions(c) });
  } catch (err) {
    if (err instanceof PolicyDenied && ctx.record.refused.length > refusedBefore)
      throw new PolicyDenied(`${err.message}; ${await undo(ctx, c)}`);
    throw err;
  }
  const text = await summary(out.stdout);
  const objects = c.changes.map((ch) => refOf(ctx, (ch.after ?? ch.before)!));
  const view: ChangeView = { kind: 'change', tool: c.tool, command: maskText(displayCommand(ctx, 'helm', argv)), output: text, objects };
  return { text, view };
}
