// The tasks the perfect agent replays (agent-tasks.ts): our own scenarios in the shapes of k8s-ai-bench's tasks
// (a prompt, a setup, a verifier), each in its own namespace. A task's `solve` is what a perfect agent with only
// Drover's tools does: the reads an agent needs to find the cause (each must show the evidence it looks for), then
// the change through a write tool, approved through its plan. `verify` checks the outcome with kubectl as the
// cluster admin, the way the task's verify.sh would, on what this control plane can show: kwok runs no
// containers, so pods become Running and Ready without running anything, and the harness's annotation
// drover.test/fault makes a pod show a failure the way a kubelet would report it.
import type { KubectlResult } from '../../tests/cluster';
import { deployment, event, FAULT_ANNOTATION, seedLogs, type SeedTarget, type WorkloadSpec } from '../../tests/cluster';
import { textOf } from './common';
import { namesIn, type PerfectAgent } from './perfect-agent';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What a task may do outside the agent: kubectl as the cluster admin. */
export interface Ground {
  cluster: SeedTarget;
  kubectl(args: string[], input?: string): Promise<string>;
  tryKubectl(args: string[]): Promise<KubectlResult>;
  apply(objects: object[]): Promise<void>;
  /** `kubectl get <args> -o json`, parsed. */
  get(args: string[]): Promise<any>;
}

export interface AgentTask {
  name: string;
  /** What the user asks (the agent's script follows it); printed under the task's line when it is not solved. */
  prompt: string;
  namespace: string;
  /** The agent creates the namespace itself: the runner only makes sure it does not exist yet. */
  agentCreatesNamespace?: boolean;
  /** Cluster-scoped objects the setup makes (kind/name), deleted before and after the task. */
  clusterObjects?: string[];
  /** What this control plane cannot show for the task, printed under its line. */
  caveat?: string;
  setup?(ground: Ground, ns: string): Promise<void>;
  /** The agent's calls; returns its answer when the task asks a question. */
  solve(agent: PerfectAgent, ns: string): Promise<string | void>;
  /** Why the task is not solved, or undefined when it is. */
  verify(ground: Ground, ns: string, answer: string): Promise<string | undefined>;
}

const WAIT = '--timeout=90s';

/** The first of the checks that fails, as a reason; undefined when all hold. */
function firstFailure(checks: [boolean, string][]): string | undefined {
  return checks.find(([ok]) => !ok)?.[1];
}

/** Waits until the Deployment is available (the setup's Deployments start healthy). */
async function available(ground: Ground, ns: string, name: string): Promise<void> {
  await ground.kubectl(['wait', WAIT, '-n', ns, `deployment/${name}`, '--for=condition=Available']);
}

/** Creates a Deployment of the harness's shape and waits until it is available. */
async function healthyDeployment(ground: Ground, spec: WorkloadSpec): Promise<void> {
  await ground.apply([deployment(spec)]);
  await available(ground, spec.namespace, spec.name);
}

/** A kubectl wait that may fail: its failure is the task's reason. */
async function waitFor(ground: Ground, args: string[]): Promise<string | undefined> {
  const res = await ground.tryKubectl(['wait', WAIT, ...args]);
  return res.code === 0 ? undefined : `kubectl wait ${args.join(' ')}: ${res.stderr.trim().split('\n').pop()}`;
}

/** Why the Deployment has not finished rolling out to `replicas` ready replicas; undefined once it has. */
async function rolledOut(ground: Ground, ns: string, name: string, replicas: number): Promise<string | undefined> {
  const waited = await waitFor(ground, ['-n', ns, `deployment/${name}`, '--for=condition=Available']);
  if (waited) return waited;
  const d = await ground.get(['deployment', name, '-n', ns]);
  return firstFailure([
    [d.status.observedGeneration === d.metadata.generation, `deployment ${name}: the controller has not seen the last change`],
    [d.status.updatedReplicas === replicas, `deployment ${name}: ${d.status.updatedReplicas ?? 0} of ${replicas} replicas updated`],
    [d.status.readyReplicas === replicas, `deployment ${name}: ${d.status.readyReplicas ?? 0} of ${replicas} replicas ready`],
  ]);
}

const container = (d: any, index = 0) => d.spec.template.spec.containers[index];

/** The selector of the pods of a Deployment's newest ReplicaSet, once that ReplicaSet has made all of them. */
async function newestPods(ground: Ground, ns: string, name: string): Promise<string> {
  const generation = (await ground.get(['deployment', name, '-n', ns])).metadata.generation;
  await ground.kubectl(['wait', WAIT, '-n', ns, `deployment/${name}`, `--for=jsonpath={.status.observedGeneration}=${generation}`]);
  const revision = (rs: any) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const [newest] = (await ground.get(['replicasets', '-n', ns, '-l', `app=${name}`])).items.sort(
    (a: any, b: any) => revision(b) - revision(a),
  );
  await ground.kubectl([
    'wait',
    WAIT,
    '-n',
    ns,
    `replicaset/${newest.metadata.name}`,
    `--for=jsonpath={.status.replicas}=${newest.spec.replicas}`,
  ]);
  return `app=${name},pod-template-hash=${newest.metadata.labels['pod-template-hash']}`;
}

