// The cluster a result came from, for links to the objects it names: a tool step provides its call's cluster, and
// an object reference without a cluster of its own links there, not to the cluster of the page being viewed.
import type { ObjectRef } from '@drover/protocol';
import {
  computed, inject, provide, type ComputedRef, type InjectionKey, type Ref
} from 'vue';

const RESULT_CLUSTER: InjectionKey<Ref<string | undefined>> = Symbol('drover-result-cluster');

export function provideResultCluster(cluster: Ref<string | undefined>): void {
  provide(RESULT_CLUSTER, cluster);
}

/** The reference as a link needs it: its own cluster, else the one of the result it is in (if known). */
export function useObjectOnItsCluster(ref: () => ObjectRef): ComputedRef<ObjectRef> {
  const cluster = inject(RESULT_CLUSTER, undefined);

  return computed(() => {
    const object = ref();

    return object.cluster || !cluster?.value ? object : { ...object, cluster: cluster.value };
  });
}
