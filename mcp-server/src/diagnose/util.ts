// Helpers every analyzer uses: object keys and references, conditions, label selectors, events and short text.
import type { ObjectRef, Severity } from '@drover/protocol';
import { age } from '../views/printers';
import { LISTS, type Finding, type Inputs, type K8sObject, type ListName } from './types';

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function keyOf(list: ListName, obj: K8sObject): string {
  return objectKey(LISTS[list].kind, obj.metadata?.namespace, obj.metadata?.name ?? '');
}

export function refOf(inputs: Inputs, list: ListName, obj: K8sObject): ObjectRef {
  const namespace = obj.metadata?.namespace;
  return {
    cluster: inputs.cluster,
    apiVersion: LISTS[list].apiVersion,
    kind: LISTS[list].kind,
    name: obj.metadata?.name ?? '',
    ...(namespace ? { namespace } : {}),
  };
}

/** A finding about one object that speaks for that object (and optionally others). */
export function finding(
  inputs: Inputs,
  list: ListName,
  obj: K8sObject,
  f: { severity: Severity; problem: string; evidence: string[]; fix: string; covers?: string[] },
): Finding {
  return {
    ref: refOf(inputs, list, obj),
    severity: f.severity,
    problem: f.problem,
    evidence: f.evidence,
    fix: f.fix,
    covers: [keyOf(list, obj), ...(f.covers ?? [])],
  };
}

export function condition(obj: K8sObject, type: string): K8sObject | undefined {
  return (obj.status?.conditions ?? []).find((c: K8sObject) => c.type === type);
}

/** "Available=False (MinimumReplicasUnavailable): message" (the message left out when the reason says enough). */
export function conditionText(c: K8sObject, withMessage = true): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${withMessage && c.message ? `: ${short(c.message, 200)}` : ''}`;
}

export function short(text: string, max: number): string {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function sameNamespace(a: K8sObject, b: K8sObject): boolean {
  return (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');
}

/** Does a metav1.LabelSelector (matchLabels, matchExpressions) select these labels? An empty selector selects all. */
export function selects(selector: K8sObject, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function selectorText(selector: Record<string, string> = {}): string {
  return (
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '<none>'
  );
}

/** Pods a workload's selector picks, in its namespace. */
export function podsOf(inputs: Inputs, workload: K8sObject): K8sObject[] {
  return (inputs.lists.pods ?? []).filter((p) => sameNamespace(p, workload) && selects(workload.spec?.selector, p.metadata?.labels));
}

export function podReady(pod: K8sObject): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

/** When an event last happened: core events carry lastTimestamp, events.k8s.io ones eventTime and series. */
export function eventTime(e: K8sObject): string | undefined {
  return e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.metadata?.creationTimestamp;
}

export function eventCount(e: K8sObject): number {
  return e.count ?? e.series?.count ?? 1;
}

/** Builds the inputs analyzers read, with events indexed by the object they are about. */
export function inputsOf(cluster: string, lists: Inputs['lists'], now: number): Inputs {
  const byObject = new Map<string, K8sObject[]>();
  for (const e of lists.events ?? []) {
    const o = e.involvedObject ?? {};
    const key = objectKey(o.kind ?? '', o.namespace || undefined, o.name ?? '');
    byObject.set(key, [...(byObject.get(key) ?? []), e]);
  }
  for (const events of byObject.values()) events.sort((a, b) => Date.parse(eventTime(b) ?? '') - Date.parse(eventTime(a) ?? ''));
  return { cluster, now, lists, eventsOf: (kind, namespace, name) => byObject.get(objectKey(kind, namespace, name)) ?? [] };
}

/** The newest event about an object with one of these reasons (any reason when empty) and this type. */
export function newestEvent(inputs: Inputs, kind: string, obj: K8sObject, reasons: string[], type?: string): K8sObject | undefined {
  return inputs
    .eventsOf(kind, obj.metadata?.namespace, obj.metadata?.name ?? '')
    .find((e) => (!reasons.length || reasons.includes(e.reason)) && (!type || e.type === type));
}

export function eventText(e: K8sObject, now: number): string {
  const count = eventCount(e);
  return `event ${e.reason}${count > 1 ? ` ×${count}` : ''} (${age(eventTime(e), now)} ago): ${short(e.message ?? '', 300)}`;
}

/** The newest matching event as evidence text. */
export function latestEvent(inputs: Inputs, kind: string, obj: K8sObject, reasons: string[], type?: string): string | undefined {
  const e = newestEvent(inputs, kind, obj, reasons, type);
  return e && eventText(e, inputs.now);
}