/** A memory quantity in MiB (Ki, Mi, Gi, or bytes). */
function mebibytes(quantity: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(quantity ?? '');
  if (!m) return NaN;
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024 }[m[2] as 'Ki' | 'Mi' | 'Gi'] ?? 1 / (1024 * 1024);
  return Number(m[1]) * factor;
}

const ROLLED_OUT = /successfully rolled out/;

/** The agent's k8s_apply of a manifest it wrote, in the task's namespace; `inPlan`: what the plan must show. */
const applyManifest = (agent: PerfectAgent, ns: string, manifest: string, inPlan: RegExp) =>
  agent.write('k8s_apply', { namespace: ns, manifest }, inPlan);

const createNamespaceAndDeployment: AgentTask = {
  name: 'create-namespace-and-deployment',
  prompt: 'Create the namespace kab-create and, in it, a deployment web running nginx:1.27 with 2 replicas.',
  namespace: 'kab-create',
  agentCreatesNamespace: true,
  async solve(agent, ns) {
    await agent.write(
      'k8s_apply',
      {
        manifest: `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
`,
      },
      new RegExp(`Namespace ${ns}`),
    );
    await agent.poll('k8s_rollout_status', { name: 'web', namespace: ns }, ROLLED_OUT);
  },
  async verify(ground, ns) {
    const namespace = await ground.get(['namespace', ns]);
    if (namespace.status.phase !== 'Active') return `namespace ${ns} is ${namespace.status.phase}`;
    const d = await ground.get(['deployment', 'web', '-n', ns]);
    return firstFailure([[container(d).image === 'nginx:1.27', `image is ${container(d).image}`]]) ?? rolledOut(ground, ns, 'web', 2);
  },
};

const scaleDeployment: AgentTask = {
  name: 'scale-deployment',
  prompt: 'Scale the api deployment in kab-scale to 4 replicas.',
  namespace: 'kab-scale',
  async setup(ground, ns) {
    await healthyDeployment(ground, { name: 'api', namespace: ns, replicas: 1 });
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'deployments', namespace: ns }, /api\s+1\/1/);
    await agent.write('k8s_scale', { name: 'api', namespace: ns, replicas: 4 }, /replicas: 4/);
    await agent.poll('k8s_rollout_status', { name: 'api', namespace: ns }, ROLLED_OUT);
  },
  async verify(ground, ns) {
    return rolledOut(ground, ns, 'api', 4);
  },
};

const createCronJob: AgentTask = {
  name: 'create-cronjob',
  prompt:
    'In kab-cronjob, create a CronJob backup that runs busybox:1.36 with "date; echo backing up" every 5 minutes, keeping 3 successful and 1 failed job.',
  namespace: 'kab-cronjob',
  async solve(agent, ns) {
    await applyManifest(
      agent,
      ns,
      `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "*/5 * * * *"
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
            command: ["/bin/sh", "-c", "date; echo backing up"]
`,
      /CronJob backup/,
    );
    await agent.read('k8s_get', { kind: 'cronjobs', namespace: ns }, /backup\s+\*\/5 \* \* \* \*/);
  },
  async verify(ground, ns) {
    const cj = await ground.get(['cronjob', 'backup', '-n', ns]);
    const c = cj.spec.jobTemplate.spec.template.spec.containers[0];
    return firstFailure([
      [cj.spec.schedule === '*/5 * * * *', `schedule is ${cj.spec.schedule}`],
      [c.image === 'busybox:1.36', `image is ${c.image}`],
      [[...(c.command ?? []), ...(c.args ?? [])].join(' ').includes('echo backing up'), 'the command does not echo "backing up"'],
      [cj.spec.successfulJobsHistoryLimit === 3 && cj.spec.failedJobsHistoryLimit === 1, 'the history limits are not 3 and 1'],
    ]);
  },
};

