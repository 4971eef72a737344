// startCluster(): a real Kubernetes control plane on 127.0.0.1 (etcd, kube-apiserver with RBAC, controller
// manager, scheduler) plus kwok for fake nodes whose pods reach Running and serve `kubectl logs`.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVersions, toolPaths, type PinnedVersions, type ToolPaths } from '../../toolchain/versions';
import {
  MCP_NAMESPACE, MCP_SERVICE_ACCOUNT, newStaticUsers, rbacObjects, tokenFile, type ComponentRole, type HumanRole,
} from './identities';
import { applyObjects, kubectlOk } from './kubectl';
import { writeKubeconfig } from './kubeconfig';
import { kwokConfig } from './kwok-stages';
import { freePorts, sleep, startComponent, stopComponent, waitReady, type Component } from './processes';

const RETRY_HINT = 'toolchain/install.sh all && npm run cluster:up';
const ETCD_READY_MS = 20_000;
const APISERVER_READY_MS = 90_000;
const COMPONENT_READY_MS = 60_000;
const MCP_TOKEN_DURATION = '720h';
const COMPONENT_API_QPS = 300;
/** Nodes with this annotation are played by kwok. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
const SERVICE_CIDR = '10.96.0.0/16';
const POD_CIDR = '10.244.0.1/16';
const FRONT_PROXY_CLIENT = 'front-proxy-client';

export interface ClusterUser {
  /** The name RBAC sees (for the MCP server: system:serviceaccount:<ns>:<name>). */
  name: string;
  groups: string[];
  token: string;
  kubeconfigPath: string;
}

export interface StartClusterOptions {
  /** Working folder; a fresh temp folder (removed by stop()) when omitted. */
  dir?: string;
  /** Number of fake (kwok) nodes. */
  nodes?: number;
  /** The one namespace where the `editor` user holds the built-in `edit` role. */
  editorNamespace?: string;
  /**
   * An audit policy (audit.k8s.io/v1 Policy, as an object): kube-apiserver then writes the events it selects, one
   * JSON object a line, to `auditLogPath` (e.g. the MCP benchmark sees when the server refreshes discovery).
   */
  auditPolicy?: object;
}

export interface Cluster {
  dir: string;
  /** Admin kubeconfig (system:masters). */
  kubeconfigPath: string;
  server: string;
  caFile: string;
  editorNamespace: string;
  users: Record<HumanRole | 'mcp', ClusterUser>;
  tools: ToolPaths;
  versions: PinnedVersions;
  logsDir: string;
  /** kube-apiserver's audit log, when started with `auditPolicy`. */
  auditLogPath?: string;
  pids: Record<string, number>;
  /** Seconds from startCluster() to a ready cluster with Ready nodes. */
  startSeconds: number;
  /** Seconds since startCluster() at which each start phase finished (for benchmarks and slow-start reports). */
  startPhases: Record<string, number>;
  stop(): Promise<void>;
}

function assertToolsInstalled(tools: ToolPaths): void {
  const missing = Object.values(tools).filter((path) => !existsSync(path));
  if (missing.length) {
    throw new Error(`The local control plane needs binaries that are not installed: ${missing.join(', ')}.\n`
      + 'Install them with: toolchain/install.sh all');
  }
}

/**
 * The aggregation layer's front-proxy identity: a CA extension API servers trust (published in
 * kube-system/extension-apiserver-authentication) and the client certificate kube-apiserver presents to them.
 * Rancher's imperative API (ext.cattle.io) is such a server.
 */
function writeFrontProxyCerts(pki: string): void {
  const openssl = (args: string[]) => {
    const res = spawnSync('openssl', args, { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.error?.message ?? res.stderr}`);
  };
  const file = (name: string) => join(pki, name);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=drover-front-proxy-ca',
    '-keyout', file('front-proxy-ca.key'), '-out', file('front-proxy-ca.crt')]);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${FRONT_PROXY_CLIENT}`,
    '-keyout', file('front-proxy-client.key'), '-out', file('front-proxy-client.csr')]);
  writeFileSync(file('front-proxy-client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(['x509', '-req', '-days', '30', '-in', file('front-proxy-client.csr'), '-CA', file('front-proxy-ca.crt'),
    '-CAkey', file('front-proxy-ca.key'), '-CAcreateserial', '-extfile', file('front-proxy-client.ext'), '-out', file('front-proxy-client.crt')]);
}

