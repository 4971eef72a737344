// Seed data for a real-looking cluster: workloads in every state an operator debugs (healthy, crash-looping,
// OOMKilled, image-pull failure, unschedulable, unready, failing job), services with and without endpoints,
// configmaps, secrets holding canary values (to prove secrets never reach a model), events and pod logs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from './control-plane';
import { FAULT_ANNOTATION, type Fault } from './kwok-stages';
import { applyObjects, kubectlOk } from './kubectl';

const LOG_LINE_SPACING_MS = 1_000;

/** What seeding needs from a cluster: a started one, or one described by its state file. */
export type SeedTarget = Pick<Cluster, 'dir' | 'kubeconfigPath' | 'tools' | 'editorNamespace'>;

export interface WorkloadSpec {
  name: string;
  namespace: string;
  replicas?: number;
  image?: string;
  fault?: Fault;
  nodeSelector?: Record<string, string>;
  /** Container name; defaults to the workload name. */
  container?: string;
}

export function deployment(w: WorkloadSpec): object {
  const container = w.container ?? w.name;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: w.name, namespace: w.namespace, labels: { app: w.name } },
    spec: {
      replicas: w.replicas ?? 1,
      selector: { matchLabels: { app: w.name } },
      template: {
        metadata: { labels: { app: w.name }, ...(w.fault ? { annotations: { [FAULT_ANNOTATION]: w.fault } } : {}) },
        spec: {
          ...(w.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
          containers: [{
            name: container, image: w.image ?? 'nginx:1.27',
            ports: [{ containerPort: 8080, name: 'http' }],
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          }],
        },
      },
    },
  };
}

export function service(name: string, namespace: string, selector: Record<string, string>): object {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function job(name: string, namespace: string, fault?: Fault): object {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace },
    spec: {
      backoffLimit: 1,
      template: {
        metadata: fault ? { annotations: { [FAULT_ANNOTATION]: fault } } : {},
        spec: { restartPolicy: 'Never', containers: [{ name, image: 'busybox:1.36', command: ['sh', '-c', 'make-report'] }] },
      },
    },
  };
}

/** A random marker that must never appear in anything sent to a model. */
export function canary(label: string): string {
  return `DROVER-CANARY-${label}-${randomBytes(6).toString('hex')}`;
}

export interface PodLogs {
  namespace: string;
  /** Every container with this name in the namespace serves these logs. */
  container: string;
  lines: string[];
  /** Served for `kubectl logs --previous` (the crashed run). */
  previousLines?: string[];
}

/** CRI log format, which kwok (like the kubelet) reads: `<RFC3339Nano> <stream> F <line>`. */
function criLog(lines: string[], endsAt: number): string {
  return lines.map((line, i) => {
    const at = new Date(endsAt - (lines.length - 1 - i) * LOG_LINE_SPACING_MS).toISOString().replace('Z', '000000Z');
    return `${at} stdout F ${line}\n`;
  }).join('');
}

/** Serves fixed log content for one container name in one namespace, through kwok's ClusterLogs. */
export async function seedLogs(cluster: SeedTarget, logs: PodLogs): Promise<void> {
  const folder = join(cluster.dir, 'pod-logs', logs.namespace);
  mkdirSync(folder, { recursive: true });
  const now = Date.now();
  const logsFile = join(folder, `${logs.container}.log`);
  writeFileSync(logsFile, criLog(logs.lines, now));
  let previousLogsFile: string | undefined;
  if (logs.previousLines) {
    previousLogsFile = join(folder, `${logs.container}.previous.log`);
    writeFileSync(previousLogsFile, criLog(logs.previousLines, now - 60_000));
  }
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [{
    apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterLogs',
    metadata: { name: `${logs.namespace}.${logs.container}` },
    spec: {
      selector: { matchNamespaces: [logs.namespace] },
      logs: [{ containers: [logs.container], logsFile, ...(previousLogsFile ? { previousLogsFile } : {}) }],
    },
  }]);
}

export interface EventSpec {
  namespace: string;
  involved: { kind: string; name: string; apiVersion?: string };
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count?: number;
}

