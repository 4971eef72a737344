// Compact columns per kind, like `kubectl get` prints them (the API server's Table cannot be paginated through
// kubectl, so lists are fetched as JSON pages and printed here). CRDs use their additionalPrinterColumns;
// other kinds get NAME and AGE.
/* eslint-disable @typescript-eslint/no-explicit-any */

type K8sObject = any;
export type CellFn = (o: K8sObject, now: number) => string;

export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 730) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

const AGE: CellFn = (o, now) => age(o.metadata?.creationTimestamp, now);
const num = (v: unknown) => String(v ?? 0);

/** The STATUS kubectl shows for a pod: the most telling container reason, not just the phase. */
export function podStatus(pod: K8sObject): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  const init = pod.status?.initContainerStatuses ?? [];
  for (const [i, c] of init.entries()) {
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.terminated) return `Init:${c.state.terminated.reason || `ExitCode:${c.state.terminated.exitCode}`}`;
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') return `Init:${c.state.waiting.reason}`;
    return `Init:${i}/${init.length}`;
  }
  let running = false;
  for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
    else if (c.ready && c.state?.running) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  return reason;
}

function podRestarts(pod: K8sObject, now: number): string {
  let restarts = 0;
  let last = 0;
  for (const c of pod.status?.containerStatuses ?? []) {
    restarts += c.restartCount ?? 0;
    const finished = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
    if (finished > last) last = finished;
  }
  return restarts && last ? `${restarts} (${age(new Date(last).toISOString(), now)} ago)` : String(restarts);
}

function conditionStatus(o: K8sObject, type: string): string | undefined {
  return o.status?.conditions?.find((c: any) => c.type === type)?.status;
}

