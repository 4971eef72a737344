// The status summary of `k8s_describe` per kind: label/value pairs an operator checks first. Objects arrive already
// redacted (redactObject), so a Secret here holds "<redacted N bytes>" and never a value.
import { resourceArg, type ApiResource } from '../kube/discovery';
import { selectorString } from '../kube/workloads';
import { age } from './printers';
import { maskCut } from '../policy/redact';
import { pairs, podSummary, templateRows, type SummaryRow } from './summary-pods';

/* eslint-disable @typescript-eslint/no-explicit-any */

type Summarizer = (o: any, now: number) => SummaryRow[];

const row = (label: string, value: unknown): SummaryRow => ({
  label,
  value: value === undefined || value === '' ? '<none>' : String(value),
});
const n = (v: unknown) => Number(v ?? 0);
const selector = (o: any) => row('Selector', selectorString(o.spec?.selector));

function rolling(u: any): string {
  return u ? ` (max surge ${u.maxSurge ?? '25%'}, max unavailable ${u.maxUnavailable ?? '25%'})` : '';
}

const deployment: Summarizer = (d) => [
  row(
    'Replicas',
    `${n(d.spec?.replicas ?? 1)} desired, ${n(d.status?.readyReplicas)} ready, ${n(d.status?.updatedReplicas)} updated, ` +
      `${n(d.status?.availableReplicas)} available${d.status?.unavailableReplicas ? `, ${d.status.unavailableReplicas} unavailable` : ''}`,
  ),
  row('Strategy', `${d.spec?.strategy?.type ?? 'RollingUpdate'}${rolling(d.spec?.strategy?.rollingUpdate)}`),
  selector(d),
  ...(d.spec?.paused ? [row('Paused', 'yes: rollouts are stopped until resumed')] : []),
  row('Revision', d.metadata?.annotations?.['deployment.kubernetes.io/revision']),
  ...templateRows(d.spec?.template?.spec),
];

const statefulSet: Summarizer = (s) => [
  row(
    'Replicas',
    `${n(s.spec?.replicas ?? 1)} desired, ${n(s.status?.readyReplicas)} ready, ${n(s.status?.currentReplicas)} current, ${n(s.status?.updatedReplicas)} updated`,
  ),
  row('Service', s.spec?.serviceName),
  row('Update strategy', s.spec?.updateStrategy?.type ?? 'RollingUpdate'),
  row('Pod management', s.spec?.podManagementPolicy ?? 'OrderedReady'),
  selector(s),
  ...(s.spec?.volumeClaimTemplates?.length
    ? [row('Volume claims', s.spec.volumeClaimTemplates.map((v: any) => `${v.metadata?.name} (${claimSize(v)})`).join(', '))]
    : []),
  ...templateRows(s.spec?.template?.spec, {
    statefulSet: s.metadata?.name,
    names: (s.spec?.volumeClaimTemplates ?? []).map((v: any) => v.metadata?.name),
  }),
];

const daemonSet: Summarizer = (d) => [
  row(
    'Pods',
    `${n(d.status?.desiredNumberScheduled)} desired, ${n(d.status?.currentNumberScheduled)} current, ${n(d.status?.numberReady)} ready, ` +
      `${n(d.status?.updatedNumberScheduled)} updated, ${n(d.status?.numberAvailable)} available, ${n(d.status?.numberMisscheduled)} misscheduled`,
  ),
  row('Update strategy', `${d.spec?.updateStrategy?.type ?? 'RollingUpdate'}${rolling(d.spec?.updateStrategy?.rollingUpdate)}`),
  selector(d),
  ...(d.spec?.template?.spec?.nodeSelector ? [row('Node selector', pairs(d.spec.template.spec.nodeSelector))] : []),
  ...templateRows(d.spec?.template?.spec),
];

const replicaSet: Summarizer = (r) => [
  row(
    'Replicas',
    `${n(r.spec?.replicas ?? 1)} desired, ${n(r.status?.replicas)} current, ${n(r.status?.readyReplicas)} ready, ${n(r.status?.availableReplicas)} available`,
  ),
  selector(r),
  ...templateRows(r.spec?.template?.spec),
];

const job: Summarizer = (j, now) => [
  row('Completions', `${n(j.status?.succeeded)}/${j.spec?.completions ?? 1} (parallelism ${j.spec?.parallelism ?? 1})`),
  row(
    'Pods',
    `${n(j.status?.active)} active, ${n(j.status?.succeeded)} succeeded, ${n(j.status?.failed)} failed (backoff limit ${j.spec?.backoffLimit ?? 6})`,
  ),
  row('Started', j.status?.startTime ? `${age(j.status.startTime, now)} ago` : 'not yet'),
  ...(j.status?.completionTime ? [row('Completed', `${age(j.status.completionTime, now)} ago`)] : []),
  ...(j.spec?.suspend ? [row('Suspended', 'yes')] : []),
  selector(j),
  ...templateRows(j.spec?.template?.spec),
];

