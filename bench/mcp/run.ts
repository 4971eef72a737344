// Benchmark of the MCP server on the local control plane with 2,000 pods across 20 namespaces. Prints:
//   1. tool-call latency p50/p95 for k8s_get, k8s_describe and k8s_logs next to the same raw kubectl command
//   2. bytes and estimated tokens given to the model, against kubectl's JSON and its own table
//   3. 50 concurrent tool calls, in rounds: throughput, p99, errors, server RSS (and that of its kubectl proxies)
// Asserts nothing. Usage: npm run bench:mcp -- [--iterations 40] [--rounds 3]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { applyObjects, deployment, event, kubectlOk, seedLogs, startCluster, type Cluster } from '../../tests/cluster';

const ROOT = resolve(__dirname, '..', '..');
const MCP_MAIN = join(ROOT, 'mcp-server', 'dist', 'main.js');
const TOKEN = 'bench-backend-token-0123456789';
const BIG = 'bench-big';
const BUSY_NS = 'bench-01';
const CHARS_PER_TOKEN = 4;

type Sample = number[];
const percentile = (xs: Sample, p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
const tokens = (chars: number) => Math.round(chars / CHARS_PER_TOKEN);

async function seed(cluster: Cluster): Promise<void> {
  const objects: object[] = [];
  const ns = (name: string) => objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  ns(BIG);
  for (let d = 1; d <= 50; d++) objects.push(deployment({ name: `svc-${d}`, namespace: BIG, replicas: 20 }));
  for (let n = 1; n <= 19; n++) {
    const name = `bench-${String(n).padStart(2, '0')}`;
    ns(name);
    for (let d = 1; d <= 5; d++) objects.push(deployment({ name: `svc-${d}`, namespace: name, replicas: 10 }));
  }
  objects.push(deployment({ name: 'busy', namespace: BUSY_NS, replicas: 50 }));
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, objects);
  const events = Array.from({ length: 60 }, (_, i) => event({
    namespace: BUSY_NS, involved: { kind: 'Deployment', name: 'busy', apiVersion: 'apps/v1' },
    type: i % 3 ? 'Normal' : 'Warning', reason: i % 3 ? 'ScalingReplicaSet' : 'ProgressDeadlineExceeded',
    message: `event ${i} for busy: replica set busy-${i % 7} scaled`, count: 1 + (i % 4),
  }));
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, events);
  await seedLogs(cluster, { namespace: BUSY_NS, container: 'busy', lines: Array.from({ length: 500 }, (_, i) => `GET /api/item/${i} 200 ${(i % 50) / 10}ms`) });
  for (;;) {
    const running = (await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath,
      ['get', 'pods', '-A', '--field-selector=status.phase=Running', '-o', 'name'])).split('\n').filter(Boolean).length;
    if (running >= 2000) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function startServer(cluster: Cluster): Promise<{ child: ChildProcess; port: number }> {
  if (!existsSync(MCP_MAIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: join(ROOT, 'mcp-server'), stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the MCP server failed');
  }
  const child = spawn(process.execPath, [MCP_MAIN, '--port=0', `--kubeconfig=${cluster.users.mcp.kubeconfigPath}`,
    `--kubectl=${cluster.tools.kubectl}`, `--helm=${cluster.tools.helm}`, `--cache-dir=${mkdtempSync(join(tmpdir(), 'bench-mcp-cache-'))}`,
    '--max-concurrent=8', '--log-level=info'], { env: { PATH: process.env.PATH, DROVER_MCP_AUTH_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolvePort, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (const line of buffered.split('\n')) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'drover-mcp listening') resolvePort(entry.port);
        } catch { /* partial line */ }
      }
    });
    child.once('exit', (code) => reject(new Error(`the MCP server exited with ${code}`)));
  });
  child.stdout!.resume();
  return { child, port };
}

