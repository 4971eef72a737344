// Reaching the dashboard's store from where the shell calls Drover, and asking Drover about one of its objects.
import { STORE_NS } from '../config/constants';
import type { Ask } from './asks';
import { targetOf, type DashboardResource } from './resource-types';

/** What Drover needs of the dashboard's (vuex) store. */
export interface DashboardStore {
  dispatch(type: string, payload?: unknown): unknown;
  getters: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A dashboard resource object: it carries its store's context (`$dispatch`, `$rootGetters`). */
interface ResourceWithStore {
  $dispatch?: (type: string, payload: unknown, options: { root: true }) => unknown;
  $rootGetters?: DashboardStore['getters'];
}

/**
 * The store, from the component an action runs in (`this`), or, where the shell calls the action without one (its
 * `<script setup>` action menu of list rows calls it with `this` undefined), from the resource's own store context.
 */
export function storeFor(host: unknown, resource: unknown): DashboardStore | undefined {
  const store = (host as { $store?: DashboardStore } | undefined)?.$store;

  if (store) return store;
  const { $dispatch, $rootGetters } = (resource ?? {}) as ResourceWithStore;

  return $dispatch && $rootGetters ? { dispatch: (type, payload) => $dispatch(type, payload, { root: true }), getters: $rootGetters } : undefined;
}

/** Opens the chat with the ask about the object (of the cluster being viewed); false when Drover has none for its type. */
export function askAbout(ask: Ask, store: DashboardStore, resource: DashboardResource | undefined): boolean {
  const target = targetOf(resource, store.getters.clusterId || 'local');

  if (!target || !ask.appliesTo(target.type)) return false;
  const t = (key: string, args?: Record<string, unknown>) => store.getters['i18n/t'](key, args) as string;

  store.dispatch(`${ STORE_NS }/open`, ask.request(target, t));

  return true;
}
