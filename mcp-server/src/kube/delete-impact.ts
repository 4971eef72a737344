// What deleting one object takes with it, for the plan's warnings: the pods of a workload, the data of a volume,
// the clients of a Service, the contents of a Namespace, and the owners and finalizers that change how it goes.
import { CommandFailed } from '../errors';
import type { ToolContext } from '../runtime';
import { getObject } from './reads';
import type { Target } from './target';
import { podsMatching, selectorString } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */

const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

const STATIC: Record<string, (label: string, name: string) => string> = {
  Namespace: (label, name) => `${label}: every object in namespace ${name} is deleted with it`,
  Node: (label) => `${label}: its pods are deleted and nothing is scheduled there any more`,
  CustomResourceDefinition: (label) => `${label}: every object of this kind in the cluster is deleted with it`,
  CronJob: (label) => `${label}: no more runs are scheduled, and its Jobs and their pods are deleted with it`,
  ConfigMap: (label) => `${label}: pods that use it (environment or volume) fail to start until it exists again`,
  Secret: (label) => `${label}: pods that use it (environment, volume or image pulls) fail to start until it exists again`,
};

async function podsWarning(ctx: ToolContext, t: Target, obj: any): Promise<string | undefined> {
  const selector = selectorString(obj.spec?.selector);
  if (!selector || !t.namespace) return undefined;
  const count = await podsMatching(ctx, t.namespace, selector).then(
    (pods) => pods.length,
    (err) => {
      if (err instanceof CommandFailed) return undefined;
      throw err;
    },
  );
  if (count === undefined) return `${t.label}: its pods (selector ${selector}) are deleted with it`;
  return `${t.label}: its ${count} pod${count === 1 ? '' : 's'} (selector ${selector}) ${count === 1 ? 'is' : 'are'} deleted with it`;
}

async function volumeWarning(ctx: ToolContext, t: Target, claim: any): Promise<string> {
  const volume: string | undefined = claim.spec?.volumeName;
  if (!volume || claim.status?.phase !== 'Bound') return `${t.label} is not bound to a volume: no stored data is lost`;
  const pv = await getObject(ctx, await ctx.rt.discovery.resolve(ctx, 'persistentvolumes'), volume).catch((err) => {
    if (err instanceof CommandFailed) return undefined;
    throw err;
  });
  if (!pv)
    return `${t.label}: the reclaim policy of its volume ${volume} cannot be read with your rights: its data may be deleted with the claim`;
  const policy = pv.spec?.persistentVolumeReclaimPolicy;
  if (policy === 'Retain')
    return `${t.label}: its volume ${volume} has reclaim policy Retain: the data is kept, but an administrator must reclaim the volume to use it again`;
  return `${t.label}: its volume ${volume} has reclaim policy ${policy}: the volume and all its data are deleted with the claim`;
}

function serviceWarning(t: Target, svc: any): string {
  const ports = (svc.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ');
  const lb = svc.spec?.type === 'LoadBalancer' ? '; its external load balancer and address are released' : '';
  return `${t.label}: clients that reach it by name or address (${svc.spec?.clusterIP ?? 'no cluster IP'}${ports ? `, ports ${ports}` : ''}) lose access${lb}`;
}

export async function deleteImpact(ctx: ToolContext, t: Target, obj: any): Promise<string[]> {
  const kind = t.resource.kind;
  const warnings: string[] = [];
  const pods = POD_OWNERS.has(kind) ? await podsWarning(ctx, t, obj) : undefined;
  if (pods) warnings.push(pods);
  if (kind === 'PersistentVolumeClaim') warnings.push(await volumeWarning(ctx, t, obj));
  if (kind === 'Service') warnings.push(serviceWarning(t, obj));
  if (STATIC[kind]) warnings.push(STATIC[kind](t.label, t.name));
  const owner = (obj.metadata?.ownerReferences ?? []).find((o: any) => o.controller);
  if (owner) warnings.push(`${t.label} is managed by ${owner.kind} ${owner.name}, which will likely create a replacement`);
  else if (kind === 'Pod') warnings.push(`${t.label} has no controller: nothing recreates it`);
  const finalizers: string[] = obj.metadata?.finalizers ?? [];
  if (finalizers.length)
    warnings.push(`${t.label} has finalizers (${finalizers.join(', ')}): it stays Terminating until their controllers finish`);
  return warnings;
}