const cronJob: Summarizer = (c, now) => [
  row('Schedule', `${c.spec?.schedule}${c.spec?.timeZone ? ` (${c.spec.timeZone})` : ''}`),
  row('Suspended', c.spec?.suspend ? 'yes' : 'no'),
  row('Concurrency', c.spec?.concurrencyPolicy ?? 'Allow'),
  row('Last schedule', c.status?.lastScheduleTime ? `${age(c.status.lastScheduleTime, now)} ago` : 'never'),
  row('Active jobs', (c.status?.active ?? []).map((a: any) => a.name).join(', ') || 'none'),
  ...templateRows(c.spec?.jobTemplate?.spec?.template?.spec),
];

const service: Summarizer = (s) => [
  row('Type', s.spec?.type ?? 'ClusterIP'),
  row('Cluster IP', (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).filter(Boolean).join(', ')),
  ...(s.spec?.externalName ? [row('External name', s.spec.externalName)] : []),
  ...((s.status?.loadBalancer?.ingress ?? []).length
    ? [row('Load balancer', s.status.loadBalancer.ingress.map((i: any) => i.ip ?? i.hostname).join(', '))]
    : []),
  row(
    'Ports',
    (s.spec?.ports ?? [])
      .map(
        (p: any) =>
          `${p.name ? `${p.name} ` : ''}${p.port}→${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}` +
          `${p.nodePort ? ` (node port ${p.nodePort})` : ''}`,
      )
      .join(', '),
  ),
  row('Selector', pairs(s.spec?.selector) || '<none: endpoints are managed by hand>'),
  row('Session affinity', s.spec?.sessionAffinity ?? 'None'),
];

const node: Summarizer = (nd) => {
  const info = nd.status?.nodeInfo ?? {};
  const res = (r: any) =>
    ['cpu', 'memory', 'pods', 'ephemeral-storage']
      .filter((k) => r?.[k])
      .map((k) => `${k}=${r[k]}`)
      .join(', ');
  return [
    row(
      'Roles',
      Object.keys(nd.metadata?.labels ?? {})
        .filter((l) => l.startsWith('node-role.kubernetes.io/'))
        .map((l) => l.split('/')[1])
        .join(', '),
    ),
    row('Schedulable', nd.spec?.unschedulable ? 'no (cordoned)' : 'yes'),
    row('Addresses', (nd.status?.addresses ?? []).map((a: any) => `${a.type} ${a.address}`).join(', ')),
    row('Capacity', res(nd.status?.capacity)),
    row('Allocatable', res(nd.status?.allocatable)),
    row('Taints', (nd.spec?.taints ?? []).map((t: any) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || 'none'),
    row(
      'Versions',
      [
        info.kubeletVersion && `kubelet ${info.kubeletVersion}`,
        info.osImage,
        info.kernelVersion && `kernel ${info.kernelVersion}`,
        info.containerRuntimeVersion,
      ]
        .filter(Boolean)
        .join(', '),
    ),
    ...(nd.spec?.podCIDR ? [row('Pod CIDR', nd.spec.podCIDR)] : []),
  ];
};

/** Key names and sizes only; the values were replaced by redactObject before this point. */
function sizes(data: Record<string, unknown> | undefined, prefix: string): SummaryRow[] {
  return Object.entries(data ?? {}).map(([k, v]) => {
    const redacted = /^<redacted (\d+) bytes>$/.exec(String(v));
    return row(`${prefix} ${k}`, `${redacted ? redacted[1] : Buffer.byteLength(String(v))} bytes`);
  });
}

const claimSize = (c: any) => `${c.spec?.resources?.requests?.storage ?? 'no size'} requested`;

const persistentVolumeClaim: Summarizer = (c) => [
  row('Status', c.status?.phase ?? 'Pending'),
  row('Volume', c.spec?.volumeName),
  row('Storage', `${claimSize(c)}, ${c.status?.capacity?.storage ? `${c.status.capacity.storage} capacity` : 'no capacity yet'}`),
  row('Storage class', c.spec?.storageClassName),
  row('Access modes', (c.status?.accessModes ?? c.spec?.accessModes ?? []).join(', ')),
  row('Volume mode', c.spec?.volumeMode ?? 'Filesystem'),
];

const secret: Summarizer = (s) => [row('Type', s.type ?? 'Opaque'), ...sizes(s.data, 'Key'), ...sizes(s.stringData, 'Key')];
const configMap: Summarizer = (c) => [...sizes(c.data, 'Key'), ...sizes(c.binaryData, 'Binary key')];
const SUMMARIZERS: Record<string, Summarizer> = {
  pods: podSummary,
  'deployments.apps': deployment,
  'statefulsets.apps': statefulSet,
  'daemonsets.apps': daemonSet,
  'replicasets.apps': replicaSet,
  'jobs.batch': job,
  'cronjobs.batch': cronJob,
  services: service,
  nodes: node,
  secrets: secret,
  configmaps: configMap,
  persistentvolumeclaims: persistentVolumeClaim,
};

const GENERIC_ROWS = 24;
const GENERIC_DEPTH = 3;
const VALUE_CHARS = 120;
/** A list item's row holds all its leaves (a Role's rule with its verbs), so it gets more room than one value. */
const ITEM_CHARS = 240;
/** A map this small, of scalars only, reads best on one row (requests: storage=1Gi) wherever it sits. */
const INLINE_KEYS = 6;
const LIST_ITEMS = 20;
/** What every object has at its top; the rest there is content (a Role's rules, a RoleBinding's subjects). */
const ENVELOPE = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

const isScalar = (v: unknown) => v === null || typeof v !== 'object';
const scalarText = (v: unknown) => (v === '' ? '""' : String(v));
const scalarList = (values: unknown[]) => values.slice(0, LIST_ITEMS).join(', ') + (values.length > LIST_ITEMS ? ', …' : '');

/** A list item's leaves as path=value (a list of scalars as [a, b]) on one row; stops adding once `room` is filled. */
function leaves(item: any, room: number): string {
  const found: string[] = [];
  let used = 0;
  const visit = (value: any, path: string) => {
    if (used > room) return;
    let leaf: string;
    if (isScalar(value)) leaf = `${path}=${scalarText(value)}`;
    else if (Array.isArray(value) && value.every(isScalar)) leaf = `${path}=[${scalarList(value.map(scalarText))}]`;
    else {
      const entries = Array.isArray(value)
        ? value.map((v, i) => [`${path}[${i}]`, v])
        : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v]);
      if (entries.length) {
        for (const [p, v] of entries) visit(v, p);
        return;
      }
      leaf = `${path}={}`;
    }
    found.push(leaf);
    used += leaf.length + 2;
  };
  visit(item, '');
  return found.join('; ');
}