const fixFailedJob: AgentTask = {
  name: 'fix-failed-job',
  prompt: 'The data-processor job in kab-job fails. Fix it so that it completes.',
  namespace: 'kab-job',
  clusterObjects: ['clusterlogs.kwok.x-k8s.io/kab-job.processor'],
  caveat:
    "kwok runs no commands: the harness marks the broken Job's pods failed (drover.test/fault: job-fail) and serves the shell's error as their log; a perfect agent's own manifest for the recreated Job carries neither the typo nor that marker",
  async setup(ground, ns) {
    await seedLogs(ground.cluster, { namespace: ns, container: 'processor', lines: ['/bin/sh: ech: not found'] });
    await ground.apply([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'data-processor', namespace: ns },
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { annotations: { [FAULT_ANNOTATION]: 'job-fail' } },
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'processor', image: 'busybox:1.36', command: ['/bin/sh', '-c'], args: ["ech 'Processing data...' && sleep 1"] },
              ],
            },
          },
        },
      },
    ]);
    await ground.kubectl(['wait', WAIT, '-n', ns, 'job/data-processor', '--for=condition=Failed']);
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'jobs', namespace: ns }, /data-processor\s+Failed/);
    await agent.read('k8s_describe', { kind: 'job', name: 'data-processor', namespace: ns }, /BackoffLimitExceeded/);
    await agent.read('k8s_logs', { kind: 'job', name: 'data-processor', namespace: ns }, /ech: not found/);
    await agent.read('k8s_get', { kind: 'job', name: 'data-processor', namespace: ns, output: 'yaml' }, /ech 'Processing data/);
    // A Job's pod template cannot change: delete it, then create it again with the command fixed.
    await agent.write('k8s_delete', { kind: 'job', name: 'data-processor', namespace: ns }, /data-processor/);
    await applyManifest(
      agent,
      ns,
      `apiVersion: batch/v1
kind: Job
metadata:
  name: data-processor
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: processor
        image: busybox:1.36
        command: ["/bin/sh", "-c"]
        args: ["echo 'Processing data...' && sleep 1"]
`,
      /Job data-processor/,
    );
    await agent.poll('k8s_get', { kind: 'jobs', namespace: ns }, /data-processor\s+Complete/);
  },
  async verify(ground, ns) {
    const waited = await waitFor(ground, ['-n', ns, 'job/data-processor', '--for=condition=Complete']);
    if (waited) return waited;
    const job = await ground.get(['job', 'data-processor', '-n', ns]);
    return firstFailure([[/^echo /.test(container(job).args?.[0] ?? ''), `the command is still ${JSON.stringify(container(job).args)}`]]);
  },
};

const fixServiceWithNoEndpoints: AgentTask = {
  name: 'fix-service-with-no-endpoints',
  prompt: 'The web-backend service in kab-svc has no endpoints. Fix it.',
  namespace: 'kab-svc',
  async setup(ground, ns) {
    await ground.apply([
      deployment({ name: 'web-backend', namespace: ns, replicas: 2 }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web-backend', namespace: ns },
        spec: { selector: { app: 'webbackend' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
    ]);
    await available(ground, ns, 'web-backend');
  },
  async solve(agent, ns) {
    await agent.read(
      'k8s_describe',
      { kind: 'service', name: 'web-backend', namespace: ns },
      /Selector: app=webbackend[\s\S]*Endpoints: 0 ready/,
    );
    await agent.read('k8s_get', { kind: 'pods', namespace: ns, fields: ['metadata.labels'] }, /"app":"web-backend"/);
    await agent.write('k8s_patch', {
      kind: 'service',
      name: 'web-backend',
      namespace: ns,
      patch: { spec: { selector: { app: 'web-backend' } } },
    });
    await agent.poll('k8s_describe', { kind: 'service', name: 'web-backend', namespace: ns }, /Endpoints: 2 ready/);
  },
  async verify(ground, ns) {
    return waitFor(ground, ['-n', ns, 'endpoints/web-backend', '--for=jsonpath={.subsets[0].addresses[1].ip}']);
  },
};

const SERVICE_ACCOUNT = 'pod-reader';

const rbacPodReader: AgentTask = {
  name: 'rbac-serviceaccount-list-pods',
  prompt: `Allow the service account ${SERVICE_ACCOUNT} in kab-rbac to list pods in kab-rbac, and nothing more.`,
  namespace: 'kab-rbac',
  async setup(ground, ns) {
    await ground.apply([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace: ns } }]);
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'serviceaccounts', namespace: ns }, new RegExp(SERVICE_ACCOUNT));
    await agent.read('k8s_auth_can_i', { verb: 'create', resource: 'roles.rbac.authorization.k8s.io', namespace: ns }, /^yes/);
    await agent.read('k8s_auth_can_i', { verb: 'create', resource: 'rolebindings.rbac.authorization.k8s.io', namespace: ns }, /^yes/);
    await applyManifest(
      agent,
      ns,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-lister
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${SERVICE_ACCOUNT}-lists-pods
subjects:
- kind: ServiceAccount
  name: ${SERVICE_ACCOUNT}
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-lister
`,
      /RoleBinding/,
    );
    await agent.read('k8s_describe', { kind: 'rolebinding', name: `${SERVICE_ACCOUNT}-lists-pods`, namespace: ns }, /pod-lister/);
  },
  async verify(ground, ns) {
    const as = `--as=system:serviceaccount:${ns}:${SERVICE_ACCOUNT}`;
    const canI = async (...args: string[]) => (await ground.tryKubectl(['auth', 'can-i', as, ...args])).stdout.trim();
    return firstFailure([
      [(await canI('list', 'pods', '-n', ns)) === 'yes', 'the service account may not list pods'],
      [(await canI('delete', 'pods', '-n', ns)) === 'no', 'the service account may delete pods'],
      [(await canI('list', 'secrets', '-n', ns)) === 'no', 'the service account may list secrets'],
      [(await canI('list', 'pods', '-n', 'default')) === 'no', 'the service account may list pods in default'],
    ]);
  },
};

const networkPolicy: AgentTask = {
  name: 'network-policy',
  prompt: 'In kab-netpol, only the api pods may connect to the db pods, and only on TCP 5432; block all other traffic to db.',
  namespace: 'kab-netpol',
  caveat: 'no network plugin enforces policies here: checked is the policy the API server stored',
  async setup(ground, ns) {
    await ground.apply([
      deployment({ name: 'db', namespace: ns, image: 'postgres:16' }),
      deployment({ name: 'api', namespace: ns }),
      deployment({ name: 'frontend', namespace: ns }),
    ]);
  },
  async solve(agent, ns) {
    await agent.read(
      'k8s_get',
      { kind: 'deployments', namespace: ns, fields: ['spec.template.metadata.labels'] },
      /(?=[\s\S]*"app":"db")(?=[\s\S]*"app":"api")/,
    );
    await agent.read('k8s_get', { kind: 'networkpolicies', namespace: ns });
    await applyManifest(
      agent,
      ns,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api-only
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: api}
    ports:
    - protocol: TCP
      port: 5432
`,
      /NetworkPolicy db-from-api-only/,
    );
    await agent.read('k8s_describe', { kind: 'networkpolicy', name: 'db-from-api-only', namespace: ns }, /5432/);
  },
  async verify(ground, ns) {
    const policies = (await ground.get(['networkpolicies', '-n', ns])).items;
    if (policies.length !== 1) return `${policies.length} network policies instead of 1`;
    const spec = policies[0].spec;
    const rule = spec.ingress?.[0];
    return firstFailure([
      [spec.podSelector?.matchLabels?.app === 'db', 'the policy does not select the db pods'],
      [JSON.stringify(spec.policyTypes) === '["Ingress"]', `policy types ${JSON.stringify(spec.policyTypes)}`],
      [spec.ingress?.length === 1 && rule.from?.length === 1, 'not exactly one ingress rule with one source'],
      [
        rule.from[0].podSelector?.matchLabels?.app === 'api' && !rule.from[0].namespaceSelector,
        'the source is not the api pods of this namespace',
      ],
      [rule.ports?.length === 1 && rule.ports[0].port === 5432 && rule.ports[0].protocol === 'TCP', 'the port is not TCP 5432'],
    ]);
  },
};

