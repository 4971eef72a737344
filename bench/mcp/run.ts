// Benchmark of the MCP server on the local control plane with 2,000 pods across 20 namespaces. Every Kubernetes
// request passes the server's in-process gateway (its own reads, and each request of the kubectl/helm processes it
// starts). Prints, each section with its target:
//   1. secret masking throughput on 1 MiB of adversarial text and a realistic log (target: 1 MiB < 50 ms; masking.ts)
//   2. the gateway's added latency per request: one pod and a list of 50, straight to the API server vs through the
//      gateway over HTTPS with a process's bearer, and in-process (gateway.get) (target: p50 added < 1 ms; gateway.ts)
//   3. tool-call latency p50/p95: k8s_get, k8s_describe and k8s_logs of one pod (target: <= 6 ms p50, the Go peer
//      kubernetes-mcp-server's time, measured beside it when installed: peer.ts), and larger reads, each next to
//      the same raw kubectl command (latency.ts)
//   4. bytes and estimated tokens given to the model, against kubectl's JSON and its own table
//   5. 50 concurrent tool calls, in rounds: throughput, p50/p99, errors, server RSS
//   6. bursts of concurrent k8s_get calls for ~70 s, across two or more discovery refreshes: throughput and p99 per
//      5 s window, refreshes marked from kube-apiserver's audit log (target: no dip; burst.ts)
// Asserts nothing. Usage: npm run bench:mcp -- [--iterations 40] [--tool-iterations 200] [--gateway-iterations 500]
//   [--rounds 3] [--burst-seconds 70] [--peer <kubernetes-mcp-server binary>]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { applyObjects, deployment, event, kubectlOk, seedLogs, startCluster, type Cluster } from '../../tests/cluster';
import { benchBurst, DISCOVERY_AUDIT_POLICY } from './burst';
import { call, ms, percentile, rssMiB, session, startServer, textOf, timed, type McpServer, type Sample } from './common';
import { benchGateway } from './gateway';
import { benchLatency } from './latency';
import { benchMasking } from './masking';
import { PEER_BINARY } from './peer';

const BIG = 'bench-big';
const BUSY_NS = 'bench-01';
const BUSY = 'busy';
const CHARS_PER_TOKEN = 4;
const CONCURRENCY = 50;
const SESSIONS = 5;

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
  objects.push(deployment({ name: BUSY, namespace: BUSY_NS, replicas: 50 }));
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, objects);
  const events = Array.from({ length: 60 }, (_, i) => event({
    namespace: BUSY_NS, involved: { kind: 'Deployment', name: BUSY, apiVersion: 'apps/v1' },
    type: i % 3 ? 'Normal' : 'Warning', reason: i % 3 ? 'ScalingReplicaSet' : 'ProgressDeadlineExceeded',
    message: `event ${i} for busy: replica set busy-${i % 7} scaled`, count: 1 + (i % 4),
  }));
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, events);
  await seedLogs(cluster, { namespace: BUSY_NS, container: BUSY, lines: Array.from({ length: 500 }, (_, i) => `GET /api/item/${i} 200 ${(i % 50) / 10}ms`) });
  for (;;) {
    const running = (await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath,
      ['get', 'pods', '-A', '--field-selector=status.phase=Running', '-o', 'name'])).split('\n').filter(Boolean).length;
    if (running >= 2000) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function benchTokens(client: Client, kubectl: (args: string[]) => Promise<string>): Promise<void> {
  console.log('\n4. What the model receives (estimated tokens = characters / 4):');
  const json = (await kubectl(['get', 'pods', '-n', BIG, '-o', 'json'])).length;
  const table = await kubectl(['get', 'pods', '-n', BIG]);
  const page = textOf(await call(client, 'k8s_get', { kind: 'pods', namespace: BIG })).length;
  const bigPage = textOf(await call(client, 'k8s_get', { kind: 'pods', namespace: BIG, limit: 500 }));
  const bigRows = bigPage.split('\n').filter((l) => /^svc-\d+-/.test(l)).length;
  const tableFirstRows = table.split('\n').slice(0, bigRows + 1).join('\n').length;
  console.log(`   list pods, 1,000-pod namespace: kubectl -o json ${json} B (${tokens(json)} tok); kubectl table ${table.length} B (${tokens(table.length)} tok);`);
  console.log(`     k8s_get default page (50 rows + continue token) ${page} B (${tokens(page)} tok) = ${(json / page).toFixed(0)}x smaller than JSON`);
  console.log(`     k8s_get limit=500 (cut to the token budget: ${bigRows} rows) ${bigPage.length} B vs kubectl's table for the same ${bigRows} rows ${tableFirstRows} B (${(bigPage.length / tableFirstRows).toFixed(2)}x)`);
  const describeJson = (await kubectl(['get', 'deployment', BUSY, '-n', BUSY_NS, '-o', 'json'])).length;
  const describeText = (await kubectl(['describe', 'deployment', BUSY, '-n', BUSY_NS])).length;
  const podsJson = (await kubectl(['get', 'pods', '-n', BUSY_NS, '-l', `app=${BUSY}`, '-o', 'json'])).length;
  const eventsJson = (await kubectl(['get', 'events', '-n', BUSY_NS, '-o', 'json'])).length;
  const described = textOf(await call(client, 'k8s_describe', { kind: 'deployment', name: BUSY, namespace: BUSY_NS })).length;
  const asJson = describeJson + podsJson + eventsJson;
  console.log(`   describe busy deployment (50 pods, 60 events): k8s_describe ${described} B (${tokens(described)} tok);`);
  console.log(`     kubectl get -o json of the deployment, its pods and events ${asJson} B (${tokens(asJson)} tok) = ${(asJson / described).toFixed(0)}x; kubectl describe ${describeText} B`);
}

