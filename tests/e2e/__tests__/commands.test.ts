// The README's commands as a user runs them: `npm start` (main job) and `npm run cluster:*`, through
// toolchain/run.sh, each against its own cluster folder so they never touch a developer's .drover/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runKubectl, testCluster, type ClusterInfo } from '../../cluster';

const RUN = resolve(__dirname, '..', '..', '..', 'toolchain', 'run.sh');
const shared = testCluster();

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Starts a command in its own process group (like a terminal job) and collects its output. */
function startJob(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn('bash', [RUN, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The MCP server the main job printed answers: ready, and an authenticated MCP initialize. */
async function expectMcpServer(out: string, user?: string): Promise<void> {
  const url = /MCP server \([\w-]+\): (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out)?.[1];
  const token = /Authorization: Bearer (\w+)/.exec(out)?.[1];
  expect(url && token).toBeTruthy();
  expect((await fetch(url!.replace(/\/mcp$/, '/readyz'))).status).toBe(200);
  const init = await fetch(url!, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...(user ? { 'X-Drover-User': user } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '0' } } }),
  });
  expect(init.status).toBe(200);
  expect(await init.text()).toContain('"name":"drover-mcp"');
}

/**
 * The chat page the main job printed: the page, the UI bundle it loads (as Rancher loads it), and a sign-in with one
 * of the printed tokens, whose cookie then works for the API.
 */
async function expectChatPage(out: string): Promise<void> {
  const page = /Chat in your browser: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
  const token = /DROVER_TOKEN=(\S+) npm run drover -- chat/.exec(out)?.[1];
  expect(page && token).toBeTruthy();
  const html = await (await fetch(page!)).text();
  const bundle = /<script src="(extension\/plugin\/drover-[\d.]+\.umd\.min\.js)">/.exec(html)?.[1];
  expect(bundle).toBeTruthy();
  expect((await fetch(new URL(bundle!, page))).status).toBe(200);
  const login = await fetch(new URL('api/login', page), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  expect((await fetch(new URL('api/me', page), { headers: { Cookie: cookie } })).status).toBe(200);
}

/**
 * The backend the main job printed answers, says no model is connected (none runs here), and a /command runs
 * without one: the README's promise for a fresh machine. `command` lists something the cluster is known to hold.
 */
async function expectBackendWithoutModel(out: string, command: string, expectedName: string): Promise<void> {
  expect(out).toContain('No model is connected: Ollama does not answer at http://127.0.0.1:9.');
  expect(out).toContain('ollama pull qwen3:8b');
  const url = /Backend \(chat API\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const token = /DROVER_TOKEN=(\S+) npm run drover -- chat/.exec(out)?.[1];
  expect(url && token).toBeTruthy();
  expect((await fetch(`${url}/health`)).status).toBe(200);
  expect((await fetch(`${url}/api/sessions`)).status).toBe(401);
  const reply = await fetch(`${url}/api/chat`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: command }),
  });
  expect(reply.status).toBe(200);
  const body = await reply.json() as { status: string; events: { type: string; structured?: { kind: string; rows: { cells: string[] }[] } }[] };
  expect(body.status).toBe('done');
  const table = body.events.find((e) => e.type === 'tool_result')?.structured;
  expect(table?.kind).toBe('table');
  expect(table?.rows.map((r) => r.cells[0])).toContain(expectedName);
}