function writeServiceAccountKeys(pki: string): void {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(pki, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(pki, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
}

export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const started = Date.now();
  const startPhases: Record<string, number> = {};
  const phase = (name: string) => { startPhases[name] = (Date.now() - started) / 1000; };
  const versions = readVersions();
  const tools = toolPaths(versions);
  assertToolsInstalled(tools);

  const ownsDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'drover-cluster-'));
  const pki = join(dir, 'pki');
  const logsDir = join(dir, 'logs');
  for (const d of [dir, pki, logsDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const editorNamespace = opts.editorNamespace ?? 'shop';
  const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedulerPort, kwokPort] = await freePorts(6);
  const server = `https://127.0.0.1:${apiPort}`;
  const staticUsers = newStaticUsers();
  const components: Component[] = [];
  const launch = (name: string, binary: string, args: string[]) => {
    const c = startComponent(name, binary, args, join(logsDir, `${name}.log`));
    components.push(c);
    return c;
  };
  const stopAll = async () => {
    for (const c of [...components].reverse()) await stopComponent(c);
  };

  try {
    writeServiceAccountKeys(pki);
    writeFrontProxyCerts(pki);
    writeFileSync(join(dir, 'tokens.csv'), tokenFile(Object.values(staticUsers)), { mode: 0o600 });
    const auditLogPath = opts.auditPolicy ? join(logsDir, 'kube-apiserver-audit.log') : undefined;
    if (opts.auditPolicy) writeFileSync(join(dir, 'audit-policy.json'), JSON.stringify(opts.auditPolicy));

    const etcd = launch('etcd', tools.etcd, [
      '--name=default', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`, '--unsafe-no-fsync', '--log-level=warn',
    ]);
    await waitReady(etcd, { url: `http://127.0.0.1:${etcdPort}/health` }, ETCD_READY_MS, RETRY_HINT);
    phase('etcd');

    const apiserver = launch('kube-apiserver', tools.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1', `--secure-port=${apiPort}`, '--advertise-address=127.0.0.1',
      // The only node address is loopback, which Endpoints reject, so the `kubernetes` Service is not reconciled.
      '--endpoint-reconciler-type=none',
      `--cert-dir=${pki}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--allow-privileged=true',
      '--kubelet-preferred-address-types=InternalIP',
      '--profiling=false',
      // The aggregation layer, as kubeadm sets it up: extension API servers (Rancher's imperative API) trust the
      // front-proxy client, and are dialled at their endpoints (there is no kube-proxy for Service IPs).
      `--requestheader-client-ca-file=${join(pki, 'front-proxy-ca.crt')}`,
      `--requestheader-allowed-names=${FRONT_PROXY_CLIENT}`,
      '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${join(pki, 'front-proxy-client.crt')}`,
      `--proxy-client-key-file=${join(pki, 'front-proxy-client.key')}`,
      '--enable-aggregator-routing=true',
      ...(auditLogPath ? [`--audit-policy-file=${join(dir, 'audit-policy.json')}`, `--audit-log-path=${auditLogPath}`] : []),
    ]);
    await waitReady(apiserver, {
      url: `${server}/readyz`, headers: { Authorization: `Bearer ${staticUsers.admin.token}` },
    }, APISERVER_READY_MS, RETRY_HINT);
    phase('kube-apiserver');

    // kube-apiserver wrote a self-signed serving certificate (127.0.0.1) followed by its CA: trust that bundle.
    const caFile = join(pki, 'apiserver.crt');
    const caPem = readFileSync(caFile, 'utf8');
    const kubeconfigFor = (role: HumanRole | ComponentRole) =>
      writeKubeconfig(join(dir, `kubeconfig-${role}`), server, caPem, staticUsers[role].name, staticUsers[role].token);
    const kubeconfigPath = writeKubeconfig(join(dir, 'kubeconfig'), server, caPem, staticUsers.admin.name, staticUsers.admin.token);
    const admin = (args: string[], input?: string) => kubectlOk(tools.kubectl, kubeconfigPath, args, input);

    await admin(['apply', '-f', tools.kwokCrds]);
    await admin(['wait', '--for=condition=Established', '--timeout=30s', 'crd/logs.kwok.x-k8s.io', 'crd/clusterlogs.kwok.x-k8s.io']);
    await applyObjects(tools.kubectl, kubeconfigPath, rbacObjects(editorNamespace));
    phase('crds and rbac');

    const componentFlags = (role: ComponentRole, port: number) => {
      const kc = kubeconfigFor(role);
      return [`--kubeconfig=${kc}`, `--authentication-kubeconfig=${kc}`, `--authorization-kubeconfig=${kc}`,
              '--bind-address=127.0.0.1', `--secure-port=${port}`, '--leader-elect=false',
              // The default client rate limit (20 QPS) makes thousands of seeded pods take minutes to appear.
              `--kube-api-qps=${COMPONENT_API_QPS}`, `--kube-api-burst=${2 * COMPONENT_API_QPS}`];
    };
    const kcm = launch('kube-controller-manager', tools.kubeControllerManager, [
      ...componentFlags('controllerManager', kcmPort),
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${join(pki, 'sa.key')}`,
      `--root-ca-file=${caFile}`,
    ]);
    const scheduler = launch('kube-scheduler', tools.kubeScheduler, componentFlags('scheduler', schedulerPort));
    writeFileSync(join(dir, 'kwok.yaml'), kwokConfig());
    const kwok = launch('kwok', tools.kwok, [
      `--kubeconfig=${kubeconfigFor('kwok')}`, `--config=${join(dir, 'kwok.yaml')}`,
      // Only the harness's nodes (annotated below): a test may add an unmanaged node to show a NotReady one.
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`, '--enable-crds=Logs,ClusterLogs',
      // kwok plays the kubelet for every fake node: kube-apiserver reaches it here for logs.
      `--server-address=127.0.0.1:${kwokPort}`, '--node-ip=127.0.0.1', `--node-port=${kwokPort}`,
      `--tls-cert-file=${caFile}`, `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
      `--cidr=${POD_CIDR}`,
      // kwok 0.7 applies its lease default only to a configuration file that has a KwokConfiguration; ours holds
      // only stages, so without this flag no node Leases are renewed and the nodes go NotReady after a minute.
      '--node-lease-duration-seconds=40',
    ]);
    await Promise.all([
      waitReady(kcm, { url: `https://127.0.0.1:${kcmPort}/healthz` }, COMPONENT_READY_MS, RETRY_HINT),
      waitReady(scheduler, { url: `https://127.0.0.1:${schedulerPort}/healthz` }, COMPONENT_READY_MS, RETRY_HINT),
      waitReady(kwok, { url: `http://127.0.0.1:${kwokPort}/healthz` }, COMPONENT_READY_MS, RETRY_HINT),
    ]);
    phase('controllers, scheduler, kwok');

    await applyObjects(tools.kubectl, kubeconfigPath, fakeNodes(opts.nodes ?? 2));
    await admin(['wait', '--for=condition=Ready', '--timeout=60s', 'node', '--all']);
    phase('nodes Ready');
    await waitUntilSchedulable(admin);
    phase('nodes schedulable');

    const mcpToken = (await admin(['create', 'token', MCP_SERVICE_ACCOUNT, '-n', MCP_NAMESPACE, `--duration=${MCP_TOKEN_DURATION}`])).trim();
    const mcpName = `system:serviceaccount:${MCP_NAMESPACE}:${MCP_SERVICE_ACCOUNT}`;
    const human = (role: HumanRole): ClusterUser => ({ ...staticUsers[role], kubeconfigPath: kubeconfigFor(role) });
    const users = {
      admin: { ...staticUsers.admin, kubeconfigPath },
      viewer: human('viewer'),
      editor: human('editor'),
      mcp: {
        name: mcpName, groups: ['system:serviceaccounts', `system:serviceaccounts:${MCP_NAMESPACE}`], token: mcpToken,
        kubeconfigPath: writeKubeconfig(join(dir, 'kubeconfig-mcp'), server, caPem, mcpName, mcpToken),
      },
    };
    const pids = Object.fromEntries(components.map((c) => [c.name, c.child.pid ?? -1]));
    return {
      dir, kubeconfigPath, server, caFile, editorNamespace, users, tools, versions, logsDir, auditLogPath, pids,
      startSeconds: (Date.now() - started) / 1000, startPhases,
      async stop() {
        await stopAll();
        if (ownsDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    // The folder stays on failure: its logs/ explain what went wrong.
    throw new Error(`${(err as Error).message}\n(cluster folder kept for inspection: ${dir})`);
  }
}

/** The node lifecycle controller removes the not-ready taint shortly after Ready; until then pods cannot land. */
async function waitUntilSchedulable(admin: (args: string[]) => Promise<string>): Promise<void> {
  const deadline = Date.now() + COMPONENT_READY_MS;
  for (;;) {
    const nodes = JSON.parse(await admin(['get', 'nodes', '-o', 'json'])).items as { spec: { taints?: { key: string }[] } }[];
    if (nodes.every((n) => !(n.spec.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/')))) return;
    if (Date.now() > deadline) throw new Error('the fake nodes kept their node.kubernetes.io/* taints; see the kube-controller-manager log');
    await sleep(200);
  }
}

function fakeNodes(count: number): object[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `kwok-node-${i + 1}`;
    return {
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name,
        annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
          'node-role.kubernetes.io/worker': '', type: 'kwok',
        },
      },
      // No status: kwok initialises capacity, addresses (127.0.0.1 + its port) and the Ready condition.
    };
  });
}