const horizontalPodAutoscaler: AgentTask = {
  name: 'horizontal-pod-autoscaler',
  prompt: 'Create a HorizontalPodAutoscaler for deployment web-app in kab-hpa targeting 50% CPU utilization with min=1 and max=3 replicas.',
  namespace: 'kab-hpa',
  caveat: 'no metrics server: checked is the autoscaler the API server stored, it never gets CPU figures here',
  async setup(ground, ns) {
    await ground.apply([deployment({ name: 'web-app', namespace: ns })]);
  },
  async solve(agent, ns) {
    await agent.read('k8s_describe', { kind: 'deployment', name: 'web-app', namespace: ns }, /requests cpu=50m/);
    await applyManifest(
      agent,
      ns,
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web-app
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web-app
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
`,
      /HorizontalPodAutoscaler web-app/,
    );
    await agent.read('k8s_get', { kind: 'hpa', namespace: ns }, /web-app\s+Deployment\/web-app/);
  },
  async verify(ground, ns) {
    const hpa = await ground.get(['hpa.v2.autoscaling', 'web-app', '-n', ns]);
    const metric = hpa.spec.metrics?.[0]?.resource;
    return firstFailure([
      [
        hpa.spec.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === 'web-app',
        'it does not target deployment web-app',
      ],
      [hpa.spec.minReplicas === 1 && hpa.spec.maxReplicas === 3, `replicas ${hpa.spec.minReplicas}-${hpa.spec.maxReplicas}`],
      [metric?.name === 'cpu' && metric.target.averageUtilization === 50, 'the target is not 50% CPU'],
    ]);
  },
};

const STS_CLASS = 'kab-sts-local';
const STS_REPLICAS = 3;

const statefulSetScaleDown: AgentTask = {
  name: 'statefulset-volumes-scale-down',
  prompt:
    'In kab-sts, run a StatefulSet db (postgres:16, 3 replicas, headless service db on 5432) where each replica gets its own 1Gi volume at /var/lib/postgresql/data; once it is up, scale it down to 1 replica and keep the data.',
  namespace: 'kab-sts',
  clusterObjects: [`storageclass/${STS_CLASS}`, ...Array.from({ length: STS_REPLICAS }, (_, i) => `persistentvolume/kab-sts-data-db-${i}`)],
  caveat: 'no volume provisioner here: the setup adds one pre-bound 1Gi volume per replica',
  async setup(ground, ns) {
    await ground.apply([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: STS_CLASS },
        provisioner: 'kubernetes.io/no-provisioner',
        reclaimPolicy: 'Retain',
      },
      ...Array.from({ length: STS_REPLICAS }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: `kab-sts-data-db-${i}` },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: STS_CLASS,
          persistentVolumeReclaimPolicy: 'Retain',
          hostPath: { path: `/tmp/kab-sts/db-${i}` },
          claimRef: { namespace: ns, name: `data-db-${i}` },
        },
      })),
    ]);
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'storageclasses' }, new RegExp(STS_CLASS));
    await applyManifest(
      agent,
      ns,
      `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: postgres, port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: ${STS_REPLICAS}
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        image: postgres:16
        ports: [{name: postgres, containerPort: 5432}]
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: ${STS_CLASS}
      resources:
        requests:
          storage: 1Gi
`,
      /StatefulSet db/,
    );
    await agent.poll('k8s_rollout_status', { kind: 'statefulset', name: 'db', namespace: ns }, /roll(ing update|\s?out) complete/);
    await agent.read('k8s_get', { kind: 'persistentvolumeclaims', namespace: ns }, /data-db-2\s+Bound/);
    // The plan must say what happens to the volumes of the replicas that go.
    await agent.write('k8s_scale', { kind: 'statefulset', name: 'db', namespace: ns, replicas: 1 }, /data-db-1/);
    await agent.poll('k8s_get', { kind: 'statefulsets', namespace: ns }, /db\s+1\/1/);
  },
  async verify(ground, ns) {
    const sts = await ground.get(['statefulset', 'db', '-n', ns]);
    if (sts.spec.replicas !== 1) return `the StatefulSet has ${sts.spec.replicas} replicas`;
    const gone = await waitFor(ground, ['-n', ns, '--for=delete', 'pod/db-1', 'pod/db-2']);
    if (gone) return gone;
    const claims = (await ground.get(['pvc', '-n', ns])).items.filter((c: any) => c.status.phase === 'Bound');
    return firstFailure([
      [(await ground.get(['pod', 'db-0', '-n', ns])).status.phase === 'Running', 'pod db-0 is not running'],
      [claims.length === STS_REPLICAS, `${claims.length} of ${STS_REPLICAS} claims are still bound: data was lost`],
    ]);
  },
};

const PVC_CLASS = 'kab-pvc-expandable';

const resizePvc: AgentTask = {
  name: 'resize-pvc',
  prompt: 'Resize the storage-pvc claim in kab-pvc to 2Gi.',
  namespace: 'kab-pvc',
  clusterObjects: [`storageclass/${PVC_CLASS}`, 'persistentvolume/kab-pvc-storage'],
  caveat:
    "the storage class allows expansion and the API server accepts the new request, but no volume resizer runs here: the volume stays 1Gi (k8s-ai-bench's verifier reads the volume's capacity)",
  async setup(ground, ns) {
    await ground.apply([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: PVC_CLASS },
        provisioner: 'kubernetes.io/no-provisioner',
        allowVolumeExpansion: true,
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'kab-pvc-storage' },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: PVC_CLASS,
          persistentVolumeReclaimPolicy: 'Retain',
          hostPath: { path: '/tmp/kab-pvc/storage' },
          claimRef: { namespace: ns, name: 'storage-pvc' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'storage-pvc', namespace: ns },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: PVC_CLASS, resources: { requests: { storage: '1Gi' } } },
      },
    ]);
    await ground.kubectl(['wait', WAIT, '-n', ns, 'pvc/storage-pvc', '--for=jsonpath={.status.phase}=Bound']);
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'pvc', namespace: ns }, /storage-pvc\s+Bound/);
    await agent.read('k8s_get', { kind: 'storageclasses', name: PVC_CLASS, fields: ['allowVolumeExpansion'] }, /true/);
    await agent.write(
      'k8s_patch',
      { kind: 'pvc', name: 'storage-pvc', namespace: ns, patch: { spec: { resources: { requests: { storage: '2Gi' } } } } },
      /2Gi/,
    );
    await agent.read('k8s_describe', { kind: 'pvc', name: 'storage-pvc', namespace: ns }, /2Gi/);
  },
  async verify(ground, ns) {
    const claim = await ground.get(['pvc', 'storage-pvc', '-n', ns]);
    return firstFailure([[claim.spec.resources.requests.storage === '2Gi', `the claim requests ${claim.spec.resources.requests.storage}`]]);
  },
};

const PROBE_APP = 'webapp';

const fixProbes: AgentTask = {
  name: 'fix-probes',
  prompt: 'The webapp pods in kab-probes keep failing their health checks. Fix the probes (do not remove them).',
  namespace: 'kab-probes',
  caveat: 'kwok runs no probes: the failures are kubelet-like events the setup adds; checked are the probes and a finished rollout',
  async setup(ground, ns) {
    const d: any = deployment({ name: PROBE_APP, namespace: ns });
    const probe = (path: string) => ({ httpGet: { path, port: 8081 }, periodSeconds: 10 });
    Object.assign(container(d), { livenessProbe: probe('/healthz'), readinessProbe: probe('/ready') });
    await ground.apply([d]);
    await available(ground, ns, PROBE_APP);
    const pod = (await ground.get(['pods', '-n', ns, '-l', `app=${PROBE_APP}`])).items[0];
    const failed = (probe: string, path: string) =>
      event({
        namespace: ns,
        involved: { kind: 'Pod', name: pod.metadata.name },
        type: 'Warning',
        reason: 'Unhealthy',
        count: 7,
        message: `${probe} probe failed: Get "http://${pod.status.podIP}:8081${path}": dial tcp ${pod.status.podIP}:8081: connect: connection refused`,
      });
    await ground.apply([failed('Liveness', '/healthz'), failed('Readiness', '/ready')]);
  },
  async solve(agent, ns) {
    await agent.read('k8s_events', { namespace: ns }, /probe failed: .*:8081\/healthz.*connection refused/);
    await agent.read(
      'k8s_get',
      { kind: 'deployment', name: PROBE_APP, namespace: ns, output: 'yaml' },
      /containerPort: 8080[\s\S]*port: 8081/,
    );
    const path = '/spec/template/spec/containers/0';
    await agent.write('k8s_patch', {
      kind: 'deployment',
      name: PROBE_APP,
      namespace: ns,
      patch: [
        { op: 'replace', path: `${path}/livenessProbe/httpGet/port`, value: 'http' },
        { op: 'replace', path: `${path}/readinessProbe/httpGet/port`, value: 'http' },
      ],
    });
    await agent.poll('k8s_rollout_status', { name: PROBE_APP, namespace: ns }, ROLLED_OUT);
  },
  async verify(ground, ns) {
    const c = container(await ground.get(['deployment', PROBE_APP, '-n', ns]));
    const ok = (probe: any) => ['http', 8080].includes(probe?.httpGet?.port);
    return (
      firstFailure([
        [Boolean(c.livenessProbe && c.readinessProbe), 'a probe was removed'],
        [ok(c.livenessProbe) && ok(c.readinessProbe), 'a probe still targets a port the container does not listen on'],
      ]) ?? rolledOut(ground, ns, PROBE_APP, 1)
    );
  },
};

const OOM_APP = 'memory-hog';

const fixOomKilled: AgentTask = {
  name: 'fix-oomkilled',
  prompt: 'memory-hog in kab-oom keeps crashing. Fix it.',
  namespace: 'kab-oom',
  caveat:
    "the harness's OOMKilled marker (drover.test/fault) is part of the pod template, so the new pods show OOMKilled too: checked is the new limit on the new pods, not their health",
  async setup(ground, ns) {
    const d: any = deployment({ name: OOM_APP, namespace: ns, image: 'polinux/stress:1.0.4', fault: 'oomkilled' });
    Object.assign(container(d), { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'] });
    await ground.apply([d]);
    await ground.kubectl([
      'wait',
      WAIT,
      '-n',
      ns,
      'pod',
      '-l',
      `app=${OOM_APP}`,
      '--for=jsonpath={.status.containerStatuses[0].lastState.terminated.reason}=OOMKilled',
    ]);
  },
  async solve(agent, ns) {
    const pods = await agent.read('k8s_get', { kind: 'pods', namespace: ns }, /CrashLoopBackOff/);
    await agent.read('k8s_describe', { kind: 'pod', name: namesIn(pods)[0] ?? OOM_APP, namespace: ns }, /OOMKilled/);
    await agent.read(
      'k8s_get',
      { kind: 'deployment', name: OOM_APP, namespace: ns, output: 'yaml' },
      /--vm-bytes[\s\S]*250M[\s\S]*memory: 128Mi/,
    );
    await agent.write(
      'k8s_patch',
      {
        kind: 'deployment',
        name: OOM_APP,
        namespace: ns,
        patch: {
          spec: {
            template: {
              spec: { containers: [{ name: OOM_APP, resources: { requests: { memory: '300Mi' }, limits: { memory: '512Mi' } } }] },
            },
          },
        },
      },
      /512Mi/,
    );
    await agent.read('k8s_rollout_status', { name: OOM_APP, namespace: ns });
  },
  async verify(ground, ns) {
    const limit = container(await ground.get(['deployment', OOM_APP, '-n', ns])).resources?.limits?.memory;
    if (!(mebibytes(limit) >= 300)) return `the memory limit is ${limit}, below the 250M the app allocates plus overhead`;
    const pods = (await ground.get(['pods', '-n', ns, '-l', await newestPods(ground, ns, OOM_APP)])).items;
    return firstFailure([
      [
        pods.length > 0 && pods.every((p: any) => p.spec.containers[0].resources?.limits?.memory === limit),
        'no pod runs with the new limit',
      ],
    ]);
  },
};

const fixPendingPod: AgentTask = {
  name: 'fix-pending-pod',
  prompt: 'The homepage pod in kab-pending is stuck in Pending. Fix it.',
  namespace: 'kab-pending',
  async setup(ground, ns) {
    await ground.apply([deployment({ name: 'homepage', namespace: ns, nodeSelector: { disktype: 'ssd' } })]);
    await ground.kubectl(['wait', WAIT, '-n', ns, 'pod', '-l', 'app=homepage', '--for=condition=PodScheduled=False']);
  },
  async solve(agent, ns) {
    const pods = await agent.read('k8s_get', { kind: 'pods', namespace: ns }, /Pending/);
    await agent.read(
      'k8s_describe',
      { kind: 'pod', name: namesIn(pods)[0] ?? 'homepage', namespace: ns },
      /didn't match Pod's node affinity\/selector/,
    );
    await agent.read('k8s_get', { kind: 'deployment', name: 'homepage', namespace: ns, output: 'yaml' }, /disktype: ssd/);
    await agent.read('k8s_get', { kind: 'nodes', fields: ['metadata.labels'] }, /kubernetes.io\/hostname/);
    // No node has disktype=ssd: drop the selector rather than label a node (nodes are not the user's to change).
    await agent.write('k8s_patch', {
      kind: 'deployment',
      name: 'homepage',
      namespace: ns,
      patch: [{ op: 'remove', path: '/spec/template/spec/nodeSelector' }],
    });
    await agent.poll('k8s_rollout_status', { name: 'homepage', namespace: ns }, ROLLED_OUT);
  },
  async verify(ground, ns) {
    const d = await ground.get(['deployment', 'homepage', '-n', ns]);
    return (
      firstFailure([[!d.spec.template.spec.nodeSelector, 'the pod template still has a nodeSelector']]) ??
      rolledOut(ground, ns, 'homepage', 1)
    );
  },
};

const IMAGES_JSONPATH = '{.items[*].spec.containers[*].image}';

const findImages: AgentTask = {
  name: 'list-container-images',
  prompt: 'Which container images do the pods in kab-images use?',
  namespace: 'kab-images',
  async setup(ground, ns) {
    await ground.apply([
      deployment({ name: 'web', namespace: ns, replicas: 2 }),
      deployment({ name: 'cache', namespace: ns, image: 'redis:7.2' }),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'app', namespace: ns },
        spec: {
          containers: [
            { name: 'app', image: 'ghcr.io/example/app:2.1' },
            { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' },
          ],
        },
      },
    ]);
    await ground.kubectl(['wait', WAIT, '-n', ns, 'pod', '--all', '--for=condition=Ready']);
  },
  async solve(agent, ns) {
    const res = await agent.read(
      'k8s_get',
      { kind: 'pods', namespace: ns, fields: ['spec.containers[*].image'] },
      /envoyproxy\/envoy:v1\.31\.0/,
    );
    // The answer: every image in the table's image column (after each row's pod name).
    const rows = textOf(res)
      .split('\n')
      .filter((line) => /^[a-z0-9]/.test(line) && !/ of \d+ shown/.test(line));
    const images = new Set(
      rows.flatMap((row) =>
        row
          .split(/\s+/)
          .slice(1)
          .join(' ')
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    );
    return [...images].sort().join(' ');
  },
  async verify(ground, ns, answer) {
    const expected = [
      ...new Set((await ground.kubectl(['get', 'pods', '-n', ns, '-o', `jsonpath=${IMAGES_JSONPATH}`])).split(/\s+/).filter(Boolean)),
    ].sort();
    return firstFailure([[answer === expected.join(' '), `answered "${answer}", the pods use "${expected.join(' ')}"`]]);
  },
};

const rolloutStatusAfterChange: AgentTask = {
  name: 'update-image-rollout-status',
  prompt: 'Update frontend in kab-rollout to nginx:1.28 and tell me when the rollout has finished.',
  namespace: 'kab-rollout',
  async setup(ground, ns) {
    await healthyDeployment(ground, { name: 'frontend', namespace: ns, replicas: 3 });
  },
  async solve(agent, ns) {
    await agent.write(
      'k8s_patch',
      {
        kind: 'deployment',
        name: 'frontend',
        namespace: ns,
        patch: { spec: { template: { spec: { containers: [{ name: 'frontend', image: 'nginx:1.28' }] } } } },
      },
      /nginx:1\.28/,
    );
    return textOf(await agent.poll('k8s_rollout_status', { name: 'frontend', namespace: ns }, ROLLED_OUT));
  },
  async verify(ground, ns, answer) {
    const d = await ground.get(['deployment', 'frontend', '-n', ns]);
    return (
      firstFailure([
        [container(d).image === 'nginx:1.28', `image is ${container(d).image}`],
        [ROLLED_OUT.test(answer), `the agent's answer does not say the rollout finished: ${answer}`],
      ]) ?? rolledOut(ground, ns, 'frontend', 3)
    );
  },
};