describe('npm start (the main job)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-main-job-'));
  const clusterDir = join(dir, 'cluster');
  const { KUBECONFIG: _ignored, ...inherited } = process.env;
  // Port 9 (discard) never answers: the backend runs without a model, as on a machine without Ollama.
  const env: NodeJS.ProcessEnv = { ...inherited, DROVER_CLUSTER_DIR: clusterDir, DROVER_MCP_PORT: '0', DROVER_PORT: '0', DROVER_OLLAMA_URL: 'http://127.0.0.1:9' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a seeded local cluster, prints a working kubeconfig and stops everything on Ctrl-C', async () => {
    const job = startJob(['start'], env);
    await waitFor('the main job to be ready', () => job.output().includes('Press Ctrl-C to stop.') || job.child.exitCode !== null);
    const out = job.output();
    expect(out).toContain('Drover main job is running.');
    const kubeconfig = /export KUBECONFIG=(\S+)/.exec(out)?.[1];
    expect(kubeconfig).toBe(join(clusterDir, 'kubeconfig'));
    const state = JSON.parse(readFileSync(join(clusterDir, 'state.json'), 'utf8')) as ClusterInfo;

    const pods = await runKubectl(shared.tools.kubectl, kubeconfig!, ['get', 'deployment', 'web', '-n', 'shop', '-o', 'name']);
    expect(pods.stdout.trim()).toBe('deployment.apps/web');
    await expectMcpServer(out, 'viewer');
    await expectBackendWithoutModel(out, '/get deployments -n shop', 'web');
    await expectChatPage(out);

    process.kill(-job.child.pid!, 'SIGINT');
    expect(await job.exited).toBe(0);
    for (const pid of Object.values(state.pids)) expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(clusterDir, 'state.json'))).toBe(false);
  });

  it('uses the cluster in KUBECONFIG when one is set', async () => {
    const unusedDir = join(dir, 'never-created');
    const job = startJob(['start'], { ...env, DROVER_CLUSTER_DIR: unusedDir, KUBECONFIG: shared.users.viewer.kubeconfigPath });
    await waitFor('the main job to be ready', () => job.output().includes('Press Ctrl-C to stop.') || job.child.exitCode !== null);
    expect(job.output()).toContain(`Your cluster: context "drover-local" (Kubernetes v${shared.versions.KUBERNETES_VERSION}) from KUBECONFIG=${shared.users.viewer.kubeconfigPath}`);
    expect(job.output()).toContain('MCP server (read-only)');
    await expectMcpServer(job.output());
    // The shared test cluster is not seeded with the shop; every cluster has kube-system.
    await expectBackendWithoutModel(job.output(), '/get namespaces', 'kube-system');
    expect(existsSync(unusedDir)).toBe(false);
    process.kill(-job.child.pid!, 'SIGINT');
    expect(await job.exited).toBe(0);
  });

  it('says clearly when the KUBECONFIG cluster does not answer', async () => {
    const job = startJob(['start'], { ...env, KUBECONFIG: join(dir, 'missing-kubeconfig') });
    expect(await job.exited).toBe(1);
    expect(job.output()).toContain('but its cluster does not answer');
    expect(job.output()).toContain('unset KUBECONFIG to use the local control plane');
  });
});

describe('npm run cluster:up / status / down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-cluster-cli-'));
  const env = { ...process.env, DROVER_CLUSTER_DIR: join(dir, 'cluster') };
  const cli = (args: string[]) => spawnSync('bash', [RUN, 'cluster', ...args], { env, encoding: 'utf8' });
  afterAll(() => {
    cli(['down']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a cluster in the background, reports it, and stops it', async () => {
    const up = cli(['up', '--no-seed', '--nodes', '1']);
    expect(up.stderr).not.toContain('ERROR');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('Stop it with: npm run cluster:down');
    const kubeconfig = /export KUBECONFIG=(\S+)/.exec(up.stdout)![1];
    const nodes = await runKubectl(shared.tools.kubectl, kubeconfig, ['get', 'nodes', '-o', 'name']);
    expect(nodes.stdout.trim()).toBe('node/kwok-node-1');

    expect(cli(['up']).stdout).toContain('A local cluster is already running.');
    expect(cli(['status']).stdout).toContain(kubeconfig);
    expect(cli(['down']).stdout).toContain('Local cluster stopped.');
    expect(cli(['status']).stdout).toContain('No local cluster is running.');
  });

  it('rejects bad flags before starting anything', () => {
    const res = cli(['up', '--nodes', 'zero']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('--nodes must be a positive integer (got zero)');
  });
});
