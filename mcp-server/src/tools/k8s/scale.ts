// k8s_scale: change the replica count of a workload (two-phase: planned with a server-side dry run).
import { ChangeViewSchema, PlanViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { CommandFailed, ToolError } from '../../errors';
import { kindArg, nameArg, namespaceArg } from '../../kube/args';
import { resourceArg, type ApiResource } from '../../kube/discovery';
import { assertAllowed, displayCommand, kubectl } from '../../kube/invoke';
import { getObject, listObjects } from '../../kube/reads';
import { statefulSetScaleDown } from '../../kube/scale-impact';
import type { KubeAction } from '../../policy/engine';
import type { ToolContext } from '../../runtime';
import { objectDiff } from '../../views/diff';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const SCALABLE = ['deployments.apps', 'statefulsets.apps', 'replicasets.apps', 'replicationcontrollers'];

const input = {
  kind: kindArg.default('deployment').describe('deployment, statefulset or replicaset'),
  name: nameArg,
  namespace: namespaceArg,
  replicas: z.number().int().min(0).max(1000),
};
type Args = z.infer<z.ZodObject<typeof input>>;

async function target(ctx: ToolContext, args: Args): Promise<{ resource: ApiResource; action: KubeAction; argv: string[] }> {
  const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
  if (!SCALABLE.includes(resourceArg(resource)))
    throw new ToolError(`${resource.kind} cannot be scaled; scale a Deployment, StatefulSet or ReplicaSet`);
  const action: KubeAction = {
    verb: 'patch',
    kind: resource.kind,
    group: resource.group,
    namespace: args.namespace,
    name: args.name,
    clusterScoped: false,
  };
  assertAllowed(ctx, [action]);
  const argv = ['scale', `${resourceArg(resource)}/${args.name}`, `--replicas=${args.replicas}`, `--namespace=${args.namespace}`];
  return { resource, action, argv };
}

async function hpaFor(ctx: ToolContext, resource: ApiResource, args: Args): Promise<string | undefined> {
  const hpas = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'horizontalpodautoscalers.autoscaling'), {
    namespace: args.namespace,
  }).catch((err) => {
    if (err instanceof CommandFailed) return { items: [] }; // may not read autoscalers: no warning rather than no plan
    throw err;
  });
  const hpa = hpas.items.find((h: any) => h.spec?.scaleTargetRef?.kind === resource.kind && h.spec?.scaleTargetRef?.name === args.name);
  return hpa?.metadata?.name;
}

export const k8sScale = defineTool({
  kind: 'write',
  name: 'k8s_scale',
  title: 'Kubernetes: scale a workload',
  description: 'Set the replicas of a workload.',
  input,
  views: [PlanViewSchema, ChangeViewSchema],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async plan(args, ctx) {
    const { resource, action, argv } = await target(ctx, args);
    const current = await getObject(ctx, resource, args.name, args.namespace);
    // The dry run proves the API server (RBAC, admission, quota) accepts the change; it prints the object as it was,
    // so the after-state for the diff is the current object with the new count.
    await kubectl(ctx, { argv: [...argv, '--dry-run=server', '--output=name'], actions: [action] });
    const after = { ...current, spec: { ...current.spec, replicas: args.replicas } };
    const from = current.spec?.replicas ?? 1;
    const warnings: string[] = [];
    if (args.replicas === 0)
      warnings.push(`scales ${resource.kind} ${args.name} to zero: all its pods stop and anything using it loses service`);
    if (from > 0 && args.replicas >= from * 4 && args.replicas - from >= 10)
      warnings.push(`a large jump from ${from} to ${args.replicas} replicas: check the namespace quota and node capacity`);
    if (args.replicas === from) warnings.push(`${args.name} already has ${from} replicas: nothing will change`);
    if (resource.kind === 'StatefulSet') warnings.push(...(await statefulSetScaleDown(ctx, current, args.replicas)));
    const hpa = await hpaFor(ctx, resource, args);
    if (hpa) warnings.push(`HorizontalPodAutoscaler ${hpa} manages ${args.name} and will override this replica count`);
    return { command: displayCommand(ctx, 'kubectl', argv), diff: objectDiff(`${resource.kind}/${args.name}`, current, after), warnings };
  },
  async apply(args, ctx) {
    const { resource, action, argv } = await target(ctx, args);
    const out = await kubectl(ctx, { argv, actions: [action] });
    const ref = objectRef(ctx, resource, { metadata: { name: args.name, namespace: args.namespace } });
    return {
      text: `${out.stdout.trim()} to ${args.replicas} replicas.`,
      view: { kind: 'change', tool: 'k8s_scale', command: displayCommand(ctx, 'kubectl', argv), output: out.stdout.trim(), objects: [ref] },
    };
  },
});
