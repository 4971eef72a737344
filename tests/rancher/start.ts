// startRancher(cluster): a real Rancher Manager (built from source by `toolchain/install.sh rancher`) on 127.0.0.1,
// managing the local control plane as its `local` cluster, with real local users and real tokens:
//   admin     the bootstrap admin (global role `admin`)
//   standard  a Standard User (global role `user`) and project member of the project holding the editor namespace
//   readonly  User-Base (may only log in) and read-only member of that project
// Rancher needs three things prepared (../shared/notes/real-rancher.md): a private working directory (it writes
// management-state/ there), free ports (it also opens https+1, and :6666 for its imperative API, which is fixed, so
// one Rancher per machine), and a route for the API server to that imperative API (ext.cattle.io: the dashboard's
// login needs it, and an aggregated API nobody serves blocks every namespace deletion): Rancher runs in "direct"
// mode, its Service selects a kwok Pod standing for this process, and that Pod's IP is served here (pod-address.ts).
// The APIService is created beforehand, marked as checked, so Rancher does not wait up to 5 minutes for it.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, readVersions } from '../../toolchain/versions';
import { applyObjects, kubectlOk } from '../cluster/kubectl';
import { freePorts, sleep, startComponent, stopComponent, waitReady, type Component } from '../cluster/processes';
import type { ClusterInfo } from '../cluster/state';
import { login, rancherClient, RancherApiError, type RancherClient } from './client';
import { servePodAddress } from './pod-address';

const RETRY_HINT = 'toolchain/install.sh rancher && npm run cluster:up -- --rancher';
const PING_READY_MS = 120_000;
const SETTLE_MS = 180_000;
const IMPERATIVE_API_PORT = 6666;
/** The `app` label Rancher's imperative-api-extension Service selects (IMPERATIVE_API_APP_SELECTOR). */
const RANCHER_APP = 'drover-rancher';

export type RancherRole = 'admin' | 'standard' | 'readonly';

export interface RancherUser {
  /** Rancher's user id (u-xxxxx, `user-xxxxx` for the admin): the name the API server sees through Rancher. */
  id: string;
  username: string;
  password: string;
  /** A session token of this user, as the login form gets it (the browser holds it as the R_SESS cookie). */
  token: string;
}

export interface RancherInfo {
  url: string;
  /** Rancher's own CA (its /cacerts), for HTTPS to `url`. */
  caFile: string;
  adminToken: string;
  users: Record<RancherRole, RancherUser>;
  /** The project (`local:p-xxxxx`) holding the cluster's editor namespace, where standard and readonly are members. */
  projectId: string;
  version: string;
  dir: string;
  logFile: string;
  pid: number;
  /**
   * The /etc/hosts Rancher sees (its own mount namespace): add `<ip> <name>.<namespace>.svc` lines to let it reach a
   * Service by its cluster DNS name, as it would inside the cluster (hostsEntry below).
   */
  hostsFile: string;
  /** Seconds from start to /ping, and to users ready. */
  pingSeconds: number;
  startSeconds: number;
}

export interface Rancher extends RancherInfo {
  stop(): Promise<void>;
}

export interface StartRancherOptions {
  /** Working folder; a fresh temp folder (removed by stop()) when omitted. */
  dir?: string;
  /** A dashboard build (toolchain/install.sh dashboard) Rancher serves at /dashboard/; without it, no dashboard. */
  dashboardDir?: string;
}

export function rancherBinary(): { path: string; version: string } {
  const version = readVersions().RANCHER_VERSION;
  return { path: join(cacheRoot(), `rancher-v${version}`, 'bin', 'rancher'), version };
}

function portFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port whose successor is free too: Rancher listens on https+1 as well. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const [port] = await freePorts(1);
    if (port < 65535 && await portFree(port + 1, '127.0.0.1')) return port;
  }
}

/** The Pod standing for this Rancher process, and the APIService Rancher checks at start, marked as checked. */
function imperativeApiObjects(): object[] {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: RANCHER_APP, namespace: 'cattle-system', labels: { app: RANCHER_APP } },
    spec: { containers: [{ name: 'rancher', image: 'rancher/rancher', ports: [{ containerPort: IMPERATIVE_API_PORT }] }] },
  };
  return [pod, {
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService',
    metadata: { name: 'v1.ext.cattle.io', annotations: { 'ext.cattle.io/aggregation-available-checked': 'true' } },
    spec: {
      group: 'ext.cattle.io', version: 'v1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true,
      service: { namespace: 'cattle-system', name: 'imperative-api-extension', port: IMPERATIVE_API_PORT },
    },
  }];
}

