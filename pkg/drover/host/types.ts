// What the chat needs from the page it lives in. Rancher's dashboard and the standalone page each provide one host;
// every component is the same in both and reaches the page only through this.
import type { ObjectRef } from '@drover/protocol';
import type { Ref } from 'vue';
import type { BackendUrl } from '../chat/backend-api';
import type { OpenRequest } from '../chat/controller';

export type Translate = (key: string, args?: Record<string, unknown>) => string;

/** What the user is looking at: the cluster of the current page and the namespaces its filter selects. */
export interface PageScope {
  cluster?: string;
  /** Cluster-friendly name for display (Rancher shows names, ids are `c-m-…`). */
  clusterLabel?: string;
  namespaces: string[];
}

export interface DashboardNamespaces {
  names: string[];
  isFiltered: boolean;
}

/** A place in the host's UI: followed in place (router), or opened as a page. */
export interface HostLink {
  href: string;
  /** Follows the link inside the app (no page load); absent for plain links. */
  follow?: () => void;
}

export interface DroverHost {
  /** `rancher`: docked in the dashboard; `standalone`: the full-page chat the backend serves. */
  kind: 'rancher' | 'standalone';
  /**
   * Rancher's service proxy refuses the backend to users without the chart's global role "Drover user" (HTTP 403; to
   * a browser, a refused WebSocket upgrade looks like any network failure): the chat asks once before connecting.
   */
  isRoleGated?: boolean;
  t: Translate;
  /** The backend's URL for a path relative to its root (`api/sessions`), and its chat WebSocket (Rancher's: once found). */
  backendUrl: BackendUrl;
  socketUrl(): string | Promise<string>;
  /** Reactive: changes when the user navigates or changes the namespace filter. */
  scope: Ref<PageScope>;
  /**
   * The namespaces the dashboard shows in a cluster (the current one only): those its namespace filter picks by name or
   * by project (`isFiltered`), else every one the user may list there. Undefined when the host cannot tell.
   */
  dashboardNamespaces?(cluster: string): DashboardNamespaces | undefined;
  /** The object's page in the host (undefined: the host has none, and the chat describes the object itself). */
  resourceLink(ref: ObjectRef): HostLink | undefined;
  /** The host's YAML editor for a live object, when it has one. */
  editLink(ref: ObjectRef): HostLink | undefined;
  /** Closes the panel (docked hosts only). */
  close?: () => void;
  /** Shows the panel with a request (docked hosts only: a detail page or a card asks in the panel beside it). */
  open?: (request: OpenRequest) => void;
}
