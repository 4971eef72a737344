// "Ask Drover" next to failing state badges. What @rancher/shell 3.0.13 offers: its `ui-context` store module and
// `v-ui-context` directive. The state badge of a detail page (tag `__details-state`) and the state cell of every list
// row (`__sortable-table-row`) register as *hookable* contexts: the element gets a `ux-context-hook-id` attribute and
// `ui-context/all` lists the context with that `hookId` and the resource as its value. There is no way to contribute
// items to them; so, as Rancher's own AI extension does, Drover watches the store and puts its button beside the
// element of each hook whose resource is failing. The DOM work loads on first use.
import type { Store } from 'vuex';
import { droverType } from './resource-types';

/** The hook tags of state badges (detail page masthead; list rows' state cells). */
export const BADGE_TAGS = ['__details-state', '__sortable-table-row'];
/** The shell's colours of a state in trouble (`stateColor` of a resource: error, or warning such as Unavailable). */
const FAILING_COLORS = ['text-error', 'text-warning'];
/**
 * States that mean trouble whatever colour the dashboard gives them: Rancher 2.15 shows a pod's CrashLoopBackOff,
 * Error or ImagePullBackOff as a blue (info) badge, since Kubernetes reports them as a container still waiting.
 */
const FAILING_STATES = new Set([
  'crashloopbackoff', 'error', 'imagepullbackoff', 'errimagepull', 'invalidimagename', 'createcontainerconfigerror',
  'createcontainererror', 'oomkilled', 'failed', 'backoff', 'evicted',
]);
/** Lists add one context per row as they render: act once they settle. */
const SETTLE_MS = 150;

export interface BadgeHook {
  hookId: string;
  /** The dashboard's resource object. */
  resource: { type?: string; state?: string; stateColor?: string; metadata?: { name?: string; namespace?: string } };
}

interface UiContext {
  tag: string;
  hookId?: string;
  value?: BadgeHook['resource'];
}

const isFailing = (resource: BadgeHook['resource']) => FAILING_COLORS.includes(resource.stateColor ?? '') || FAILING_STATES.has((resource.state ?? '').toLowerCase());

/** The hooks of failing badges of the types Drover knows. Reads each resource's state, so a change of it counts. */
export function failingBadges(contexts: UiContext[]): BadgeHook[] {
  return contexts.filter((c) => c.hookId && BADGE_TAGS.includes(c.tag) && droverType(c.value?.type) && isFailing(c.value!))
    .map((c) => ({ hookId: c.hookId!, resource: c.value! }));
}

/** Starts watching (nothing where the shell has no `ui-context` store); returns the stop. */
export function watchFailingBadges(store: Store<unknown>): () => void {
  if (!store.hasModule('ui-context')) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let placing = false; // the buttons' code is loaded only once there is a failing badge
  const unwatch = store.watch((_state, getters) => failingBadges(getters['ui-context/all'] ?? []), (hooks) => {
    clearTimeout(timer);
    if (!hooks.length && !placing) return;
    placing = true;
    timer = setTimeout(async() => {
      const { placeAskButtons } = await import(/* webpackChunkName: "drover-badges" */ './badge-buttons');

      placeAskButtons(store, hooks);
    }, SETTLE_MS);
  }, { immediate: true });

  return () => {
    clearTimeout(timer);
    unwatch();
  };
}
