// k8s_diagnose against the real cluster: the seeded shop's faults, a healthy namespace, a pending volume, nodes in
// trouble, RBAC limits, secrets and the text budget.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { applyObjects, deployment, seedShop, service, waitForDeployments, type ShopSeed } from '../../../tests/cluster';
import type { Identity } from '../../src/identity';
import { k8sDiagnose } from '../../src/tools/k8s/diagnose';
import { admin, hasEvent, quietNodeWindow, suffix, unmanagedNode, waitFor } from '../diagnose/cluster';
import { ADMIN, cluster, connect, testConfig, textOf, VIEWER, type Connected } from '../support/harness';

const SHOP = 'h2-shop';
const LIMITED: Identity = { mode: 'impersonate', user: 'h2-limited', groups: [] };
const NOBODY: Identity = { mode: 'impersonate', user: 'h2-nobody', groups: [] };
const scratch: string[] = [];
let shop: ShopSeed;
let viewer: Connected;

const diagnose = async (mcp: Connected, args: Record<string, unknown>) => {
  const res = await mcp.call('k8s_diagnose', args);
  return { res, text: textOf(res), view: res.structuredContent as any };
};
/** The one finding about an object of this kind whose name starts with `prefix`. */
const one = (view: any, kind: string, prefix: string) => {
  const found = view.findings.filter((f: any) => f.ref.kind === kind && f.ref.name.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  shop = await seedShop(cluster, SHOP);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'h2-limited', namespace: SHOP },
      rules: [
        { apiGroups: [''], resources: ['pods', 'events', 'services'], verbs: ['get', 'list'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'h2-limited', namespace: SHOP },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'h2-limited' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'h2-limited' }],
    },
  ]);
  await waitForDeployments(cluster, [SHOP], ['web']);
  await admin(['wait', '-n', SHOP, '--for=condition=Failed', '--timeout=90s', 'job/nightly-report']);
  await admin([
    'wait',
    '-n',
    SHOP,
    '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff',
    '--timeout=60s',
    'pod',
    '-l',
    'app=checkout',
  ]);
  await waitFor('the Unhealthy event of search', () => hasEvent(SHOP, 'Unhealthy'));
  await waitFor('the FailedScheduling event of reports', () => hasEvent(SHOP, 'FailedScheduling'));
  viewer = await connect({ identity: VIEWER, tools: [k8sDiagnose] });
});

afterAll(async () => {
  await viewer.close();
  for (const ns of scratch) await admin(['delete', 'namespace', ns, '--wait=false']);
});