function ports(svc: K8sObject): string {
  return (svc.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
}

function jobStatus(job: K8sObject): string {
  if (conditionStatus(job, 'Failed') === 'True') return 'Failed';
  if (conditionStatus(job, 'Complete') === 'True') return 'Complete';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

function nodeRoles(node: K8sObject): string {
  const roles = Object.keys(node.metadata?.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/'))
    .map((l) => l.slice('node-role.kubernetes.io/'.length));
  return roles.join(',') || '<none>';
}

function nodeStatus(node: K8sObject): string {
  const ready = conditionStatus(node, 'Ready');
  const parts = [ready === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export interface Printer { columns: string[]; cells: CellFn[] }

const printer = (spec: [string, CellFn][]): Printer => ({ columns: spec.map(([c]) => c), cells: spec.map(([, f]) => f) });

/** Printers by "resource.group" ("pods", "deployments.apps"). */
export const PRINTERS: Record<string, Printer> = {
  pods: printer([
    ['READY', (p) => `${(p.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${(p.spec?.containers ?? []).length}`],
    ['STATUS', podStatus], ['RESTARTS', podRestarts], ['AGE', AGE], ['NODE', (p) => p.spec?.nodeName ?? '<none>'],
  ]),
  'deployments.apps': printer([
    ['READY', (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`], ['UP-TO-DATE', (d) => num(d.status?.updatedReplicas)],
    ['AVAILABLE', (d) => num(d.status?.availableReplicas)], ['AGE', AGE],
  ]),
  'replicasets.apps': printer([
    ['DESIRED', (r) => num(r.spec?.replicas)], ['CURRENT', (r) => num(r.status?.replicas)], ['READY', (r) => num(r.status?.readyReplicas)], ['AGE', AGE],
  ]),
  'statefulsets.apps': printer([['READY', (s) => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`], ['AGE', AGE]]),
  'daemonsets.apps': printer([
    ['DESIRED', (d) => num(d.status?.desiredNumberScheduled)], ['READY', (d) => num(d.status?.numberReady)],
    ['AVAILABLE', (d) => num(d.status?.numberAvailable)], ['AGE', AGE],
  ]),
  'jobs.batch': printer([
    ['STATUS', jobStatus], ['COMPLETIONS', (j) => `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`], ['AGE', AGE],
  ]),
  'cronjobs.batch': printer([
    ['SCHEDULE', (c) => c.spec?.schedule ?? ''], ['SUSPEND', (c) => String(Boolean(c.spec?.suspend))],
    ['ACTIVE', (c) => num(c.status?.active?.length)], ['LAST-SCHEDULE', (c, now) => (c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, now) : '<none>')], ['AGE', AGE],
  ]),
  services: printer([
    ['TYPE', (s) => s.spec?.type ?? 'ClusterIP'], ['CLUSTER-IP', (s) => s.spec?.clusterIP ?? '<none>'],
    ['EXTERNAL-IP', (s) => (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',') || (s.spec?.externalIPs ?? []).join(',') || '<none>'],
    ['PORTS', ports], ['AGE', AGE],
  ]),
  'ingresses.networking.k8s.io': printer([
    ['CLASS', (i) => i.spec?.ingressClassName ?? '<none>'], ['HOSTS', (i) => (i.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(',') || '*'],
    ['ADDRESS', (i) => (i.status?.loadBalancer?.ingress ?? []).map((x: any) => x.ip ?? x.hostname).join(',')], ['AGE', AGE],
  ]),
  configmaps: printer([['DATA', (c) => num(Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length)], ['AGE', AGE]]),
  secrets: printer([['TYPE', (s) => s.type ?? 'Opaque'], ['DATA', (s) => num(Object.keys(s.data ?? {}).length)], ['AGE', AGE]]),
  persistentvolumeclaims: printer([
    ['STATUS', (c) => c.status?.phase ?? ''], ['VOLUME', (c) => c.spec?.volumeName ?? ''], ['CAPACITY', (c) => c.status?.capacity?.storage ?? ''],
    ['STORAGECLASS', (c) => c.spec?.storageClassName ?? '<unset>'], ['AGE', AGE],
  ]),
  persistentvolumes: printer([
    ['CAPACITY', (v) => v.spec?.capacity?.storage ?? ''], ['STATUS', (v) => v.status?.phase ?? ''],
    ['CLAIM', (v) => (v.spec?.claimRef ? `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}` : '')], ['AGE', AGE],
  ]),
  nodes: printer([['STATUS', nodeStatus], ['ROLES', nodeRoles], ['AGE', AGE], ['VERSION', (n) => n.status?.nodeInfo?.kubeletVersion ?? '']]),
  namespaces: printer([['STATUS', (n) => n.status?.phase ?? ''], ['AGE', AGE]]),
  events: printer([
    ['LAST-SEEN', (e, now) => age(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp, now)], ['TYPE', (e) => e.type ?? ''],
    ['REASON', (e) => e.reason ?? ''], ['OBJECT', (e) => `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`],
    ['MESSAGE', (e) => (e.message ?? '').replace(/\s+/g, ' ')],
  ]),
  serviceaccounts: printer([['AGE', AGE]]),
  'horizontalpodautoscalers.autoscaling': printer([
    ['REFERENCE', (h) => `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`], ['MINPODS', (h) => num(h.spec?.minReplicas ?? 1)],
    ['MAXPODS', (h) => num(h.spec?.maxReplicas)], ['REPLICAS', (h) => num(h.status?.currentReplicas)], ['AGE', AGE],
  ]),
  'endpointslices.discovery.k8s.io': printer([
    ['ADDRESSTYPE', (s) => s.addressType ?? ''],
    ['ENDPOINTS', (s) => (s.endpoints ?? []).flatMap((e: any) => e.addresses ?? []).slice(0, 3).join(',') || '<unset>'], ['AGE', AGE],
  ]),
};

/** Evaluates the JSONPath subset CRDs use in printer columns: .a.b, .a[0], .a[?(@.type=="Ready")].status */
export function jsonPath(obj: unknown, path: string): unknown {
  const tokens = path.replace(/^\{|\}$/g, '').match(/\.[^.[]+|\[[^\]]+\]/g) ?? [];
  let nodes: unknown[] = [obj];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (node === null || typeof node !== 'object') continue;
      if (token.startsWith('.')) next.push((node as Record<string, unknown>)[token.slice(1)]);
      else if (/^\[\d+\]$/.test(token) && Array.isArray(node)) next.push(node[Number(token.slice(1, -1))]);
      else if (token === '[*]' && Array.isArray(node)) next.push(...node);
      else {
        const filter = /^\[\?\(@\.([\w.]+)\s*==\s*["']?([^"')]*)["']?\)\]$/.exec(token);
        if (filter && Array.isArray(node)) next.push(...node.filter((n) => String(jsonPath(n, `.${filter[1]}`)) === filter[2]));
      }
    }
    nodes = next.filter((n) => n !== undefined);
  }
  return nodes.length > 1 ? nodes : nodes[0];
}

export interface CrdColumn { name: string; jsonPath: string; type?: string }

export function crdPrinter(columns: CrdColumn[]): Printer {
  return printer(columns.map((c): [string, CellFn] => [
    c.name.toUpperCase().replace(/\s+/g, '-'),
    c.type === 'date' ? (o, now) => age(jsonPath(o, c.jsonPath) as string | undefined, now) : (o) => {
      const v = jsonPath(o, c.jsonPath);
      return v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    },
  ]).concat(columns.some((c) => c.name.toLowerCase() === 'age') ? [] : [['AGE', AGE]]));
}

export const DEFAULT_PRINTER: Printer = printer([['AGE', AGE]]);
