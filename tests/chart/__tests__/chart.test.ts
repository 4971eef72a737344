// The Helm chart (helm/drover) against real helm and the real local control plane: lint and schema per scenario
// (helm/drover/ci), every rendered object accepted by the API server, the rendered configuration files accepted by
// the services' own loaders, then real installs: RBAC limited to identity, a standalone install whose configuration
// boots the real backend and MCP server (answering a viewer with the viewer's rights), the UIPlugin and the
// GlobalRole on Rancher's local cluster (the test run's real Rancher serves their APIs), upgrade and uninstall.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadConfig as loadBackendConfig } from '../../../extension-backend/src/config';
import { loadConfig as loadMcpConfig } from '../../../mcp-server/src/config';
import { ensureBuilt, ensureUiBundle, startBackend, startMcpServer, type Service } from '../../../toolchain/services';
import { applyObjects, deployment, kubectlOk, runKubectl, startCluster, testCluster, waitForDeployments } from '../../cluster';
import { testRancher } from '../../cluster/state';
import { writeKubeconfig } from '../../cluster/kubeconfig';
import { startFakeOllama, type FakeOllama } from '../../ollama-fake/server';
import { materializePod, type KubeObject } from '../pod-files';

const ROOT = resolve(__dirname, '..', '..', '..');
const CHART = join(ROOT, 'helm', 'drover');
const SCENARIOS = readdirSync(join(CHART, 'ci')).filter((f) => f.endsWith('.yaml')).sort();
const RANCHER_APIS = ['catalog.cattle.io/v1/UIPlugin', 'management.cattle.io/v3/GlobalRole'];
/** The folder extension-backend/Dockerfile puts the UI bundle in (the chart's drover.paths.uiBundleDir). */
const IMAGE_UI_BUNDLE_DIR = '/opt/drover/ui';
const RELEASE = 'drover';

const cluster = testCluster();
// The local cluster is Rancher's: its UIPlugin and GlobalRole APIs are Rancher's own.
testRancher();
const run = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const helmHome = mkdtempSync(join(tmpdir(), 'drover-chart-helm-'));
afterAll(() => rmSync(helmHome, { recursive: true, force: true }));

