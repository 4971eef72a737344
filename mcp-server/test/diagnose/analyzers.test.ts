// Analyzer rules on small literal objects: the cases the seeded cluster does not show, or shows less clearly.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { analyze } from '../../src/diagnose/analyze';
import { analyzeEvents, MAX_EVENT_FINDINGS } from '../../src/diagnose/events';
import { analyzeJobs } from '../../src/diagnose/jobs';
import { analyzeNodes } from '../../src/diagnose/nodes';
import { analyzePods } from '../../src/diagnose/pods';
import { analyzeServices } from '../../src/diagnose/services';
import { analyzeStorage } from '../../src/diagnose/storage';
import { analyzeWorkloads } from '../../src/diagnose/workloads';
import { deployment, event, inputs, minutesAgo, pod } from './fixtures';

const crashing = [
  {
    name: 'app',
    ready: false,
    restartCount: 4,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 1, reason: 'Error' } },
  },
];

describe('pod analyzers', () => {
  it('groups pods of one owner with the same problem into one finding that names the others', () => {
    const owner = { kind: 'ReplicaSet', name: 'web-5d8' };
    const found = analyzePods(
      inputs({
        pods: [
          pod('web-1', { owner, statuses: crashing }),
          pod('web-2', { owner, statuses: crashing }),
          pod('api-1', { statuses: crashing }),
        ],
      }),
    );
    expect(found).toHaveLength(2);
    const web = found.find((f) => f.ref.name === 'web-1')!;
    expect(web.evidence).toContain('same problem in 1 more pod(s): web-2');
    expect(web.covers).toEqual(['Pod/shop/web-1', 'Pod/shop/web-2']);
    expect(web.logs).toMatchObject({ pod: 'web-1', container: 'app' });
  });

  it('names a command that cannot run by its exit code', () => {
    const statuses = [{ ...crashing[0], lastState: { terminated: { exitCode: 127, reason: 'Error' } } }];
    expect(analyzePods(inputs({ pods: [pod('p', { statuses })] }))[0].fix).toMatch(/command of container app cannot run \(exit 127/);
  });

  it('reports an OOM kill as critical while it crashes, as a warning once running again, and not at all when it is old history', () => {
    const oom = (ready: boolean, finished: string) => [
      {
        name: 'app',
        ready,
        restartCount: 1,
        state: ready ? { running: {} } : { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: finished } },
      },
    ];
    const spec = { containers: [{ name: 'app', resources: { limits: { memory: '256Mi' }, requests: { memory: '128Mi' } } }] };
    const [crash] = analyzePods(inputs({ pods: [pod('a', { statuses: oom(false, minutesAgo(1)), spec })] }));
    expect(crash).toMatchObject({ severity: 'critical', problem: expect.stringContaining('OOMKilled') });
    expect(crash.evidence).toContain('memory limit 256Mi, request 128Mi');
    expect(analyzePods(inputs({ pods: [pod('b', { statuses: oom(true, minutesAgo(10)), spec })] }))[0].severity).toBe('warning');
    expect(analyzePods(inputs({ pods: [pod('c', { statuses: oom(true, minutesAgo(120)), spec })] }))).toEqual([]);
  });

  it('says which Secret a container that cannot be created is missing', () => {
    const statuses = [
      { name: 'app', ready: false, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-creds" not found' } } },
    ];
    const [f] = analyzePods(inputs({ pods: [pod('p', { phase: 'Pending', statuses })] }));
    expect(f).toMatchObject({
      severity: 'critical',
      problem: 'CreateContainerConfigError: container app cannot be created',
      fix: expect.stringMatching(/^create secret db-creds/),
    });
  });

  it('reports an evicted pod but not the failed pods of a Job (the Job finding covers them)', () => {
    const failed = (name: string, owner?: { kind: string; name: string }) =>
      pod(name, { phase: 'Failed', owner, statuses: [], status: { reason: 'Evicted', message: 'The node was low on resource: memory.' } });
    const found = analyzePods(inputs({ pods: [failed('evicted'), failed('job-pod', { kind: 'Job', name: 'nightly' })] }));
    expect(found.map((f) => f.ref.name)).toEqual(['evicted']);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      problem: 'Failed (Evicted)',
      evidence: ['The node was low on resource: memory.'],
    });
  });

  it('gives a pod that is not ready time to start unless an Unhealthy event already says its probe fails', () => {
    const spec = { containers: [{ name: 'app', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] };
    const young = pod('young', { ready: false, readySince: minutesAgo(1), spec });
    const old = pod('old', { ready: false, readySince: minutesAgo(10), spec });
    const probed = pod('probed', { ready: false, readySince: minutesAgo(1), spec });
    const unhealthy = event({
      kind: 'Pod',
      name: 'probed',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: connection refused',
      count: 7,
    });
    const found = analyzePods(inputs({ pods: [young, old, probed], events: [unhealthy] }));
    expect(found.map((f) => f.ref.name)).toEqual(['old', 'probed']);
    const f = found[1];
    expect(f.problem).toMatch(/^Running but not Ready for 60s: its readiness probe fails$/);
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^event Unhealthy ×7 .*connection refused/),
        'app readiness probe: HTTP GET port 8080 path /ready',
      ]),
    );
  });

  it('turns the scheduler reason into a fix for unschedulable pods', () => {
    const conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found.',
      },
    ];
    const spec = { containers: [{ name: 'app', resources: { requests: { cpu: '64' } } }] };
    const [f] = analyzePods(inputs({ pods: [pod('big', { phase: 'Pending', conditions, statuses: [], spec })] }));
    expect(f.evidence).toEqual(['scheduler (FailedScheduling): 0/3 nodes are available: 3 Insufficient cpu.', 'requests: app cpu=64']);
    expect(f.fix).toMatch(/no node has enough free cpu/);
  });
});