async function benchConcurrency(server: McpServer, clients: Client[], pod: string, rounds: number): Promise<void> {
  const mix: [string, Record<string, unknown>][] = [
    ['k8s_get', { kind: 'pods', namespace: BUSY_NS }],
    ['k8s_describe', { kind: 'deployment', name: BUSY, namespace: BUSY_NS }],
    ['k8s_logs', { name: pod, namespace: BUSY_NS, tail: 100 }],
  ];
  console.log(`\n5. ${CONCURRENCY} concurrent tool calls (list pods, describe deployment, logs in turn) over ${clients.length} sessions, every read through the in-process gateway:`);
  const pid = server.child.pid!;
  for (let round = 1; round <= rounds; round++) {
    let peak = rssMiB(pid);
    const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(pid)); }, 25);
    const latencies: Sample = [];
    let errors = 0;
    const [wall] = await timed(() => Promise.all(Array.from({ length: CONCURRENCY }, async (_, i) => {
      const [name, args] = mix[i % mix.length];
      const [dt, failed] = await timed(() => call(clients[i % clients.length], name, args).then(() => false, () => true));
      latencies.push(dt);
      if (failed) errors++;
    })));
    clearInterval(sampler);
    console.log(`   round ${round}: ${(CONCURRENCY / (wall / 1000)).toFixed(1)} calls/s, p50 ${ms(percentile(latencies, 50), 0)}, p99 ${ms(percentile(latencies, 99), 0)},`
      + ` errors ${errors}, server RSS peak ${peak.toFixed(0)} MiB`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '40' },
      'tool-iterations': { type: 'string', default: '200' },
      'gateway-iterations': { type: 'string', default: '500' },
      rounds: { type: 'string', default: '3' },
      'burst-seconds': { type: 'string', default: '70' },
      peer: { type: 'string', default: PEER_BINARY },
    },
  });
  console.log('\n1. Secret masking throughput (before the control plane starts, so nothing else competes for the CPU):');
  await benchMasking();

  console.log('\nstarting the local control plane and seeding 2,000 pods in 20 namespaces…');
  const cluster = await startCluster({ nodes: 4, auditPolicy: DISCOVERY_AUDIT_POLICY });
  let server: McpServer | undefined;
  const clients: Client[] = [];
  try {
    const t0 = Date.now();
    await seed(cluster);
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-kubectl-cache-'));
    const kubectl = (args: string[]) => kubectlOk(cluster.tools.kubectl, cluster.users.viewer.kubeconfigPath, [`--cache-dir=${cacheDir}`, ...args]);
    const busyPods = (await kubectl(['get', 'pods', '-n', BUSY_NS, '-l', `app=${BUSY}`, '-o', 'name'])).split('\n').filter(Boolean).map((n) => n.replace('pod/', ''));
    const pod = busyPods[0];

    await benchGateway(cluster, { iterations: Number(values['gateway-iterations']), namespace: BUSY_NS, pod });

    server = await startServer(cluster);
    clients.push(await session(server.port));
    await benchLatency(cluster, {
      client: clients[0], kubectl, toolIterations: Number(values['tool-iterations']), kubectlIterations: Number(values.iterations),
      namespace: BUSY_NS, pod, deployment: BUSY, peerBinary: values.peer,
    });
    await benchTokens(clients[0], kubectl);

    clients.push(...(await Promise.all(Array.from({ length: SESSIONS - 1 }, () => session(server!.port)))));
    await benchConcurrency(server, clients, pod, Number(values.rounds));
    await benchBurst({
      clients, targets: busyPods.map((name) => ({ kind: 'pods', name, namespace: BUSY_NS })), concurrency: CONCURRENCY,
      seconds: Number(values['burst-seconds']), windowSeconds: 5, auditLogPath: cluster.auditLogPath, serverUser: cluster.users.mcp.name,
    });
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    server?.child.kill('SIGTERM');
    await cluster.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
