// What scaling a StatefulSet down takes away, for the plan's warnings: its pods from the highest ordinal down, and the
// claims those pods had from the volumeClaimTemplates, which stay (with their data) unless the StatefulSet's
// persistentVolumeClaimRetentionPolicy says whenScaled: Delete.
import { CommandFailed } from '../errors';
import type { ToolContext } from '../runtime';
import { listAll } from './reads';
import { podsMatching, selectorString } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NAMED = 10;
const MAX_CLAIMS_READ = 2000;

/** "pods a, b, c and 4 more are" or "pod a is" */
function named(what: string, names: string[]): string {
  const shown = names.slice(0, NAMED).join(', ');
  const list = names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
  return names.length === 1 ? `${what} ${list} is` : `${what}s ${list} are`;
}

/** Runs a read the plan can do without; a refusal becomes the reason instead. */
async function unless<T>(read: () => Promise<T>): Promise<T | { refused: string }> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof CommandFailed) return { refused: err.message.split('\n')[0] };
    throw err;
  }
}

export async function statefulSetScaleDown(ctx: ToolContext, sts: any, replicas: number): Promise<string[]> {
  const name: string = sts.metadata.name;
  const namespace: string = sts.metadata.namespace;
  const from: number = sts.spec?.replicas ?? 1;
  if (replicas >= from) return [];
  const start: number = sts.spec?.ordinals?.start ?? 0;
  // The controller removes the highest ordinals first.
  const condemned = Array.from({ length: from - replicas }, (_, i) => `${name}-${start + from - 1 - i}`);
  const templates: string[] = (sts.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name);
  const selector = selectorString(sts.spec?.selector);
  const [pods, claims] = await Promise.all([
    selector ? unless(() => podsMatching(ctx, namespace, selector)) : { refused: 'it has no selector' },
    templates.length
      ? unless(async () =>
          listAll(ctx, await ctx.rt.discovery.resolve(ctx, 'persistentvolumeclaims'), { namespace, maxItems: MAX_CLAIMS_READ }),
        )
      : undefined,
  ]);

  const label = `StatefulSet ${name}`;
  const order = sts.spec?.podManagementPolicy === 'Parallel' ? 'all at once' : 'one at a time, highest ordinal first';
  const running = 'refused' in pods ? undefined : new Set(pods.map((pod: any) => pod.metadata?.name));
  const existingPods = running ? condemned.filter((p) => running.has(p)) : condemned;
  const warnings = [
    existingPods.length
      ? `${label}: ${named('pod', existingPods)} deleted (${order})`
      : `${label}: no pods exist at ordinals ${start + replicas} and above, so none are deleted`,
  ];
  if (!claims) return warnings;
  if ('refused' in claims) {
    warnings.push(`${label}: which claims of those pods exist cannot be checked (${claims.refused})`);
    return warnings;
  }
  const present = new Set(claims.items.map((c: any) => c.metadata?.name));
  const affected = condemned.flatMap((pod) => templates.map((t) => `${t}-${pod}`)).filter((c) => present.has(c));
  if (!affected.length) return warnings;
  const policy = sts.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain';
  const [its, them, owners] = affected.length === 1 ? ['its', 'it', 'pod'] : ['their', 'them', 'pods'];
  warnings.push(
    policy === 'Delete'
      ? `${label}: ${named('claim', affected)} deleted with ${its} ${owners}, and ${its} data with ${them} (persistentVolumeClaimRetentionPolicy.whenScaled is Delete)`
      : `${label}: ${named('claim', affected)} kept with ${its} data (persistentVolumeClaimRetentionPolicy.whenScaled is ${policy}); scaling up again reuses ${them}`,
  );
  if (!claims.complete) warnings.push(`${label}: only the first ${MAX_CLAIMS_READ} claims of namespace ${namespace} were checked`);
  return warnings;
}