describe('workload analyzer', () => {
  it('joins a workload to the pod findings that explain it instead of repeating them', () => {
    const crashingPod = pod('web-1', { labels: { app: 'web' }, statuses: crashing, ready: false });
    const i = inputs({
      pods: [crashingPod],
      deployments: [
        deployment('web', {
          conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'long text' }],
        }),
      ],
    });
    const podFindings = analyzePods(i);
    expect(analyzeWorkloads(i, podFindings)).toEqual([]);
    expect(podFindings[0].evidence).toContain('Deployment web: 0/1 ready, Available=False (MinimumReplicasUnavailable)');
    expect(podFindings[0].covers).toContain('Deployment/shop/web');
  });

  it('reports a workload whose pods cannot even be created, with the controller reason', () => {
    const failure = {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'pods "api-1" is forbidden: exceeded quota: compute',
    };
    const [f] = analyzeWorkloads(inputs({ pods: [], deployments: [deployment('api', { replicas: 2, conditions: [failure] })] }), []);
    expect(f).toMatchObject({
      severity: 'critical',
      problem: '0/2 replicas ready',
      ref: { kind: 'Deployment', name: 'api', apiVersion: 'apps/v1' },
    });
    expect(f.evidence).toEqual([
      'Deployment api: 0/2 ready, ReplicaFailure=True (FailedCreate): pods "api-1" is forbidden: exceeded quota: compute',
      'no pods',
    ]);
    expect(f.fix).toMatch(/quota/);
  });

  it('leaves a workload that is still starting alone, and a partly ready one is a warning', () => {
    const starting = deployment('new', { created: minutesAgo(0.5) });
    const partial = deployment('half', { replicas: 2, ready: 1 });
    const found = analyzeWorkloads(inputs({ pods: [], deployments: [starting, partial] }), []);
    expect(found.map((f) => [f.ref.name, f.severity])).toEqual([['half', 'warning']]);
  });
});