export function event(e: EventSpec): object {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${e.involved.name}.${randomBytes(8).toString('hex')}`, namespace: e.namespace },
    involvedObject: { kind: e.involved.kind, name: e.involved.name, namespace: e.namespace, apiVersion: e.involved.apiVersion ?? 'v1' },
    type: e.type, reason: e.reason, message: e.message, count: e.count ?? 1,
    firstTimestamp: now, lastTimestamp: now, source: { component: 'drover-seed' },
  };
}

export interface ShopSeed {
  namespace: string;
  /** Values stored in the shop's Secrets; none may ever be shown to a model. */
  canaries: string[];
  webLogLines: string[];
  checkoutPreviousLogLines: string[];
}

/**
 * The demo namespace: a small online shop with one of everything that goes wrong.
 *   web (2 replicas, healthy, Service with endpoints)   checkout (CrashLoopBackOff, previous logs hold the panic)
 *   payments (ImagePullBackOff)   reports (Pending: no node matches its nodeSelector)   cache (OOMKilled)
 *   search (Running but never Ready)   legacy-api Service (selector matches nothing)   nightly-report Job (fails)
 */
export async function seedShop(cluster: SeedTarget, namespace = cluster.editorNamespace): Promise<ShopSeed> {
  const dbPassword = canary('db-password');
  const apiKey = canary('api-key');
  const webLogLines = [
    'GET /healthz 200 0.4ms',
    'GET /api/products 200 12.1ms',
    'GET /api/cart 200 8.7ms',
    'POST /api/checkout 502 30001.2ms upstream=checkout error="connection refused"',
    'GET /api/products 200 11.9ms',
  ];
  const checkoutPreviousLogLines = [
    'checkout starting, version 2.4.1',
    'connecting to postgres at payments-db:5432',
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x6b2f1a]',
    'goroutine 1 [running]:',
    'main.loadConfig(...) /src/checkout/config.go:42',
  ];
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { team: 'shop' } } },
    deployment({ name: 'web', namespace, replicas: 2 }),
    service('web', namespace, { app: 'web' }),
    deployment({ name: 'checkout', namespace, fault: 'crashloop', image: 'registry.example.com/shop/checkout:2.4.1' }),
    service('checkout', namespace, { app: 'checkout' }),
    deployment({ name: 'payments', namespace, fault: 'image-pull', image: 'registry.example.com/shop/payments:9.9.9-missing' }),
    deployment({ name: 'reports', namespace, nodeSelector: { disktype: 'ssd' } }),
    deployment({ name: 'cache', namespace, fault: 'oomkilled', image: 'redis:7.2' }),
    deployment({ name: 'search', namespace, fault: 'unready', image: 'registry.example.com/shop/search:1.0.3' }),
    service('legacy-api', namespace, { app: 'legacy-api' }),
    job('nightly-report', namespace, 'job-fail'),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace },
      data: { LOG_LEVEL: 'info', CHECKOUT_URL: 'http://checkout' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'payments-db', namespace }, type: 'Opaque',
      stringData: { username: 'payments', password: dbPassword, url: `postgres://payments:${dbPassword}@payments-db:5432/shop` } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'checkout-api', namespace }, type: 'Opaque',
      data: { 'api-key': Buffer.from(apiKey).toString('base64') } },
    event({ namespace, involved: { kind: 'Service', name: 'legacy-api' }, type: 'Warning', reason: 'NoEndpoints',
            message: 'Service legacy-api has no ready endpoints: selector app=legacy-api matches no pods' }),
  ]);
  await seedLogs(cluster, { namespace, container: 'web', lines: webLogLines });
  await seedLogs(cluster, {
    namespace, container: 'checkout', lines: ['checkout starting, version 2.4.1', 'connecting to postgres at payments-db:5432'],
    previousLines: checkoutPreviousLogLines,
  });
  return { namespace, canaries: [dbPassword, apiKey], webLogLines, checkoutPreviousLogLines };
}

/**
 * The scale knob: `pods` healthy pods spread over Deployments of up to `podsPerDeployment` replicas, in
 * namespaces of up to `deploymentsPerNamespace` Deployments each (names load-1, load-2, ...).
 */
export async function seedScale(cluster: SeedTarget, pods: number, podsPerDeployment = 20, deploymentsPerNamespace = 10): Promise<string[]> {
  const objects: object[] = [];
  const namespaces: string[] = [];
  for (let placed = 0, d = 0; placed < pods; d++) {
    const ns = `load-${Math.floor(d / deploymentsPerNamespace) + 1}`;
    if (d % deploymentsPerNamespace === 0) {
      namespaces.push(ns);
      objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    const replicas = Math.min(podsPerDeployment, pods - placed);
    objects.push(deployment({ name: `svc-${d + 1}`, namespace: ns, replicas }));
    placed += replicas;
  }
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, objects);
  return namespaces;
}

/** Waits until every Deployment in the namespaces reports the given condition (Available by default). */
export async function waitForDeployments(cluster: SeedTarget, namespaces: string[], names: string[] = [],
                                         timeout = '120s'): Promise<void> {
  for (const ns of namespaces) {
    const targets = names.length ? names.map((n) => `deployment/${n}`) : ['deployment', '--all'];
    await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath,
      ['wait', '-n', ns, '--for=condition=Available', `--timeout=${timeout}`, ...targets]);
  }
}