/** kube-apiserver reaches Rancher's imperative API: the APIService is Available and the login's own call answers. */
async function waitForImperativeApi(admin: RancherClient, kubectl: (args: string[]) => Promise<string>): Promise<void> {
  await eventually('the imperative API (ext.cattle.io) becoming available', async () => {
    const available = await kubectl(['get', 'apiservice', 'v1.ext.cattle.io', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}']);
    if (available !== 'True') throw new Error(`APIService v1.ext.cattle.io Available=${available || 'unknown'}`);
    await admin.call('POST', '/v1/ext.cattle.io.selfuser', { apiVersion: 'ext.cattle.io/v1', kind: 'SelfUser' });
  });
}

/** Retries `attempt` until it resolves (Rancher's controllers create what the next step needs in the background). */
async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = SETTLE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
      await sleep(500);
    }
  }
  throw new Error(`Rancher: ${what} did not happen within ${timeoutMs / 1000} s (last error: ${(last as Error)?.message})`);
}

async function createUser(admin: RancherClient, username: string, globalRoleId: string): Promise<Omit<RancherUser, 'token'>> {
  const password = `${username}-${randomBytes(12).toString('hex')}`;
  const user = await admin.call<{ id: string }>('POST', '/v3/users',
    { username, password, name: username, mustChangePassword: false, enabled: true });
  await admin.call('POST', '/v3/globalrolebindings', { globalRoleId, userId: user.id });
  return { id: user.id, username, password };
}

async function settle(client: RancherClient, kubectl: (args: string[]) => Promise<string>, namespace: string,
                      bootstrapPassword: string): Promise<Pick<RancherInfo, 'adminToken' | 'users' | 'projectId'>> {
  const adminToken = await eventually('the first admin login', () => login(client, 'admin', bootstrapPassword));
  const admin = rancherClient(client.url, client.ca, adminToken);
  // What the first-login screen would ask for: done, so the dashboard opens straight on the cluster list.
  for (const [name, value] of [['first-login', 'false'], ['eula-agreed', new Date().toISOString()]]) {
    await admin.call('PUT', `/v3/settings/${name}`, { value });
  }
  const me = await admin.call<{ data: { id: string }[] }>('GET', '/v3/users?me=true');
  await eventually('the local cluster becoming active', async () => {
    const local = await admin.call<{ state: string }>('GET', '/v3/clusters/local');
    if (local.state !== 'active') throw new Error(`local cluster is ${local.state}`);
  });
  const project = await admin.call<{ id: string }>('POST', '/v3/projects', { clusterId: 'local', name: 'drover-test' });
  await kubectl(['annotate', '--overwrite', 'namespace', namespace, `field.cattle.io/projectId=${project.id}`]);

  const standard = await createUser(admin, 'standard', 'user');
  const readonly = await createUser(admin, 'readonly', 'user-base');
  for (const [user, roleTemplateId] of [[standard, 'project-member'], [readonly, 'read-only']] as const) {
    await admin.call('POST', '/v3/projectroletemplatebindings', { projectId: project.id, roleTemplateId, userId: user.id });
  }
  const withToken = async (u: Omit<RancherUser, 'token'>) => ({ ...u, token: await eventually(`${u.username}'s login`, () => login(client, u.username, u.password)) });
  const users = {
    admin: { id: me.data[0].id, username: 'admin', password: bootstrapPassword, token: adminToken },
    standard: await withToken(standard),
    readonly: await withToken(readonly),
  };
  await waitForProjectRoles(client, users, namespace);
  return { adminToken, users, projectId: project.id };
}

/** Project membership reaches a namespace as RoleBindings a controller writes: wait until both users can read there. */
async function waitForProjectRoles(client: RancherClient, users: Record<RancherRole, RancherUser>, namespace: string): Promise<void> {
  for (const role of ['standard', 'readonly'] as const) {
    await eventually(`${role}'s project role reaching namespace ${namespace}`, () =>
      client.call('GET', `/k8s/clusters/local/api/v1/namespaces/${namespace}/pods?limit=1`, undefined, users[role].token));
  }
}