describe('service analyzer', () => {
  const svc = (name: string, ns: string, spec: any) => ({ metadata: { name, namespace: ns, creationTimestamp: minutesAgo(30) }, spec });

  it('never reports default/kubernetes, but reports another Service without selector or endpoints', () => {
    const found = analyzeServices(
      inputs({
        pods: [],
        endpointslices: [],
        services: [svc('kubernetes', 'default', { ports: [{ port: 443 }] }), svc('external-db', 'shop', { ports: [{ port: 5432 }] })],
      }),
      [],
    );
    expect(found.map((f) => `${f.ref.namespace}/${f.ref.name}`)).toEqual(['shop/external-db']);
    expect(found[0].problem).toMatch(/no selector/);
  });

  it('finds ready pods that are not endpoints and shows the ports to compare', () => {
    const web = pod('web-1', {
      labels: { app: 'web' },
      spec: { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }] },
    });
    const slice = { metadata: { namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } }, endpoints: [] };
    const [f] = analyzeServices(
      inputs({
        pods: [web],
        endpointslices: [slice],
        services: [svc('web', 'shop', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'htpp' }] })],
      }),
      [],
    );
    expect(f.problem).toBe('1 selected pods are ready but none is an endpoint');
    expect(f.evidence).toEqual(['targetPort htpp', 'container ports http=8080']);
  });

  it('reports a Service whose selected pods are all unready when no pod finding explains them', () => {
    const unready = pod('web-1', { labels: { app: 'web' }, ready: false, readySince: minutesAgo(1) });
    const [f] = analyzeServices(inputs({ pods: [unready], services: [svc('web', 'shop', { selector: { app: 'web' } })] }), []);
    expect(f.problem).toBe('no ready endpoints: none of its 1 selected pods is ready');
    expect(f.covers).toContain('Pod/shop/web-1');
  });
});

describe('storage analyzer', () => {
  const pvc = (name: string, created: string) => ({
    metadata: { name, namespace: 'shop', creationTimestamp: created },
    spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    status: { phase: 'Pending' },
  });

  it('waits for a young claim and for WaitForFirstConsumer claims, and reports one stuck without a provisioner', () => {
    const events = [
      event({
        kind: 'PersistentVolumeClaim',
        name: 'lazy',
        reason: 'WaitForFirstConsumer',
        message: 'waiting for first consumer to be created before binding',
        type: 'Normal',
      }),
      event({
        kind: 'PersistentVolumeClaim',
        name: 'stuck',
        reason: 'ExternalProvisioning',
        message: 'Waiting for a volume to be created either by the external provisioner',
        type: 'Normal',
      }),
    ];
    const found = analyzeStorage(
      inputs({ pvcs: [pvc('young', minutesAgo(0.2)), pvc('lazy', minutesAgo(30)), pvc('stuck', minutesAgo(30))], events }),
    );
    expect(found.map((f) => f.ref.name)).toEqual(['stuck']);
    expect(found[0].fix).toMatch(/provisioner .* is running/);
  });
});

describe('node analyzer', () => {
  const node = (name: string, conditions: any[], unschedulable = false) => ({
    metadata: { name },
    spec: { unschedulable },
    status: { conditions },
  });
  const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady' };

  it('rates NotReady critical, pressure a warning and a cordoned node info, and skips healthy nodes', () => {
    const found = analyzeNodes(
      inputs({
        nodes: [
          node('down', [
            {
              type: 'Ready',
              status: 'Unknown',
              reason: 'NodeStatusUnknown',
              message: 'Kubelet stopped posting node status.',
              lastHeartbeatTime: minutesAgo(3),
            },
          ]),
          node('full', [ready, { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'disk almost full' }]),
          node('maintenance', [ready], true),
          node('fine', [ready, { type: 'MemoryPressure', status: 'False' }]),
        ],
      }),
    );
    expect(found.map((f) => [f.ref.name, f.severity, f.problem])).toEqual([
      ['down', 'critical', 'NotReady'],
      ['full', 'warning', 'DiskPressure'],
      ['maintenance', 'info', 'cordoned'],
    ]);
    expect(found[0].evidence).toEqual(['Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status., last heartbeat 3m ago']);
    expect(found[0].ref).toEqual({ cluster: 'local', apiVersion: 'v1', kind: 'Node', name: 'down' });
  });
});