/**
 * Any other kind (CRDs included): the fields of spec and status down to GENERIC_DEPTH levels, then the content other
 * kinds keep at the top (rules, subjects, roleRef, provisioner…); small maps of scalars on one row at any depth,
 * larger maps below that by their keys, each item of a list of objects on its own row with its leaves; at most
 * GENERIC_ROWS rows of VALUE_CHARS (ITEM_CHARS for an item), each node visited at most once.
 */
function generic(o: any): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const shown = (value: any, depth: number): string | undefined => {
    if (isScalar(value)) return String(value);
    if (Array.isArray(value)) {
      return value.every(isScalar) ? scalarList(value) : undefined; // a list of objects: walked into, item by item
    }
    const keys = Object.keys(value).filter((k) => k !== 'conditions');
    if (depth > 0 && keys.length && keys.length <= INLINE_KEYS && keys.every((k) => isScalar(value[k])))
      return keys.map((k) => `${k}=${value[k]}`).join(', ');
    if (depth >= GENERIC_DEPTH) return `{${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}}`;
    return undefined; // walked into
  };
  const items = (list: any[], path: string) => {
    for (const [i, item] of list.slice(0, LIST_ITEMS).entries()) {
      if (rows.length >= GENERIC_ROWS) return;
      const text = isScalar(item) ? String(item) : leaves(item, ITEM_CHARS);
      rows.push(row(`${path}[${i}]`, maskCut(text, ITEM_CHARS)));
    }
    if (list.length > LIST_ITEMS && rows.length < GENERIC_ROWS) rows.push(row(path, `${list.length - LIST_ITEMS} more items`));
  };
  const walk = (value: any, path: string, depth: number) => {
    if (value === null || value === undefined || rows.length >= GENERIC_ROWS) return;
    const text = shown(value, depth);
    if (text !== undefined) rows.push(row(path, maskCut(text, VALUE_CHARS)));
    else if (Array.isArray(value)) items(value, path);
    else
      for (const k of Object.keys(value)) {
        if (rows.length >= GENERIC_ROWS) break;
        if (k !== 'conditions') walk(value[k], `${path}.${k}`, depth + 1);
      }
  };
  walk(o.spec, 'spec', 0);
  walk(o.status, 'status', 0);
  // Beside spec, a top-level field sits as deep as spec's own fields.
  for (const k of Object.keys(o)) if (!ENVELOPE.has(k)) walk(o[k], k, 1);
  return rows;
}

/** The summary rows for an object; `untrusted` tells the caller they hold free-form text from the object's author. */
export function summarize(resource: ApiResource, obj: any, now = Date.now()): { rows: SummaryRow[]; untrusted: boolean } {
  const specific = SUMMARIZERS[resourceArg(resource)];
  if (!specific) return { rows: generic(obj), untrusted: true };
  const rows = specific(obj, now);
  return { rows, untrusted: rows.some((r) => r.freeText) };
}
