// The shapes a diagnosis shares: which analyzer families exist, the lists they read, and the findings they write.
import type { ObjectRef, Severity } from '@drover/protocol';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = any;

/** Analyzer families, as the `kinds` input names them. */
export const FAMILIES = ['pods', 'workloads', 'services', 'storage', 'jobs', 'nodes', 'events'] as const;
export type Family = (typeof FAMILIES)[number];

/** The lists a diagnosis may fetch (one list call each). */
export const LISTS = {
  pods: { resource: 'pods', kind: 'Pod', group: '', apiVersion: 'v1', clusterScoped: false },
  deployments: { resource: 'deployments.apps', kind: 'Deployment', group: 'apps', apiVersion: 'apps/v1', clusterScoped: false },
  statefulsets: { resource: 'statefulsets.apps', kind: 'StatefulSet', group: 'apps', apiVersion: 'apps/v1', clusterScoped: false },
  daemonsets: { resource: 'daemonsets.apps', kind: 'DaemonSet', group: 'apps', apiVersion: 'apps/v1', clusterScoped: false },
  services: { resource: 'services', kind: 'Service', group: '', apiVersion: 'v1', clusterScoped: false },
  endpointslices: {
    resource: 'endpointslices.discovery.k8s.io',
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    apiVersion: 'discovery.k8s.io/v1',
    clusterScoped: false,
  },
  pvcs: { resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', group: '', apiVersion: 'v1', clusterScoped: false },
  jobs: { resource: 'jobs.batch', kind: 'Job', group: 'batch', apiVersion: 'batch/v1', clusterScoped: false },
  cronjobs: { resource: 'cronjobs.batch', kind: 'CronJob', group: 'batch', apiVersion: 'batch/v1', clusterScoped: false },
  events: { resource: 'events', kind: 'Event', group: '', apiVersion: 'v1', clusterScoped: false },
  nodes: { resource: 'nodes', kind: 'Node', group: '', apiVersion: 'v1', clusterScoped: true },
} as const;
export type ListName = keyof typeof LISTS;

/** Lists each family reads. Events and pods serve several families as evidence. */
export const NEEDS: Record<Family, ListName[]> = {
  pods: ['pods', 'events'],
  workloads: ['deployments', 'statefulsets', 'daemonsets', 'pods'],
  services: ['services', 'endpointslices', 'pods'],
  storage: ['pvcs', 'events'],
  jobs: ['jobs', 'cronjobs', 'pods'],
  nodes: ['nodes'],
  events: ['events', 'pods'],
};

/** Kinds counted as "checked" (the rest are evidence only). */
export const CHECKED: ListName[] = ['nodes', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'services', 'pvcs', 'jobs', 'cronjobs'];

export interface Inputs {
  cluster: string;
  now: number;
  /** A list that was not fetched, or could not be read, is absent. */
  lists: Partial<Record<ListName, K8sObject[]>>;
  /** Events about one object, newest first. */
  eventsOf(kind: string, namespace: string | undefined, name: string): K8sObject[];
}

export interface Finding {
  ref: ObjectRef;
  severity: Severity;
  problem: string;
  evidence: string[];
  fix: string;
  /** Keys (objectKey) of the objects this finding speaks for: their events and status fold into it. */
  covers: string[];
  /** A crashed container whose previous logs likely show the cause; they go into evidence at index `at`. */
  logs?: { namespace: string; pod: string; container: string; at: number };
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