function helm(args: string[], kubeconfig = cluster.kubeconfigPath): { code: number; stdout: string; stderr: string } {
  const res = spawnSync(cluster.tools.helm, [...args, '--kubeconfig', kubeconfig], {
    encoding: 'utf8', timeout: 180_000,
    env: { PATH: process.env.PATH, HOME: helmHome, HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_DATA_HOME: join(helmHome, 'data') },
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

function helmOk(args: string[], kubeconfig?: string): string {
  const res = helm(args, kubeconfig);
  if (res.code !== 0) throw new Error(`helm ${args.join(' ')} failed (exit ${res.code}): ${res.stderr.trim()}`);
  return res.stdout;
}

const kubectl = (args: string[], input?: string) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args, input);

function render(scenario: string, namespace: string, extra: string[] = []): KubeObject[] {
  const text = helmOk(['template', RELEASE, CHART, '-n', namespace, '-f', join(CHART, 'ci', scenario), ...extra]);
  return parseAllDocuments(text).map((doc) => doc.toJS() as KubeObject | null).filter((o): o is KubeObject => o !== null);
}

const isRancher = (scenario: string) => (parseYaml(readFileSync(join(CHART, 'ci', scenario), 'utf8')) ?? {}).authMode !== 'standalone';
/** Rancher's local cluster has the UIPlugin and GlobalRole APIs; a plain cluster (standalone mode) does not. */
const apiVersionsFor = (scenario: string) => (isRancher(scenario) ? RANCHER_APIS.flatMap((api) => ['--api-versions', api]) : []);
const named = (objects: KubeObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
};

/**
 * A SubjectAccessReview for a ServiceAccount: 'yes' or 'no'. `resource` is `name[.group]`, always meant literally
 * (`kubectl auth can-i` would map `users` to Rancher's users.management.cattle.io on Rancher's local cluster).
 */
async function can(subject: string, verb: string, resource: string, namespace?: string): Promise<string> {
  const [name, ...group] = resource.split('.');
  const saNamespace = subject.split(':')[2];
  const review = {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
    spec: {
      user: subject, groups: ['system:serviceaccounts', `system:serviceaccounts:${saNamespace}`, 'system:authenticated'],
      resourceAttributes: { verb, resource: name, group: group.join('.'), ...(namespace ? { namespace } : {}) },
    },
  };
  const allowed = await kubectl(['create', '-f', '-', '-o', 'jsonpath={.status.allowed}'], JSON.stringify(review));
  return allowed === 'true' ? 'yes' : 'no';
}

/** A kubeconfig holding a fresh token of a ServiceAccount, as its pod would get one. */
async function serviceAccountKubeconfig(namespace: string, name: string, dir: string): Promise<string> {
  const token = (await kubectl(['create', 'token', name, '-n', namespace, '--duration=1h'])).trim();
  return writeKubeconfig(join(dir, `${name}.kubeconfig`), cluster.server, readFileSync(cluster.caFile, 'utf8'), name, token);
}

/** A custom API from tests/fixtures/crds. */
async function serveCrd(crd: string): Promise<void> {
  await kubectl(['apply', '--server-side', '-f', join(ROOT, 'tests', 'fixtures', 'crds', `${crd}.yaml`)]);
  await kubectl(['wait', '--for=condition=Established', `crd/${crd}`, '--timeout=60s']);
}

beforeAll(async () => {
  // The Prometheus Operator's ServiceMonitor API, for the ServiceMonitor of ci/tuned-values.yaml.
  await serveCrd('servicemonitors.monitoring.coreos.com');
});

describe('chart files', () => {
  it.each(SCENARIOS)('helm lint --strict passes with ci/%s', (scenario) => {
    const res = helm(['lint', '--strict', CHART, '-f', join(CHART, 'ci', scenario)]);
    expect({ code: res.code, out: res.stdout + res.stderr }).toEqual({ code: 0, out: expect.stringContaining('0 chart(s) failed') });
  });

  it.each([
    [['--set', 'tools.mod=admin'], /tools: Additional property mod is not allowed/],
    [['--set', 'authMode=ldap'], /authMode must be one of the following: "rancher", "standalone"/],
    [['--set', 'ollama.url=ollama:11434'], /ollama\.url: Does not match pattern/],
    [['--set', 'tools.mode=yolo'], /tools\.mode must be one of the following/],
  ])('the values schema refuses %j, naming the key', (args, message) => {
    const res = helm(['template', RELEASE, CHART, ...args]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
  });

  it('releases the backend, the MCP server and the UI extension under one version', () => {
    const chart = parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    const versionOf = (path: string) => JSON.parse(readFileSync(join(ROOT, path, 'package.json'), 'utf8')).version;
    expect([versionOf('pkg/drover'), versionOf('extension-backend'), versionOf('mcp-server')]).toEqual([chart.appVersion, chart.appVersion, chart.appVersion]);
  });

  it('documents every value in its README', () => {
    const leaves = (node: unknown, path: string[] = []): string[] =>
      node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length && !['config', 'resources'].includes(path[path.length - 1])
        ? Object.entries(node).flatMap(([k, v]) => leaves(v, [...path, k]))
        : [path.join('.')];
    const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
    const missing = leaves(parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8'))).filter((key) => !readme.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });

  it('builds both images on the pinned Node version (toolchain/versions.env)', () => {
    const pinned = /^NODE_VERSION=(.+)$/m.exec(readFileSync(join(ROOT, 'toolchain', 'versions.env'), 'utf8'))?.[1];
    for (const part of ['extension-backend', 'mcp-server']) {
      const arg = /^ARG NODE_VERSION=(.+)$/m.exec(readFileSync(join(ROOT, part, 'Dockerfile'), 'utf8'))?.[1];
      expect({ part, node: arg }).toEqual({ part, node: pinned });
    }
  });

  it("lets Prometheus scrape the MCP server's /metrics with the MCP token, or opens /metrics only when told to", () => {
    const mcpConfig = (objects: KubeObject[]) => parseYaml(named(objects, 'ConfigMap', `${RELEASE}-mcp`).data['mcp.yaml']);
    const plain = render('default-values.yaml', 'drover', apiVersionsFor('default-values.yaml'));
    expect(plain.filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
    expect(mcpConfig(plain).http.metricsOpen).toBe(false);

    const tuned = render('tuned-values.yaml', 'drover', apiVersionsFor('tuned-values.yaml'));
    const monitor = named(tuned, 'ServiceMonitor', `${RELEASE}-mcp`);
    expect(monitor.metadata.labels).toMatchObject({ release: 'rancher-monitoring' });
    expect(monitor.spec.endpoints).toEqual([{
      port: 'http', path: '/metrics', interval: '30s',
      authorization: { type: 'Bearer', credentials: { name: `${RELEASE}-mcp-token`, key: 'token' } },
    }]);
    // It selects the MCP server's Service (whose port it names), not the backend's.
    const selects = (o: KubeObject) => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v);
    expect(tuned.filter((o) => o.kind === 'Service' && selects(o)).map((o) => o.metadata.name)).toEqual([`${RELEASE}-mcp`]);
    expect(named(tuned, 'Service', `${RELEASE}-mcp`).spec.ports.map((p: { name: string }) => p.name)).toContain('http');
    // The Secret it names holds the token the MCP server checks.
    expect(named(tuned, 'Secret', `${RELEASE}-mcp-token`).data.token).toBeTruthy();
    expect(mcpConfig(tuned).http).toMatchObject({ metricsOpen: false, authTokenFile: '/var/run/drover/mcp-token/token' });

    const open = render('tuned-values.yaml', 'drover', [...apiVersionsFor('tuned-values.yaml'), '--set', 'mcpServer.metricsOpen=true']);
    expect(mcpConfig(open).http.metricsOpen).toBe(true);
    expect(named(open, 'ServiceMonitor', `${RELEASE}-mcp`).spec.endpoints[0].authorization).toBeUndefined();
  });

  it('puts the UI bundle where the backend image has it (extension-backend/Dockerfile)', () => {
    const dockerfile = readFileSync(join(ROOT, 'extension-backend', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^COPY .* ${IMAGE_UI_BUNDLE_DIR}/?$`, 'm'));
  });
});

describe.each(SCENARIOS)('ci/%s rendered', (scenario) => {
  const namespace = run('chart-render');
  let objects: KubeObject[];
  const dir = mkdtempSync(join(tmpdir(), 'drover-chart-render-'));
  beforeAll(async () => {
    objects = render(scenario, namespace, apiVersionsFor(scenario));
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }]);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', namespace, '--wait=false']);
  });

  it('is accepted object by object by the API server (server-side dry run)', async () => {
    const out = await kubectl(['apply', '--dry-run=server', '-o', 'name', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    expect(out.trim().split('\n').length).toBe(objects.length);
    expect(objects.some((o) => o.kind === 'UIPlugin')).toBe(isRancher(scenario));
  });

  it("gives both services a configuration their own loaders accept, with the chart's values in it", () => {
    const values = parseYaml(readFileSync(join(CHART, 'ci', scenario), 'utf8')) ?? {};
    // Rancher's CA Secret is Rancher's, not the chart's: the test cluster's CA stands in for it.
    const rancherCa = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls-rancher-internal-ca' }, data: { 'tls.crt': readFileSync(cluster.caFile).toString('base64') } };
    const backendPod = materializePod(named(objects, 'Deployment', `${RELEASE}-backend`), [...objects, rancherCa], join(dir, 'backend'));
    const mcpPod = materializePod(named(objects, 'Deployment', `${RELEASE}-mcp`), [...objects, rancherCa], join(dir, 'mcp'));
    const token = Buffer.from(named(objects, 'Secret', `${RELEASE}-mcp-token`).data.token, 'base64').toString();

    const backend = loadBackendConfig(backendPod.env);
    expect(backend.mcp).toMatchObject({ url: `http://${RELEASE}-mcp:3000/mcp`, token });
    expect(backend.auth.mode).toBe(values.authMode ?? 'rancher');
    expect(backend.ollama.model).toBe(values.ollama?.model ?? 'qwen3:8b');
    const mcp = loadMcpConfig(mcpPod.args, {});
    expect(mcp).toMatchObject({ transport: 'http', mode: values.tools?.mode ?? 'read-only', http: { authToken: token, port: 3000 } });
    expect(mcp.identity.mode).toBe(isRancher(scenario) ? 'rancher' : 'impersonate');
    if (scenario === 'tuned-values.yaml') {
      // backend.config and mcpServer.config are merged over what the chart sets, key by key.
      expect(backend.agent).toMatchObject({ maxSteps: 8, approvalTimeoutSeconds: 60 });
      expect(backend.ollama).toMatchObject({ keepAlive: '1h', model: 'llama3.1:8b', numCtx: 8192, fallbackModels: ['qwen3:4b'] });
      expect(mcp.limits).toMatchObject({ maxConcurrent: 4, timeoutSeconds: 60, resultTokenBudget: 3000 });
      expect(mcp.policy).toMatchObject({ allowExec: true, protectedNamespaces: ['kube-system', 'prod-*'] });
      expect(mcp.identity.rancherCaFile).toBeUndefined();
    }
  });
});

describe('installed in standalone mode', () => {
  const namespace = run('chart-standalone');
  const workloads = run('chart-apps');
  const dir = mkdtempSync(join(tmpdir(), 'drover-chart-install-'));
  const backendSa = `system:serviceaccount:${namespace}:${RELEASE}-backend`;
  const mcpSa = `system:serviceaccount:${namespace}:${RELEASE}-mcp`;
  let ollama: FakeOllama | undefined;
  const services: Service[] = [];

  beforeAll(async () => {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: workloads } },
      deployment({ name: 'web', namespace: workloads }),
      // The conversations' claim gets this volume (the local control plane has no storage provisioner).
      {
        apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: namespace },
        spec: {
          capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: join(dir, 'volume') },
          claimRef: { namespace, name: `${RELEASE}-backend` }, persistentVolumeReclaimPolicy: 'Retain',
        },
      },
    ]);
    helmOk(['install', RELEASE, CHART, '-n', namespace, '--create-namespace', '-f', join(CHART, 'ci', 'standalone-values.yaml'), '--wait', '--timeout', '120s']);
    await waitForDeployments(cluster, [workloads], ['web']);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ollama?.close();
    helm(['uninstall', RELEASE, '-n', namespace]);
    for (const args of [['delete', 'namespace', namespace, workloads, '--wait=false'], ['delete', 'pv', namespace, '--wait=false']]) {
      await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, args);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('comes up with helm install --wait: both Deployments available, the claim bound, a generated MCP token', async () => {
    const available = await kubectl(['get', 'deployments', '-n', namespace, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.availableReplicas}{"\\n"}{end}']);
    expect(available.trim().split('\n').sort()).toEqual([`${RELEASE}-backend=1`, `${RELEASE}-mcp=1`]);
    expect(await kubectl(['get', 'pvc', `${RELEASE}-backend`, '-n', namespace, '-o', 'jsonpath={.status.phase}'])).toBe('Bound');
    const token = Buffer.from(await kubectl(['get', 'secret', `${RELEASE}-mcp-token`, '-n', namespace, '-o', 'jsonpath={.data.token}']), 'base64').toString();
    expect(token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(helmOk(['get', 'manifest', RELEASE, '-n', namespace])).not.toMatch(/kind: (UIPlugin|GlobalRole)/);
  });

  it("gives the MCP server's ServiceAccount the right to impersonate users, and nothing else", async () => {
    expect(await can(mcpSa, 'impersonate', 'users')).toBe('yes');
    expect(await can(mcpSa, 'impersonate', 'groups')).toBe('yes');
    for (const [verb, resource] of [['list', 'pods'], ['get', 'secrets'], ['create', 'tokenreviews.authentication.k8s.io'], ['create', 'deployments.apps'], ['delete', 'namespaces']]) {
      expect({ verb, resource, allowed: await can(mcpSa, verb, resource) }).toEqual({ verb, resource, allowed: 'no' });
    }
  });

  it("gives the backend's ServiceAccount TokenReview, and nothing else", async () => {
    expect(await can(backendSa, 'create', 'tokenreviews.authentication.k8s.io')).toBe('yes');
    for (const [verb, resource] of [['impersonate', 'users'], ['list', 'pods'], ['get', 'secrets'], ['create', 'deployments.apps']]) {
      expect({ verb, resource, allowed: await can(backendSa, verb, resource) }).toEqual({ verb, resource, allowed: 'no' });
    }
  });

  it('boots the real backend and MCP server from the installed configuration, which answer a viewer with the rights of the viewer', async () => {
    ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
    ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
    const live = JSON.parse(await kubectl(['get', 'deployments,configmaps,secrets', '-n', namespace, '-o', 'json'])).items as KubeObject[];
    const imagePaths = { [IMAGE_UI_BUNDLE_DIR]: ensureUiBundle() };
    const mcpPod = materializePod(named(live, 'Deployment', `${RELEASE}-mcp`), live, join(dir, 'mcp'));
    const backendPod = materializePod(named(live, 'Deployment', `${RELEASE}-backend`), live, join(dir, 'backend'), imagePaths);
    ollama = await startFakeOllama({ models: ['qwen3:8b'] });

    // What differs from a pod: loopback and free ports instead of the pod's network, each ServiceAccount's token in
    // a kubeconfig instead of the in-cluster files, the Services' addresses. Everything else is the chart's.
    const mcp = await startMcpServer([...mcpPod.args, '--host=127.0.0.1', '--port=0', `--kubeconfig=${await serviceAccountKubeconfig(namespace, `${RELEASE}-mcp`, dir)}`,
      `--kubectl=${cluster.tools.kubectl}`, `--helm=${cluster.tools.helm}`],
    { PATH: process.env.PATH, HOME: dir }, join(dir, 'mcp.log'));
    services.push(mcp);
    const backend = await startBackend({
      ...backendPod.env, PATH: process.env.PATH, HOME: dir, DROVER_HOST: '127.0.0.1', DROVER_PORT: '0',
      DROVER_MCP_URL: `http://127.0.0.1:${mcp.port}/mcp`, DROVER_OLLAMA_URL: ollama.url,
      DROVER_KUBECONFIG: await serviceAccountKubeconfig(namespace, `${RELEASE}-backend`, dir),
    }, join(dir, 'backend.log'), []); // no flags of our own: the chart's NODE_OPTIONS must carry the heap settings
    services.push(backend);
    const url = `http://127.0.0.1:${backend.port}`;
    const asViewer = { Authorization: `Bearer ${cluster.users.viewer.token}`, 'Content-Type': 'application/json' };
    const chat = async (text: string) => (await fetch(`${url}/api/chat`, { method: 'POST', headers: asViewer, body: JSON.stringify({ text }) })).json() as Promise<any>;

    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ ready: true });
    expect((await fetch(`${url}/api/sessions`)).status).toBe(401);
    // What the ServiceMonitor sends: the token of the Secret; without it /metrics is refused.
    const mcpToken = Buffer.from(named(live, 'Secret', `${RELEASE}-mcp-token`).data.token, 'base64').toString();
    expect((await fetch(`http://127.0.0.1:${mcp.port}/metrics`)).status).toBe(401);
    const scraped = await fetch(`http://127.0.0.1:${mcp.port}/metrics`, { headers: { Authorization: `Bearer ${mcpToken}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('drover_mcp_tool_calls_total');

    const listed = await chat(`/get pods -n ${workloads}`);
    const table = listed.events.find((e: { type: string }) => e.type === 'tool_result');
    expect(table).toMatchObject({ isError: false, structured: { kind: 'table' } });
    expect(JSON.stringify(table.structured.rows)).toContain('web-');

    const secrets = await chat(`/get secrets -n ${namespace}`);
    const denied = secrets.events.find((e: { type: string }) => e.type === 'tool_result');
    expect(denied.isError).toBe(true);
    expect(denied.summary).toMatch(/forbidden/i);
    expect(JSON.stringify(secrets)).not.toContain(readFileSync(join(dir, 'mcp', 'var/run/drover/mcp-token/token'), 'utf8'));
  });

  it("serves the UI bundle the UIPlugin names, the way Rancher's UIPlugin controller fetches it", async () => {
    const backend = services[1];
    expect(backend).toBeDefined();
    const endpoint = `http://127.0.0.1:${backend.port}/extension`;
    const chart = parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    expect(((await (await fetch(`${endpoint}/plugin/package.json`)).json()) as { version: string }).version).toBe(chart.appVersion);
    const files = (await (await fetch(`${endpoint}/files.txt`)).text()).split('\n').filter(Boolean);
    expect(files).toContain(`plugin/drover-${chart.appVersion}.umd.min.js`);
    for (const file of files) expect({ file, status: (await fetch(`${endpoint}/${file}`)).status }).toEqual({ file, status: 200 });
  });

  it('keeps the MCP token through helm upgrade, and the conversations through helm uninstall', async () => {
    const tokenOf = () => kubectl(['get', 'secret', `${RELEASE}-mcp-token`, '-n', namespace, '-o', 'jsonpath={.data.token}']);
    const before = await tokenOf();
    helmOk(['upgrade', RELEASE, CHART, '-n', namespace, '-f', join(CHART, 'ci', 'standalone-values.yaml'), '--set', 'ollama.model=llama3.1:8b', '--wait', '--timeout', '120s']);
    expect(await tokenOf()).toBe(before);
    expect(await kubectl(['get', 'configmap', `${RELEASE}-backend`, '-n', namespace, '-o', 'jsonpath={.data.backend\\.yaml}'])).toContain('model: llama3.1:8b');

    helmOk(['uninstall', RELEASE, '-n', namespace, '--wait']);
    // The garbage collector removes the Deployments' ReplicaSets and pods shortly after.
    const leftOver = async () => (await kubectl(['get', 'all,configmaps,secrets,serviceaccounts,networkpolicies,pvc', '-n', namespace,
      '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name'])).trim().split('\n');
    const deadline = Date.now() + 60_000;
    let left = await leftOver();
    while (left.length > 1 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 500));
      left = await leftOver();
    }
    expect(left).toEqual([`persistentvolumeclaim/${RELEASE}-backend`]);
    expect(await kubectl(['get', 'clusterroles,clusterrolebindings', '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name'])).toBe('');
  });
});

describe('installed in rancher mode', () => {
  const namespace = run('chart-rancher');
  // Its own GlobalRole name: other suites of the run may install the chart in rancher mode at the same time.
  const globalRole = `drover-user-${namespace.split('-').pop()}`;
  const install = (kubeconfig?: string) => helmOk(['install', RELEASE, CHART, '-n', namespace, '--create-namespace', '-f', join(CHART, 'ci', 'default-values.yaml'),
    '--set', 'backend.persistence.enabled=false', '--set', `rancher.globalRole.name=${globalRole}`], kubeconfig);
  afterAll(async () => {
    helm(['uninstall', RELEASE, '-n', namespace]);
    await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', namespace, '--wait=false']);
  });

  it('on a cluster without Rancher (a second, plain control plane), creates no UIPlugin and no GlobalRole, and says so', async () => {
    const plain = await startCluster({ nodes: 1 });
    try {
      const notes = install(plain.kubeconfigPath);
      expect(notes).toContain('No UIPlugin was created: this cluster has no catalog.cattle.io/v1 UIPlugin API');
      expect(notes).not.toContain('Who may chat');
      expect(helmOk(['get', 'manifest', RELEASE, '-n', namespace], plain.kubeconfigPath)).not.toMatch(/kind: (UIPlugin|GlobalRole)/);
    } finally {
      await plain.stop();
    }
  });

  it("on Rancher's local cluster, creates the UIPlugin pointing at the backend and the GlobalRole, and no Kubernetes RBAC: users act with their own Rancher token", async () => {
    const notes = install();
    expect(notes).toContain('The UIPlugin "drover" in cattle-ui-plugin-system loads the dashboard extension');
    expect(notes).toContain(`Who may chat: assign the global role "Drover user" (${globalRole})`);
    const plugin = JSON.parse(await kubectl(['get', 'uiplugin', 'drover', '-n', 'cattle-ui-plugin-system', '-o', 'json']));
    const { appVersion } = parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    expect(plugin.spec.plugin).toEqual({
      name: 'drover', version: appVersion, noCache: false, noAuth: false,
      endpoint: `http://${RELEASE}-backend.${namespace}.svc:8055/extension`,
      // The extension's own annotations, as its package declares them for Rancher's extension catalog.
      metadata: JSON.parse(readFileSync(join(CHART, '..', '..', 'pkg', 'drover', 'package.json'), 'utf8')).rancher.annotations,
    });
    // Accepted by Rancher's own API: exactly the backend Service's proxy, in the release namespace.
    const role = JSON.parse(await kubectl(['get', 'globalroles.management.cattle.io', globalRole, '-o', 'json']));
    expect(role.displayName).toBe('Drover user');
    expect(role.newUserDefault ?? false).toBe(false);
    expect(role.rules ?? []).toEqual([]);
    expect(role.namespacedRules).toEqual({
      [namespace]: [{ apiGroups: [''], resources: ['services/proxy'], resourceNames: [`http:${RELEASE}-backend:8055`], verbs: ['get', 'create', 'update', 'patch', 'delete'] }],
    });
    expect(await kubectl(['get', 'clusterroles,clusterrolebindings,roles,rolebindings', '-A', '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name'])).toBe('');
    const automount = await kubectl(['get', 'serviceaccounts', '-n', namespace, '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'jsonpath={.items[*].automountServiceAccountToken}']);
    expect(automount).toBe('false false');
    helmOk(['uninstall', RELEASE, '-n', namespace, '--wait']);
    expect(await kubectl(['get', 'globalroles.management.cattle.io', globalRole, '--ignore-not-found', '-o', 'name'])).toBe('');
  });
});