const debugAppLogs: AgentTask = {
  name: 'debug-app-logs',
  prompt: 'Is anything wrong with my calc-app in the kab-logs namespace?',
  namespace: 'kab-logs',
  clusterObjects: ['clusterlogs.kwok.x-k8s.io/kab-logs.calc-app'],
  caveat: "kwok runs no containers: the app's log lines are served through the harness's kwok ClusterLogs",
  async setup(ground, ns) {
    await seedLogs(ground.cluster, {
      namespace: ns,
      container: 'calc-app',
      lines: [
        ' * Serving Flask app "calc"',
        'INFO 127.0.0.1 "GET /add?a=4&b=2 HTTP/1.1" 200',
        'ERROR Exception on /divide [GET]',
        'Traceback (most recent call last):',
        '  File "/app/calc.py", line 21, in divide',
        '    return str(a / b)',
        'ZeroDivisionError: division by zero',
        'INFO 127.0.0.1 "GET /divide?a=4&b=0 HTTP/1.1" 500',
      ],
    });
    await healthyDeployment(ground, { name: 'calc-app', namespace: ns, image: 'python:3.12-slim' });
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'pods', namespace: ns }, /calc-app-\S+\s+1\/1\s+Running/);
    const logs = await agent.read(
      'k8s_logs',
      { kind: 'deployment', name: 'calc-app', namespace: ns, include: 'Error|Exception' },
      /division by zero/,
    );
    return textOf(logs)
      .split('\n')
      .filter((line) => /Error/.test(line))
      .join('\n');
  },
  async verify(_ground, _ns, answer) {
    return firstFailure([[/division by zero/.test(answer), 'the answer does not name the division by zero']]);
  },
};

