// The dashboard's resource types Drover adds its actions, its detail tab and its "Ask Drover" badges to: one
// table, and how one of the dashboard's resource objects becomes what Drover asks about.
import type { ObjectRef } from '@drover/protocol';
import { HELM_APP_TYPE, HELM_RELEASE_KIND } from '../config/constants';

/**
 * How an object of the type is diagnosed without a model:
 * - `namespace`: `/diagnose <namespace>` (problems with evidence and fixes; those of this object and its pods
 *   are its own), then `/describe` of the object;
 * - `object`: `/describe` only (a kind the namespace diagnosis does not check, or a node);
 * - `release`: `/helm status` of the release, then `/diagnose` of its namespace (all of it is the release's).
 */
export type DiagnosisMode = 'namespace' | 'object' | 'release';

export interface DroverType {
  /** The dashboard's (Steve) type, as its list and detail routes name it. */
  type: string;
  /** The kind as direct commands take it (`/describe <kind>/<name>`). */
  kind: string;
  namespaced: boolean;
  /** `/logs` reads the pods of this kind (the pod itself, or a workload's). */
  hasLogs: boolean;
  diagnosis: DiagnosisMode;
}

export const DROVER_TYPES: readonly DroverType[] = [
  {
    type: 'pod', kind: 'pod', namespaced: true, hasLogs: true, diagnosis: 'namespace'
  },
  {
    type: 'apps.deployment', kind: 'deployment', namespaced: true, hasLogs: true, diagnosis: 'namespace'
  },
  {
    type: 'apps.statefulset', kind: 'statefulset', namespaced: true, hasLogs: true, diagnosis: 'namespace'
  },
  {
    type: 'apps.daemonset', kind: 'daemonset', namespaced: true, hasLogs: true, diagnosis: 'namespace'
  },
  {
    type: 'batch.job', kind: 'job', namespaced: true, hasLogs: true, diagnosis: 'namespace'
  },
  // `/logs` reads the pods of a job, not of a cron job (whose pods belong to its jobs): no logs action.
  {
    type: 'batch.cronjob', kind: 'cronjob', namespaced: true, hasLogs: false, diagnosis: 'namespace'
  },
  {
    type: 'service', kind: 'service', namespaced: true, hasLogs: false, diagnosis: 'namespace'
  },
  {
    type: 'networking.k8s.io.ingress', kind: 'ingress', namespaced: true, hasLogs: false, diagnosis: 'object'
  },
  {
    type: 'persistentvolumeclaim', kind: 'pvc', namespaced: true, hasLogs: false, diagnosis: 'namespace'
  },
  {
    type: 'node', kind: 'node', namespaced: false, hasLogs: false, diagnosis: 'object'
  },
  {
    type: HELM_APP_TYPE, kind: 'release', namespaced: true, hasLogs: false, diagnosis: 'release'
  },
];

/** What the dashboard hands an action, a tab or a badge: one of its resource objects (a Steve model). */
export interface DashboardResource {
  type?: string;
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string };
}

/** An object Drover is asked about: its row in the table and its reference (on its cluster) for the chat. */
export interface DroverTarget {
  type: DroverType;
  ref: ObjectRef;
}

export function droverType(type: string | undefined): DroverType | undefined {
  return DROVER_TYPES.find((t) => t.type === type);
}

/** The object as Drover names it, when it is of a type in the table; a Helm App is its release. */
export function targetOf(resource: DashboardResource | undefined, cluster: string): DroverTarget | undefined {
  const type = droverType(resource?.type);
  const name = resource?.metadata?.name;

  if (!type || !name) return undefined;
  const namespace = type.namespaced ? resource?.metadata?.namespace : undefined;
  const apiVersion = resource?.apiVersion;
  const identity = type.diagnosis === 'release' ? { kind: HELM_RELEASE_KIND } : { ...(apiVersion ? { apiVersion } : {}), kind: resource?.kind ?? type.kind };

  return {
    type,
    ref: {
      cluster, ...identity, name, ...(namespace ? { namespace } : {})
    },
  };
}