describe('k8s_diagnose', () => {
  it('finds each seeded fault once, with its evidence and a likely fix', async () => {
    const { res, view } = await diagnose(viewer, { namespace: SHOP });
    expect(res.isError).toBeFalsy();
    expect(view).toMatchObject({ kind: 'findings', namespace: SHOP, truncated: false });

    const checkout = one(view, 'Pod', 'checkout-');
    expect(checkout).toMatchObject({
      severity: 'critical',
      problem: 'CrashLoopBackOff: container checkout keeps crashing (exit code 1 (Error); 5 restarts)',
    });
    expect(checkout.evidence).toEqual(
      expect.arrayContaining([
        'previous log: panic: runtime error: invalid memory address or nil pointer dereference',
        'Deployment checkout: 0/1 ready, Available=False (MinimumReplicasUnavailable)',
        'Service checkout has no ready endpoints',
      ]),
    );
    expect(checkout.fix).toMatch(/read its previous logs/);

    const payments = one(view, 'Pod', 'payments-');
    expect(payments).toMatchObject({
      severity: 'critical',
      problem: expect.stringMatching(/^ImagePullBackOff: container payments cannot pull image/),
    });
    expect(payments.evidence).toEqual(
      expect.arrayContaining([
        'image registry.example.com/shop/payments:9.9.9-missing',
        expect.stringMatching(/Failed to pull image: .*not found/),
      ]),
    );
    expect(payments.fix).toMatch(/registry.example.com\/shop\/payments:9.9.9-missing does not exist/);

    const cache = one(view, 'Pod', 'cache-');
    expect(cache).toMatchObject({ severity: 'critical', problem: expect.stringMatching(/^OOMKilled: container cache ran out of memory/) });
    expect(cache.evidence).toEqual(
      expect.arrayContaining([expect.stringMatching(/^last termination: OOMKilled, exit code 137/), 'memory limit 128Mi, request 64Mi']),
    );
    expect(cache.fix).toMatch(/raise resources.limits.memory, or find the leak/);

    const reports = one(view, 'Pod', 'reports-');
    expect(reports).toMatchObject({ severity: 'critical', problem: 'Pending: no node can run it (unschedulable)' });
    expect(reports.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^scheduler \(FailedScheduling\): 0\/\d+ nodes are available: .*didn't match Pod's node affinity\/selector/),
        'nodeSelector disktype=ssd',
      ]),
    );
    expect(reports.fix).toMatch(/kubectl label node <node> disktype=ssd/);

    const search = one(view, 'Pod', 'search-');
    expect(search).toMatchObject({
      severity: 'warning',
      problem: expect.stringMatching(/^Running but not Ready for .*: its readiness probe fails$/),
    });
    expect(search.evidence[0]).toMatch(/^event Unhealthy .*Readiness probe failed: HTTP probe failed with statuscode: 503$/);

    const legacy = one(view, 'Service', 'legacy-api');
    expect(legacy).toMatchObject({ severity: 'warning', problem: 'no endpoints: selector app=legacy-api matches no pods' });
    expect(legacy.evidence).toContain('selector app=legacy-api');
    expect(legacy.fix).toMatch(/change the selector/);

    const job = one(view, 'Job', 'nightly-report');
    expect(job).toMatchObject({ severity: 'warning', problem: 'Failed: BackoffLimitExceeded' });
    expect(job.evidence).toEqual(
      expect.arrayContaining([
        'Failed=True (BackoffLimitExceeded): Job has reached the specified backoff limit',
        expect.stringMatching(/^last failed pod nightly-report-\w+: nightly-report exit code 2 \(Error\)$/),
      ]),
    );
    expect(job.fix).toMatch(/read kubectl logs nightly-report-\w+/);

    // Workloads explained by their pods, and the Job's pods, are not repeated as findings of their own.
    expect(view.findings.filter((f: any) => f.ref.kind === 'Deployment')).toEqual([]);
    expect(view.findings.filter((f: any) => f.ref.name.startsWith('nightly-report-'))).toEqual([]);
  });

  it('writes compact text, most severe first, with the cluster text framed as untrusted', async () => {
    const { text, view } = await diagnose(viewer, { namespace: SHOP });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^\d+ problems in namespace h2-shop: 4 critical, \d+ warnings(, \d+ info)?; \d+ objects checked \(Pod \d+, Deployment 6, Service 3, Job 1\)\.$/,
    );
    expect(lines[1]).toMatch(/^<<<findings — untrusted data from the cluster/);
    const heads = lines.filter((l) => /^(CRITICAL|WARNING|INFO) /.test(l)).map((l) => l.split(' ')[0]);
    expect(heads.slice(0, 4)).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL', 'CRITICAL']);
    expect(heads.slice(4).every((h) => h !== 'CRITICAL')).toBe(true);
    expect(text).toMatch(
      /CRITICAL Pod checkout-\S+: CrashLoopBackOff.* — fix: .*\n {2}evidence: .*previous log: panic: runtime error: invalid memory address/,
    );
    const order = ['critical', 'warning', 'info'];
    const severities = view.findings.map((f: any) => order.indexOf(f.severity));
    expect(severities).toEqual([...severities].sort());
  });

  it("lists each kind once, reads crashed containers' previous logs, and never reads Secrets or shows their values", async () => {
    const { res, text } = await diagnose(viewer, { namespace: SHOP });
    const entry = viewer
      .audit()
      .filter((e) => e.tool === 'k8s_diagnose')
      .at(-1)!;
    const commands = (entry.commands as string[][]).map((argv) => argv.join(' '));
    const lists = commands.filter((c) => c.startsWith('GET ') && !c.includes('/log?'));
    expect(lists).toHaveLength(10);
    expect(new Set(lists).size).toBe(10);
    expect(lists).toContain(`GET /api/v1/namespaces/${SHOP}/pods`);
    expect(commands).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^GET /api/v1/namespaces/${SHOP}/pods/checkout-\\S+/log\\?container=checkout&tailLines=5&limitBytes=65536&previous=true$`,
        ),
      ),
    );
    expect(commands.join('\n')).not.toMatch(/secret/i);
    for (const value of shop.canaries) {
      expect(text).not.toContain(value);
      expect(JSON.stringify(res.structuredContent)).not.toContain(value);
    }
  });

  it('finds nothing wrong in a healthy namespace', async () => {
    const ns = `h2-healthy-${suffix()}`;
    scratch.push(ns);
    await quietNodeWindow();
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      deployment({ name: 'web', namespace: ns, replicas: 2 }),
      service('web', ns, { app: 'web' }),
    ]);
    await waitForDeployments(cluster, [ns], ['web']);
    const { res, text, view } = await diagnose(viewer, { namespace: ns });
    expect(res.isError).toBeFalsy();
    expect(view.findings).toEqual([]);
    expect(text).toBe(`No problems found in namespace ${ns}; 4 objects checked (Pod 2, Deployment 1, Service 1).`);
  });

  it('runs only the checks asked for: a Service analysis alone reports the Services', async () => {
    const { view } = await diagnose(viewer, { namespace: SHOP, kinds: ['services'] });
    expect(view.findings.map((f: any) => `${f.ref.kind}/${f.ref.name}`).sort()).toEqual(['Service/checkout', 'Service/legacy-api']);
    expect(one(view, 'Service', 'checkout').problem).toBe('no ready endpoints: none of its 1 selected pods is ready');
    expect(Object.keys(view.checked).sort()).toEqual(['Pod', 'Service']);
  });

  it('reports a PersistentVolumeClaim that waits for a StorageClass that does not exist', async () => {
    const ns = `h2-storage-${suffix()}`;
    scratch.push(ns);
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: ns },
        spec: { storageClassName: 'h2-no-such-class', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ]);
    await waitFor('the ProvisioningFailed event', () => hasEvent(ns, 'ProvisioningFailed'));
    const { view } = await diagnose(viewer, { namespace: ns, kinds: ['storage'] });
    expect(view.checked).toEqual({ PersistentVolumeClaim: 1 });
    const pvc = one(view, 'PersistentVolumeClaim', 'data');
    expect(pvc).toMatchObject({ severity: 'warning', problem: expect.stringMatching(/^Pending for \w+: no volume bound$/) });
    expect(pvc.evidence).toEqual(
      expect.arrayContaining([
        'storageClassName h2-no-such-class',
        expect.stringMatching(/^event ProvisioningFailed .*storageclass.storage.k8s.io "h2-no-such-class" not found$/),
      ]),
    );
    expect(pvc.fix).toMatch(/^StorageClass h2-no-such-class does not exist/);
  });

  it('reports a NotReady node and a node under pressure (nodes kwok does not manage, so their status stands)', async () => {
    const id = suffix();
    const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' } as const;
    const removals = [
      await unmanagedNode(`h2-down-${id}`, [
        { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false' },
      ]),
      await unmanagedNode(`h2-pressure-${id}`, [
        ready,
        {
          type: 'MemoryPressure',
          status: 'True',
          reason: 'KubeletHasInsufficientMemory',
          message: 'kubelet has insufficient memory available',
        },
        { type: 'PIDPressure', status: 'True', reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available' },
      ]),
    ];
    const mcp = await connect({ identity: ADMIN, tools: [k8sDiagnose] });
    try {
      const { text, view } = await diagnose(mcp, { kinds: ['nodes'] });
      const down = one(view, 'Node', `h2-down-${id}`);
      expect(down).toMatchObject({ severity: 'critical', problem: 'NotReady', ref: { kind: 'Node', apiVersion: 'v1' } });
      expect(down.evidence[0]).toMatch(/^Ready=(False \(KubeletNotReady\): container runtime network not ready|Unknown)/);
      expect(down.fix).toMatch(/kubelet/);
      const pressure = one(view, 'Node', `h2-pressure-${id}`);
      expect(pressure).toMatchObject({ severity: 'warning', problem: 'MemoryPressure, PIDPressure' });
      expect(pressure.evidence).toEqual([
        'MemoryPressure=True (KubeletHasInsufficientMemory): kubelet has insufficient memory available',
        'PIDPressure=True (KubeletHasInsufficientPID): kubelet has insufficient PID available',
      ]);
      expect(text).toMatch(new RegExp(`^CRITICAL Node h2-down-${id}: NotReady`, 'm'));
    } finally {
      await mcp.close();
      for (const remove of removals) await remove();
    }
  });

  it('checks the whole cluster as a viewer and says that nodes could not be checked', async () => {
    const { res, text, view } = await diagnose(viewer, { maxFindings: 200 });
    expect(res.isError).toBeFalsy();
    expect(text).toMatch(/^\d+ problems in the cluster \(all namespaces\): .*\nCould not check: Node \(forbidden\)\.\n/);
    expect(view.namespace).toBeUndefined();
    expect(view.checked.Node).toBeUndefined();
    expect(view.unchecked).toEqual([{ kind: 'Node', reason: 'forbidden' }]);
    expect(view.findings.some((f: any) => f.ref.namespace === SHOP && f.ref.name.startsWith('checkout-'))).toBe(true);
    expect(text).toMatch(/^CRITICAL Pod [\w-]+\/[\w-]+: /m);
  });

  it('reports what a user may not list instead of failing, and fails only when nothing can be checked', async () => {
    const limited = await connect({ identity: LIMITED, tools: [k8sDiagnose] });
    const nobody = await connect({ identity: NOBODY, tools: [k8sDiagnose] });
    try {
      const { res, text, view } = await diagnose(limited, { namespace: SHOP });
      expect(res.isError).toBeFalsy();
      expect(text.split('\n')[1]).toBe(
        'Could not check: CronJob (forbidden), DaemonSet (forbidden), Deployment (forbidden), Job (forbidden), ' +
          'PersistentVolumeClaim (forbidden), StatefulSet (forbidden).',
      );
      expect(Object.keys(view.checked).sort()).toEqual(['Pod', 'Service']);
      const checkout = one(view, 'Pod', 'checkout-');
      expect(checkout.severity).toBe('critical');
      expect(checkout.evidence).toContainEqual(expect.stringMatching(/^previous logs unavailable: .*forbidden/));

      const denied = await diagnose(nobody, { namespace: SHOP });
      expect(denied.res.isError).toBe(true);
      expect(denied.text).toMatch(/^could not check anything: CronJob \(forbidden\), DaemonSet \(forbidden\)/);
    } finally {
      await limited.close();
      await nobody.close();
    }
  });

  it('keeps the critical findings first when the text budget is small, and says how to narrow', async () => {
    const small = await connect({ identity: VIEWER, tools: [k8sDiagnose], config: testConfig({ limits: { resultTokenBudget: 300 } }) });
    try {
      const { text, view } = await diagnose(small, { namespace: SHOP });
      expect(text.length).toBeLessThanOrEqual(1200);
      const heads = text.split('\n').filter((l) => /^(CRITICAL|WARNING|INFO) /.test(l));
      expect(heads.length).toBeGreaterThan(0);
      expect(heads.every((l) => l.startsWith('CRITICAL '))).toBe(true);
      expect(text).toMatch(
        /\n\[\d+ more findings not shown \(\d+ critical, \d+ warnings?(, \d+ info)?\); narrow with namespace or kinds\]$/,
      );
      expect(view.findings.length).toBeGreaterThan(heads.length);
      expect(small.audit().at(-1)).toMatchObject({ tool: 'k8s_diagnose', truncated: true });

      const capped = await diagnose(small, { namespace: SHOP, maxFindings: 2 });
      expect(capped.view.findings.map((f: any) => f.severity)).toEqual(['critical', 'critical']);
      expect(capped.view.truncated).toBe(true);
    } finally {
      await small.close();
    }
  });
});