const rollbackBrokenUpdate: AgentTask = {
  name: 'rollback-broken-update',
  prompt: 'Since its last update, shop-api in kab-undo is broken. Roll it back.',
  namespace: 'kab-undo',
  caveat: "the harness's ImagePullBackOff marker is in the broken revision's pod template only, as the typo is",
  async setup(ground, ns) {
    await healthyDeployment(ground, { name: 'shop-api', namespace: ns, replicas: 2 });
    await ground.apply([deployment({ name: 'shop-api', namespace: ns, replicas: 2, image: 'nginx:1.27-typo', fault: 'image-pull' })]);
    const broken = await newestPods(ground, ns, 'shop-api');
    await ground.kubectl([
      'wait',
      WAIT,
      '-n',
      ns,
      'pod',
      '-l',
      broken,
      '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff',
    ]);
  },
  async solve(agent, ns) {
    await agent.read('k8s_get', { kind: 'pods', namespace: ns }, /ImagePullBackOff/);
    await agent.read('k8s_describe', { kind: 'deployment', name: 'shop-api', namespace: ns }, /nginx:1\.27-typo/);
    await agent.read('k8s_rollout_status', { action: 'history', name: 'shop-api', namespace: ns }, /\b2\b/);
    await agent.write('k8s_rollout', { action: 'undo', name: 'shop-api', namespace: ns });
    await agent.poll('k8s_rollout_status', { name: 'shop-api', namespace: ns }, ROLLED_OUT);
  },
  async verify(ground, ns) {
    const d = await ground.get(['deployment', 'shop-api', '-n', ns]);
    return firstFailure([[container(d).image === 'nginx:1.27', `image is ${container(d).image}`]]) ?? rolledOut(ground, ns, 'shop-api', 2);
  },
};

