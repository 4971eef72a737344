// Warning events that no other finding explains. Events with the same reason and message about objects of one
// kind in one namespace (e.g. NodeNotReady on every pod of a node) become one finding; the most frequent come
// first, capped. Events about pods that are gone, or a FailedScheduling of a pod since scheduled, are history.
import type { Finding, Inputs, K8sObject } from './types';
import { condition, eventCount, eventText, eventTime, objectKey, short } from './util';

export const MAX_EVENT_FINDINGS = 10;
/** An event seen this often is a pattern, not a blip. */
const RECURRING = 3;
const MAX_NAMES = 5;

const FIXES: Record<string, string> = {
  FailedMount: 'a volume cannot be mounted: check that the Secret, ConfigMap or PVC it names exists and is bound',
  FailedAttachVolume: 'a volume cannot be attached: check the PersistentVolume and its CSI driver on that node',
  FailedCreate: 'the controller cannot create pods: the message names the cause (quota, LimitRange, admission policy)',
  NodeNotReady: 'their node was NotReady: check that node (nodes are only checked without a namespace)',
};

function isHistory(inputs: Inputs, e: K8sObject): boolean {
  const o = e.involvedObject ?? {};
  if (o.kind !== 'Pod' || !inputs.lists.pods) return false;
  const pod = inputs.lists.pods.find((p) => p.metadata?.namespace === o.namespace && p.metadata?.name === o.name);
  return !pod || (e.reason === 'FailedScheduling' && condition(pod, 'PodScheduled')?.status === 'True');
}

const involvedKey = (e: K8sObject) =>
  objectKey(e.involvedObject?.kind ?? '', e.involvedObject?.namespace || undefined, e.involvedObject?.name ?? '');

interface Group {
  events: K8sObject[];
  count: number;
  objects: Set<string>;
}

function toFinding(inputs: Inputs, { events, count, objects }: Group): Finding {
  const e = [...events].sort((a, b) => Date.parse(eventTime(b) ?? '') - Date.parse(eventTime(a) ?? ''))[0];
  const o = e.involvedObject;
  const namespace = o.namespace || undefined;
  const others = [...new Set(events.map((x) => x.involvedObject?.name as string))].filter((n) => n !== o.name);
  return {
    ref: {
      cluster: inputs.cluster,
      ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
      kind: o.kind ?? '',
      name: o.name ?? '',
      ...(namespace ? { namespace } : {}),
    },
    severity: count >= RECURRING ? 'warning' : 'info',
    problem: `Warning event ${e.reason}${count > 1 ? ` (${count} times)` : ''}${others.length ? ` on ${others.length + 1} ${o.kind}s` : ''}`,
    evidence: [
      eventText({ ...e, count: eventCount(e) }, inputs.now),
      ...(others.length ? [`also on: ${others.slice(0, MAX_NAMES).join(', ')}${others.length > MAX_NAMES ? ', …' : ''}`] : []),
    ],
    fix: FIXES[e.reason] ?? `look at ${o.kind} ${o.name} (kubectl describe) and fix what the event reports`,
    covers: [...objects],
  };
}

export function analyzeEvents(inputs: Inputs, covered: Set<string>): { findings: Finding[]; omitted: number } {
  const groups = new Map<string, Group>();
  for (const e of inputs.lists.events ?? []) {
    const key = involvedKey(e);
    if (e.type !== 'Warning' || covered.has(key) || isHistory(inputs, e)) continue;
    const o = e.involvedObject ?? {};
    const groupKey = [o.namespace ?? '', o.kind ?? '', e.reason ?? '', short(e.message ?? '', 300)].join('\u0000');
    const group = groups.get(groupKey) ?? { events: [], count: 0, objects: new Set<string>() };
    group.events.push(e);
    group.count += eventCount(e);
    group.objects.add(key);
    groups.set(groupKey, group);
  }
  const ranked = [...groups.values()].sort((a, b) => b.count - a.count);
  return {
    findings: ranked.slice(0, MAX_EVENT_FINDINGS).map((g) => toFinding(inputs, g)),
    omitted: Math.max(0, ranked.length - MAX_EVENT_FINDINGS),
  };
}
