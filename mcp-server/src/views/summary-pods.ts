// Describe summaries of pods and of the pod templates inside workloads: per container its image, resources and,
// for a running pod, its state, readiness, restarts and how it last ended; then its probes, mounts and environment.
import { age, podStatus } from './printers';
import { maskText } from '../policy/redact';
import { containerDetailRows, type ClaimTemplates } from './container-details';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface SummaryRow {
  label: string;
  value: string;
  /** The value holds text the object's author wrote (env values, probe commands), so the summary is framed as data. */
  freeText?: boolean;
}

/** "key=value" for each entry of a map (labels, selectors, resource lists). */
export const keyValues = (o: Record<string, unknown> | undefined) => Object.entries(o ?? {}).map(([k, v]) => `${k}=${v}`);
export const pairs = (o: Record<string, unknown> | undefined) => keyValues(o).join(', ');

function resources(r: any): string {
  const parts = [r?.requests && `requests ${pairs(r.requests)}`, r?.limits && `limits ${pairs(r.limits)}`].filter(Boolean);
  return parts.length ? parts.join('; ') : 'no requests or limits';
}

function state(s: any, now: number): string {
  if (s?.running) return `Running for ${age(s.running.startedAt, now)}`;
  if (s?.waiting) return `Waiting: ${s.waiting.reason ?? 'unknown'}${s.waiting.message ? ` (${maskText(s.waiting.message)})` : ''}`;
  if (s?.terminated) return `Terminated: ${ended(s.terminated, now)}`;
  return 'not started';
}

function ended(t: any, now: number): string {
  const when = t.finishedAt ? `, ${age(t.finishedAt, now)} ago` : '';
  return `${t.reason ?? 'exited'} (exit code ${t.exitCode ?? '?'}${t.signal ? `, signal ${t.signal}` : ''}${when})`;
}

/** Per container of a pod template: image and resources, then its probes, mounts and environment. */
export function templateRows(podSpec: any, claims?: ClaimTemplates): SummaryRow[] {
  const rows = (list: any[], label: string) =>
    list.flatMap((c) => [
      { label: `${label} ${c.name}`, value: `${c.image}; ${resources(c.resources)}` },
      ...containerDetailRows(podSpec, c, claims),
    ]);
  return [...rows(podSpec?.initContainers ?? [], 'Init container'), ...rows(podSpec?.containers ?? [], 'Container')];
}

function containerRows(pod: any, now: number): SummaryRow[] {
  const statuses = new Map<string, any>(
    [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((s) => [s.name, s]),
  );
  const rows = (list: any[], label: string) =>
    list.flatMap((c) => {
      const s = statuses.get(c.name);
      const parts = [c.image, s ? state(s.state, now) : 'no status yet'];
      if (s) parts.push(`ready ${s.ready ? 'yes' : 'no'}`, `restarts ${s.restartCount ?? 0}`);
      if (s?.lastState?.terminated) parts.push(`last ended ${ended(s.lastState.terminated, now)}`);
      parts.push(resources(c.resources));
      return [{ label: `${label} ${c.name}`, value: parts.join('; ') }, ...containerDetailRows(pod.spec, c)];
    });
  return [...rows(pod.spec?.initContainers ?? [], 'Init container'), ...rows(pod.spec?.containers ?? [], 'Container')];
}

export function podSummary(pod: any, now: number): SummaryRow[] {
  const ips = (pod.status?.podIPs ?? []).map((i: any) => i.ip).join(', ') || pod.status?.podIP;
  const rows: SummaryRow[] = [
    { label: 'Status', value: `${podStatus(pod)} (phase ${pod.status?.phase ?? 'Unknown'})` },
    { label: 'Node', value: pod.spec?.nodeName ?? '<not scheduled>' },
    { label: 'Pod IPs', value: ips || '<none>' },
    { label: 'Host IP', value: pod.status?.hostIP ?? '<none>' },
    { label: 'QoS class', value: pod.status?.qosClass ?? '<unknown>' },
    { label: 'Started', value: pod.status?.startTime ? `${age(pod.status.startTime, now)} ago` : 'not yet' },
    { label: 'Service account', value: pod.spec?.serviceAccountName ?? 'default' },
  ];
  if (pod.status?.reason || pod.status?.message) {
    rows.push({ label: 'Reason', value: maskText([pod.status.reason, pod.status.message].filter(Boolean).join(': ')) });
  }
  if (pod.spec?.nodeSelector) rows.push({ label: 'Node selector', value: pairs(pod.spec.nodeSelector) });
  return [...rows, ...containerRows(pod, now)];
}