describe('job analyzer', () => {
  const job = (name: string, failed: boolean, created: string, cron?: string) => ({
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: created,
      ...(cron ? { ownerReferences: [{ kind: 'CronJob', name: cron }] } : {}),
    },
    spec: { backoffLimit: 2 },
    status: {
      failed: failed ? 3 : 0,
      conditions: [
        failed
          ? { type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }
          : { type: 'Complete', status: 'True' },
      ],
    },
  });
  const cron = (name: string) => ({ metadata: { name, namespace: 'shop' }, status: {} });

  it('reports a CronJob whose latest run failed through the CronJob only, and not one that recovered', () => {
    const jobs = [
      job('backup-1', true, minutesAgo(20), 'backup'),
      job('sync-1', true, minutesAgo(20), 'sync'),
      job('sync-2', false, minutesAgo(5), 'sync'),
    ];
    const found = analyzeJobs(inputs({ pods: [], jobs, cronjobs: [cron('backup'), cron('sync')] }));
    expect(found.map((f) => [f.ref.kind, f.ref.name])).toEqual([['CronJob', 'backup']]);
    expect(found[0].problem).toBe('last run failed: Job backup-1 (DeadlineExceeded)');
    expect(found[0].fix).toMatch(/activeDeadlineSeconds/);
    expect(found[0].evidence).toContain('no successful run recorded');
  });
});

describe('events analyzer', () => {
  it('skips covered objects and pods that are gone, and groups one message across pods', () => {
    const pods = [pod('a'), pod('b'), pod('covered')];
    const events = [
      event({ kind: 'Pod', name: 'a', reason: 'NodeNotReady', message: 'Node is not ready', count: 2 }),
      event({ kind: 'Pod', name: 'b', reason: 'NodeNotReady', message: 'Node is not ready' }),
      event({ kind: 'Pod', name: 'covered', reason: 'BackOff', message: 'Back-off restarting failed container' }),
      event({ kind: 'Pod', name: 'gone', reason: 'FailedMount', message: 'MountVolume.SetUp failed' }),
      event({ kind: 'Pod', name: 'a', reason: 'Pulled', message: 'ok', type: 'Normal' }),
    ];
    const { findings, omitted } = analyzeEvents(inputs({ pods, events }), new Set(['Pod/shop/covered']));
    expect(omitted).toBe(0);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      problem: 'Warning event NodeNotReady (3 times) on 2 Pods',
      covers: ['Pod/shop/a', 'Pod/shop/b'],
    });
    expect(findings[0].evidence[1]).toMatch(/^also on: [ab]$/);
  });

  it('caps event findings, most frequent first, and counts what it left out', () => {
    const events = Array.from({ length: MAX_EVENT_FINDINGS + 3 }, (_, i) =>
      event({ kind: 'ConfigMap', name: `cm-${i}`, reason: 'Odd', message: `m${i}`, count: i + 1 }),
    );
    const { findings, omitted } = analyzeEvents(inputs({ events }), new Set());
    expect(findings).toHaveLength(MAX_EVENT_FINDINGS);
    expect(omitted).toBe(3);
    expect(findings[0].ref.name).toBe(`cm-${MAX_EVENT_FINDINGS + 2}`);
    expect(findings.at(-1)!.severity).toBe('warning');
    const single = analyzeEvents(inputs({ events: [event({ kind: 'ConfigMap', name: 'x', reason: 'Odd', message: 'once' })] }), new Set());
    expect(single.findings[0].severity).toBe('info');
  });
});

describe('analyze', () => {
  it('orders findings most severe first across analyzer families, and runs only the families asked for', () => {
    const cordoned = {
      metadata: { name: 'n1' },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const lists = {
      nodes: [cordoned],
      pods: [pod('api-1', { statuses: crashing }), pod('slow', { ready: false, readySince: minutesAgo(10) })],
    };
    const all = analyze(inputs(lists), new Set(['nodes', 'pods'] as const));
    expect(all.findings.map((f) => [f.severity, f.ref.name])).toEqual([
      ['critical', 'api-1'],
      ['warning', 'slow'],
      ['info', 'n1'],
    ]);
    expect(analyze(inputs(lists), new Set(['nodes'] as const)).findings.map((f) => f.ref.name)).toEqual(['n1']);
  });
});
