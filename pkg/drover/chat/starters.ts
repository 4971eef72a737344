// Starter prompts for an empty chat, from what the user is looking at: templates filled in, no model call.
import type { ObjectRef } from '@drover/protocol';
import type { Translate } from '../host/types';

/** Kinds whose pods have logs worth offering. */
const WITH_LOGS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);

export function starterPrompts(t: Translate, scope: { namespace?: string; resource?: ObjectRef }): string[] {
  const { resource, namespace } = scope;

  if (resource) {
    const args = {
      kind: resource.kind, name: resource.name, namespace: resource.namespace ?? namespace ?? ''
    };

    return [
      t('drover.starters.resource.health', args),
      ...(WITH_LOGS.has(resource.kind) ? [t('drover.starters.resource.logs', args)] : []),
      t('drover.starters.resource.events', args),
      t('drover.starters.resource.describe', args),
    ];
  }
  if (namespace) {
    return [
      t('drover.starters.namespace.health', { namespace }),
      t('drover.starters.namespace.pods', { namespace }),
      t('drover.starters.namespace.events', { namespace }),
      `/diagnose -n ${ namespace }`,
    ];
  }

  return [t('drover.starters.cluster.health'), t('drover.starters.cluster.nodes'), t('drover.starters.cluster.events'), '/diagnose'];
}