const sidecarPod: AgentTask = {
  name: 'multi-container-pod-shared-volume',
  prompt:
    'In kab-sidecar, create a pod web-logger: nginx:1.27 writing its logs to a shared emptyDir at /var/log/nginx, and a busybox:1.36 sidecar that tails /var/log/nginx/access.log from that volume.',
  namespace: 'kab-sidecar',
  async solve(agent, ns) {
    await applyManifest(
      agent,
      ns,
      `apiVersion: v1
kind: Pod
metadata:
  name: web-logger
spec:
  volumes:
  - name: logs
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx:1.27
    volumeMounts: [{name: logs, mountPath: /var/log/nginx}]
  - name: log-tailer
    image: busybox:1.36
    command: ["/bin/sh", "-c", "touch /var/log/nginx/access.log && tail -F /var/log/nginx/access.log"]
    volumeMounts: [{name: logs, mountPath: /var/log/nginx}]
`,
      /Pod web-logger/,
    );
    await agent.poll('k8s_get', { kind: 'pods', namespace: ns }, /web-logger\s+2\/2\s+Running/);
  },
  async verify(ground, ns) {
    const waited = await waitFor(ground, ['-n', ns, 'pod/web-logger', '--for=condition=Ready']);
    if (waited) return waited;
    const spec = (await ground.get(['pod', 'web-logger', '-n', ns])).spec;
    const volume = spec.volumes.find((v: any) => v.emptyDir);
    const mounts = (c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === volume?.name && m.mountPath === '/var/log/nginx');
    const tailer = spec.containers.find((c: any) => c.image === 'busybox:1.36');
    return firstFailure([
      [spec.containers.length === 2 && Boolean(volume), 'not two containers sharing an emptyDir'],
      [spec.containers.every(mounts), 'a container does not mount the shared volume at /var/log/nginx'],
      [
        /tail .*\/var\/log\/nginx\/access\.log/.test([...(tailer?.command ?? []), ...(tailer?.args ?? [])].join(' ')),
        'the sidecar does not tail the access log',
      ],
    ]);
  },
};

export const TASKS: AgentTask[] = [
  createNamespaceAndDeployment,
  scaleDeployment,
  createCronJob,
  fixFailedJob,
  fixServiceWithNoEndpoints,
  rbacPodReader,
  networkPolicy,
  horizontalPodAutoscaler,
  statefulSetScaleDown,
  resizePvc,
  fixProbes,
  fixOomKilled,
  fixPendingPod,
  findImages,
  rolloutStatusAfterChange,
  debugAppLogs,
  rollbackBrokenUpdate,
  sidecarPod,
];
