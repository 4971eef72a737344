// Small literal Kubernetes objects for analyzer unit tests: only the fields the analyzers read.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { inputsOf } from '../../src/diagnose/util';
import type { Inputs } from '../../src/diagnose/types';

export const NOW = Date.parse('2026-01-01T12:00:00Z');
export const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

export function inputs(lists: Inputs['lists']): Inputs {
  return inputsOf('local', lists, NOW);
}

export function pod(
  name: string,
  o: {
    ns?: string;
    labels?: Record<string, string>;
    phase?: string;
    ready?: boolean;
    readySince?: string;
    owner?: { kind: string; name: string };
    statuses?: any[];
    spec?: any;
    conditions?: any[];
    status?: any;
    created?: string;
  } = {},
): any {
  return {
    metadata: {
      name,
      namespace: o.ns ?? 'shop',
      labels: o.labels ?? {},
      creationTimestamp: o.created ?? minutesAgo(30),
      ...(o.owner ? { ownerReferences: [{ ...o.owner, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'example.com/app:1' }], ...o.spec },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.conditions ?? [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? minutesAgo(30) },
      ],
      containerStatuses: o.statuses ?? [{ name: 'app', ready: o.ready !== false, restartCount: 0, state: { running: {} } }],
      ...o.status,
    },
  };
}

export function event(o: {
  kind: string;
  name: string;
  ns?: string;
  reason: string;
  message: string;
  type?: string;
  count?: number;
  at?: string;
}): any {
  return {
    metadata: { name: `${o.name}.${o.reason}`, namespace: o.ns ?? 'shop' },
    involvedObject: { kind: o.kind, name: o.name, namespace: o.ns ?? 'shop', apiVersion: 'v1' },
    type: o.type ?? 'Warning',
    reason: o.reason,
    message: o.message,
    count: o.count ?? 1,
    lastTimestamp: o.at ?? minutesAgo(1),
  };
}

export function deployment(name: string, o: { replicas?: number; ready?: number; conditions?: any[]; created?: string } = {}): any {
  return {
    metadata: { name, namespace: 'shop', creationTimestamp: o.created ?? minutesAgo(30) },
    spec: { replicas: o.replicas ?? 1, selector: { matchLabels: { app: name } } },
    status: { readyReplicas: o.ready ?? 0, availableReplicas: o.ready ?? 0, conditions: o.conditions ?? [] },
  };
}
