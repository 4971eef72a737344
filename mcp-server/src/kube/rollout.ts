// Rollouts of Deployments, StatefulSets and DaemonSets, for k8s_rollout (changes) and k8s_rollout_status (reads).
// kubectl 1.33 has a server-side dry run only for `rollout undo`; restart, pause and resume are validated with the
// equivalent patch instead (restart sets the kubectl.kubernetes.io/restartedAt template annotation, pause and resume
// set spec.paused).
import { z } from 'zod';
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { nameArg, namespaceArg } from './args';
import { parseAlignedTable } from './columns';
import { kubectl } from './invoke';
import { kubectlJson } from './json';
import { actionOn, resolveTarget, slashArgs, type Target } from './target';

/* eslint-disable @typescript-eslint/no-explicit-any */

const ROLLOUT_KINDS = { deployment: 'deployments.apps', statefulset: 'statefulsets.apps', daemonset: 'daemonsets.apps' } as const;

/** The arguments naming the workload both rollout tools act on. */
export const rolloutTargetInput = {
  kind: z.enum(['deployment', 'statefulset', 'daemonset']).default('deployment'),
  name: nameArg,
  namespace: namespaceArg,
};

export function resolveRolloutTarget(
  ctx: ToolContext,
  args: { kind: keyof typeof ROLLOUT_KINDS; name: string; namespace: string },
): Promise<Target> {
  return resolveTarget(ctx, ROLLOUT_KINDS[args.kind], args.name, args.namespace);
}

export function restartPatch(at: Date): string {
  return JSON.stringify({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } } });
}

export function pausedPatch(paused: boolean): string {
  return JSON.stringify({ spec: { paused } });
}

function historyActions(t: Target) {
  const revisionKind =
    t.resource.kind === 'Deployment' ? { kind: 'ReplicaSet', group: 'apps' } : { kind: 'ControllerRevision', group: 'apps' };
  return [actionOn(t, 'get'), { verb: 'list' as const, ...revisionKind, namespace: t.namespace, clusterScoped: false }];
}

function historyArgv(t: Target, revision?: number): string[] {
  return ['rollout', 'history', ...slashArgs(t), ...(revision ? [`--revision=${revision}`] : [])];
}

/** `kubectl rollout history` as kubectl prints it (the object's name, then a REVISION / CHANGE-CAUSE table). */
export async function historyText(ctx: ToolContext, t: Target): Promise<string> {
  return (await kubectl(ctx, { argv: historyArgv(t), actions: historyActions(t) })).stdout;
}

/** The revision `rollout undo` goes back to: the one asked for, else the one before the current. */
export async function undoRevision(ctx: ToolContext, t: Target, wanted: number | undefined): Promise<number> {
  const text = await historyText(ctx, t);
  const table = text.slice(Math.max(0, text.indexOf('REVISION')));
  const revisions = parseAlignedTable(table)
    .map((row) => Number(row.REVISION))
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
  if (wanted !== undefined && !revisions.includes(wanted)) {
    throw new ToolError(`${t.label} has no revision ${wanted}; its revisions are ${revisions.join(', ') || 'none'}`);
  }
  if (wanted === undefined && revisions.length < 2) throw new ToolError(`${t.label} has only one revision: there is nothing to go back to`);
  return wanted ?? revisions[revisions.length - 2];
}

/** The pod template of one revision, as `rollout undo` would restore it. */
export async function revisionTemplate(ctx: ToolContext, t: Target, revision: number): Promise<any> {
  const obj = await kubectlJson<any>(ctx, { argv: [...historyArgv(t, revision), '--output=json'], actions: historyActions(t) });
  const template = structuredClone(obj.spec?.template ?? {});
  // The ReplicaSet's own label; undo drops it from the Deployment's template.
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}

export function images(template: any): string {
  return (template?.spec?.containers ?? []).map((c: any) => `${c.name}=${c.image}`).join(', ');
}

/** How a changed pod template reaches the pods, by kind and update strategy. */
export function replacementWarning(t: Target, obj: any): string {
  const strategy = obj.spec?.strategy?.type ?? obj.spec?.updateStrategy?.type ?? 'RollingUpdate';
  const replicas = obj.spec?.replicas ?? 1;
  if (strategy === 'OnDelete') return `${t.label} updates pods OnDelete: each pod picks up the change only when it is deleted`;
  if (strategy === 'Recreate')
    return `${t.label} uses the Recreate strategy: ${replicas === 1 ? 'its pod stops' : `all ${replicas} pods stop`} before new ones start (downtime)`;
  if (t.resource.kind === 'DaemonSet') return `${t.label}: the pod on every node is replaced, a few nodes at a time`;
  if (replicas === 1) return `${t.label}: its pod is replaced (rolling update)`;
  if (t.resource.kind === 'StatefulSet') return `${t.label}: all ${replicas} pods are replaced one at a time, highest ordinal first`;
  return `${t.label}: all ${replicas} pods are replaced, a few at a time (rolling update)`;
}
