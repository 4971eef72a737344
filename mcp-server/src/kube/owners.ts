// Who owns an object, upwards: Pod → ReplicaSet → Deployment, Pod → Job → CronJob… Each step follows the
// controlling ownerReference (or the first one) and reads the owner, since only the owner knows its own owner.
import type { ObjectRef } from '@drover/protocol';
import { CommandFailed } from '../errors';
import type { ToolContext } from '../runtime';
import { getObject } from './reads';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MAX_DEPTH = 5;

export interface OwnerChain {
  /** From the object's direct owner up. */
  owners: ObjectRef[];
  /** Why the chain stops early (an owner that could not be read), if it does. */
  note?: string;
}

function ownerOf(obj: any): any | undefined {
  const refs: any[] = obj.metadata?.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

export async function ownerChain(ctx: ToolContext, obj: any): Promise<OwnerChain> {
  const namespace: string | undefined = obj.metadata?.namespace;
  const all = await ctx.rt.discovery.resources(ctx);
  const owners: ObjectRef[] = [];
  let current = obj;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const ref = ownerOf(current);
    if (!ref) return { owners };
    const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
    const resource = all.find((r) => r.kind === ref.kind && r.group === group);
    owners.push({
      cluster: ctx.cluster,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      ...(resource?.namespaced && namespace ? { namespace } : {}),
    });
    if (!resource) return { owners, note: `the cluster no longer serves ${ref.kind} (${ref.apiVersion})` };
    try {
      current = await getObject(ctx, resource, ref.name, namespace);
    } catch (err) {
      if (!(err instanceof CommandFailed)) throw err;
      const reason = /forbidden/i.test(err.message)
        ? 'you may not read it'
        : /not ?found/i.test(err.message)
          ? 'it no longer exists'
          : 'it could not be read';
      return { owners, note: `${ref.kind} ${ref.name}: ${reason}, so its own owners are unknown` };
    }
  }
  return { owners, note: `owner chain cut after ${MAX_DEPTH} levels` };
}