async function session(port: number): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}`, 'X-Drover-User': 'viewer' } },
  }));
  return client;
}

function textOf(res: CallToolResult): string {
  return res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

function rawKubectl(cluster: Cluster, cacheDir: string, args: string[]): Promise<string> {
  return kubectlOk(cluster.tools.kubectl, cluster.users.viewer.kubeconfigPath, [`--cache-dir=${cacheDir}`, ...args]);
}

/** Direct children of a process (the per-identity kubectl proxies). */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: '40' }, rounds: { type: 'string', default: '3' } } });
  const iterations = Number(values.iterations);
  const rounds = Number(values.rounds);
  console.log('starting the local control plane and seeding 2,000 pods in 20 namespaces…');
  const cluster = await startCluster({ nodes: 4 });
  let server: ChildProcess | undefined;
  try {
    const t0 = Date.now();
    await seed(cluster);
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const started = await startServer(cluster);
    server = started.child;
    const client = await session(started.port);
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-kubectl-cache-'));
    const busyPod = (await rawKubectl(cluster, cacheDir, ['get', 'pods', '-n', BUSY_NS, '-l', 'app=busy', '-o', 'name'])).split('\n')[0].replace('pod/', '');

    const scenarios: { name: string; tool: [string, Record<string, unknown>]; kubectl: string[] }[] = [
      { name: 'k8s_get pods (100-pod ns)', tool: ['k8s_get', { kind: 'pods', namespace: BUSY_NS }], kubectl: ['get', 'pods', '-n', BUSY_NS] },
      { name: 'k8s_describe deployment', tool: ['k8s_describe', { kind: 'deployment', name: 'busy', namespace: BUSY_NS }], kubectl: ['describe', 'deployment', 'busy', '-n', BUSY_NS] },
      { name: 'k8s_logs pod --tail=100', tool: ['k8s_logs', { name: busyPod, namespace: BUSY_NS, tail: 100 }], kubectl: ['logs', busyPod, '-n', BUSY_NS, '--tail=100'] },
    ];
    console.log(`\n1. Latency over ${iterations} calls each (after 3 warm-ups), tool over MCP Streamable HTTP vs raw kubectl as the same user:`);
    for (const s of scenarios) {
      const tool: Sample = [];
      const raw: Sample = [];
      for (let i = 0; i < iterations + 3; i++) {
        const [dt, res] = await timed(() => client.callTool({ name: s.tool[0], arguments: s.tool[1] }) as Promise<CallToolResult>);
        if (res.isError) throw new Error(`${s.name}: ${textOf(res)}`);
        const [dk] = await timed(() => rawKubectl(cluster, cacheDir, s.kubectl));
        if (i >= 3) { tool.push(dt); raw.push(dk); }
      }
      const ratio = percentile(tool, 50) / percentile(raw, 50);
      console.log(`   ${s.name.padEnd(28)} tool p50 ${ms(percentile(tool, 50))} p95 ${ms(percentile(tool, 95))} | kubectl p50 ${ms(percentile(raw, 50))} p95 ${ms(percentile(raw, 95))} | p50 ratio ${ratio.toFixed(2)}x`);
    }

    console.log('\n2. What the model receives (estimated tokens = characters / 4):');
    const json = (await rawKubectl(cluster, cacheDir, ['get', 'pods', '-n', BIG, '-o', 'json'])).length;
    const table = await rawKubectl(cluster, cacheDir, ['get', 'pods', '-n', BIG]);
    const page = textOf(await client.callTool({ name: 'k8s_get', arguments: { kind: 'pods', namespace: BIG } }) as CallToolResult).length;
    const bigPage = textOf(await client.callTool({ name: 'k8s_get', arguments: { kind: 'pods', namespace: BIG, limit: 500 } }) as CallToolResult);
    const bigRows = bigPage.split('\n').filter((l) => /^svc-\d+-/.test(l)).length;
    const tableFirstRows = table.split('\n').slice(0, bigRows + 1).join('\n').length;
    console.log(`   list pods, 1,000-pod namespace: kubectl -o json ${json} B (${tokens(json)} tok); kubectl table ${table.length} B (${tokens(table.length)} tok);`);
    console.log(`     k8s_get default page (50 rows + continue token) ${page} B (${tokens(page)} tok) = ${(json / page).toFixed(0)}x smaller than JSON`);
    console.log(`     k8s_get limit=500 (cut to the token budget: ${bigRows} rows) ${bigPage.length} B vs kubectl's table for the same ${bigRows} rows ${tableFirstRows} B (${(bigPage.length / tableFirstRows).toFixed(2)}x)`);
    const describeJson = (await rawKubectl(cluster, cacheDir, ['get', 'deployment', 'busy', '-n', BUSY_NS, '-o', 'json'])).length;
    const describeText = (await rawKubectl(cluster, cacheDir, ['describe', 'deployment', 'busy', '-n', BUSY_NS])).length;
    const podsJson = (await rawKubectl(cluster, cacheDir, ['get', 'pods', '-n', BUSY_NS, '-l', 'app=busy', '-o', 'json'])).length;
    const eventsJson = (await rawKubectl(cluster, cacheDir, ['get', 'events', '-n', BUSY_NS, '-o', 'json'])).length;
    const described = textOf(await client.callTool({ name: 'k8s_describe', arguments: { kind: 'deployment', name: 'busy', namespace: BUSY_NS } }) as CallToolResult).length;
    const asJson = describeJson + podsJson + eventsJson;
    console.log(`   describe busy deployment (50 pods, 60 events): k8s_describe ${described} B (${tokens(described)} tok);`);
    console.log(`     kubectl get -o json of the deployment, its pods and events ${asJson} B (${tokens(asJson)} tok) = ${(asJson / described).toFixed(0)}x; kubectl describe ${describeText} B`);

    console.log('\n3. 50 concurrent tool calls over 5 sessions (reads through one kubectl proxy per user):');
    const clients = [client, ...(await Promise.all(Array.from({ length: 4 }, () => session(started.port))))];
    for (let round = 1; round <= rounds; round++) {
      let peak = rssMiB(server.pid!);
      const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(server!.pid!)); }, 25);
      const latencies: Sample = [];
      let errors = 0;
      const [wall] = await timed(() => Promise.all(Array.from({ length: 50 }, async (_, i) => {
        const s = scenarios[i % scenarios.length];
        const [dt, res] = await timed(() => clients[i % clients.length].callTool({ name: s.tool[0], arguments: s.tool[1] }) as Promise<CallToolResult>);
        latencies.push(dt);
        if (res.isError) errors++;
      })));
      clearInterval(sampler);
      const proxies = childPids(server.pid!).reduce((sum, pid) => sum + rssMiB(pid), 0);
      console.log(`   round ${round}: ${(50 / (wall / 1000)).toFixed(1)} calls/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, errors ${errors}, server RSS peak ${peak.toFixed(0)} MiB (+ kubectl proxy ${proxies.toFixed(0)} MiB)`);
    }
    await Promise.all(clients.map((c) => c.close()));
  } finally {
    server?.kill('SIGTERM');
    await cluster.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