export async function startRancher(cluster: Pick<ClusterInfo, 'kubeconfigPath' | 'editorNamespace' | 'tools'>,
                                   opts: StartRancherOptions = {}): Promise<Rancher> {
  const started = Date.now();
  const binary = rancherBinary();
  if (!existsSync(binary.path)) {
    throw new Error(`Rancher v${binary.version} is not built (${binary.path} is missing).\nBuild it once with: toolchain/install.sh rancher`);
  }
  if (!await portFree(IMPERATIVE_API_PORT)) {
    throw new Error(`port ${IMPERATIVE_API_PORT} is in use: Rancher's imperative API needs it, so only one Rancher can run on this machine `
      + '(stop the other one, e.g. `npm run cluster:down`).');
  }
  const ownsDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'drover-rancher-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logFile = join(dir, 'rancher.log');
  const kubectl = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, imperativeApiObjects());
  const address = await servePodAddress(cluster, 'cattle-system', RANCHER_APP);

  const httpsPort = await freePortPair();
  const [httpPort, profilePort] = await freePorts(2);
  const url = `https://127.0.0.1:${httpsPort}`;
  const bootstrapPassword = randomBytes(18).toString('base64url');
  const hostsFile = join(dir, 'hosts');
  writeFileSync(hostsFile, readFileSync('/etc/hosts'));
  // Rancher runs in a mount namespace of its own whose /etc/hosts is hostsFile (positional arguments to sh, never
  // interpolated), so a test can let it resolve a Service's cluster DNS name; nothing else on the machine sees it.
  const inOwnHosts = ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$1" /etc/hosts && shift && exec "$@"', 'sh', hostsFile];
  let rancher: Component | undefined = startComponent('rancher', 'unshare', [...inOwnHosts, binary.path,
    `--kubeconfig=${cluster.kubeconfigPath}`, `--https-listen-port=${httpsPort}`, `--http-listen-port=${httpPort}`,
    `--profile-listen-address=127.0.0.1:${profilePort}`, '--add-local=true',
    // Never waited for (the APIService above says it was checked); should that preparation ever stop working,
    // Rancher exits within the start instead of 5 minutes into a test run.
    '--aggregation-registration-timeout=30s',
  ], logFile, {
    CATTLE_BOOTSTRAP_PASSWORD: bootstrapPassword,
    // Locks server-url to the address browsers and services use here.
    CATTLE_SERVER_URL: url,
    CATTLE_DEV_MODE: 'yes',
    // The imperative API served by this process itself (not through the remotedialer-proxy system chart).
    IMPERATIVE_API_DIRECT: 'true',
    IMPERATIVE_API_APP_SELECTOR: RANCHER_APP,
    ...(opts.dashboardDir ? { CATTLE_UI_DASHBOARD_PATH: opts.dashboardDir, CATTLE_UI_OFFLINE_PREFERRED: 'true' } : {}),
  }, dir);
  const stop = async () => {
    if (rancher) await stopComponent(rancher);
    rancher = undefined;
    address.release();
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(rancher, { url: `${url}/ping` }, PING_READY_MS, RETRY_HINT);
    const pingSeconds = (Date.now() - started) / 1000;
    const ca = await eventually('its CA at /cacerts', async () => {
      const pem = await fetchInsecure(`${url}/cacerts`);
      if (!pem.includes('BEGIN CERTIFICATE')) throw new Error('no certificate yet');
      return pem;
    });
    const caFile = join(dir, 'rancher-ca.pem');
    writeFileSync(caFile, ca);
    const settled = await settle(rancherClient(url, ca), kubectl, cluster.editorNamespace, bootstrapPassword);
    await waitForImperativeApi(rancherClient(url, ca, settled.adminToken), kubectl);
    return {
      url, caFile, ...settled, version: binary.version, dir, logFile, hostsFile, pid: rancher.child.pid ?? -1,
      pingSeconds, startSeconds: (Date.now() - started) / 1000, stop,
    };
  } catch (err) {
    const component = rancher;
    rancher = undefined;
    if (component) await stopComponent(component);
    address.release();
    throw new Error(`${(err as Error).message}\n(Rancher's log: ${logFile}; retry with: ${RETRY_HINT})`);
  }
}

/** /cacerts before we have the CA: what it serves is checked by every later request, which trusts only it. */
async function fetchInsecure(url: string): Promise<string> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 5_000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new RancherApiError(res.statusCode ?? 0, text))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Moves a namespace into the harness's project, so standard (member) and readonly (read-only) get their roles there. */
export async function addToRancherProject(cluster: Pick<ClusterInfo, 'kubeconfigPath' | 'tools'>, rancher: RancherInfo, namespace: string): Promise<void> {
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['annotate', '--overwrite', 'namespace', namespace, `field.cattle.io/projectId=${rancher.projectId}`]);
  const client = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'));
  await waitForProjectRoles(client, rancher.users, namespace);
}

/** Lets Rancher resolve `name` to `ip` until the returned function is called. */
export function hostsEntry(rancher: Pick<RancherInfo, 'hostsFile'>, ip: string, name: string): () => void {
  const line = `${ip} ${name}`;
  // Appended and rewritten in place: the bind mount Rancher sees is this very file.
  appendFileSync(rancher.hostsFile, `${line}\n`);
  return () => writeFileSync(rancher.hostsFile, readFileSync(rancher.hostsFile, 'utf8').split('\n').filter((l) => l !== line).join('\n'));
}

/** Gives a user the chart's Drover user global role (what an admin does in Users & Authentication). */
export async function grantDroverUser(rancher: Pick<RancherInfo, 'url' | 'caFile' | 'adminToken'>, userId: string): Promise<string> {
  const admin = rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'), rancher.adminToken);
  return (await admin.call<{ id: string }>('POST', '/v3/globalrolebindings', { globalRoleId: 'drover-user', userId })).id;
}
