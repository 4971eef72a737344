// Drover in the dashboard's own pages: row actions on the lists of the types in DROVER_TYPES, a Drover tab on their
// detail pages, and a card on the cluster dashboard. Components load on first use; the actions only dispatch.
import { ActionLocation, CardLocation, TabLocation, type IPlugin } from '@shell/core/types';
import { ASKS, type Ask } from './asks';
import { askAbout, storeFor } from './dashboard-store';
import { DROVER_TYPES, droverType, type DashboardResource } from './resource-types';

/** The detail pages' tab (`#drover` in the page's URL) and the cluster dashboard's card. */
export const TAB_NAME = 'drover';
const TAB_WEIGHT = -10; // after the type's own tabs
/** The dashboard's list of every workload type at once: each row's own type decides which actions it gets. */
const WORKLOAD_LIST = 'workload';

/** A row action: `this` is the host component when the shell gives one (see storeFor). */
function rowAction(ask: Ask) {
  return function(this: unknown, _opts: unknown, resources: DashboardResource[]): boolean {
    const store = storeFor(this, resources[0]);

    return !!store && askAbout(ask, store, resources[0]);
  };
}

export function registerDashboard(plugin: IPlugin): void {
  for (const ask of ASKS) {
    const lists = [...DROVER_TYPES.filter((t) => ask.appliesTo(t)).map((t) => t.type), WORKLOAD_LIST];

    plugin.addAction(ActionLocation.TABLE, { resource: lists }, {
      labelKey: ask.labelKey,
      icon:     ask.icon,
      enabled:  (resource: DashboardResource) => {
        const type = droverType(resource?.type);

        return !!type && ask.appliesTo(type);
      },
      invoke: rowAction(ask),
    });
  }
  plugin.addTab(TabLocation.RESOURCE_DETAIL, { resource: DROVER_TYPES.map((t) => t.type) }, {
    name:       TAB_NAME,
    labelKey:   'drover.tab.label',
    weight:     TAB_WEIGHT,
    showHeader: false,
    component:  () => import(/* webpackChunkName: "drover-dashboard" */ '../components/dashboard/DroverTab.vue'),
  });
  plugin.addCard(CardLocation.CLUSTER_DASHBOARD_CARD, {}, {
    labelKey:  'drover.card.label',
    component: () => import(/* webpackChunkName: "drover-dashboard" */ '../components/dashboard/ClusterCard.vue'),
  });
}
