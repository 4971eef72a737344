// What the gateway adds to one Kubernetes API request. The same GET is sent, in turn, (a) straight to the API
// server, (b) through the gateway as a kubectl process sends it (HTTPS to 127.0.0.1 with its per-process bearer
// and the gateway's CA), and (c) through the gateway in-process (gateway.get, the server's own reads), each over
// kept-alive connections, one request at a time. The gateway runs here, in the benchmark's process, built by
// createRuntime() from mcp-server/src as the server builds it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../tests/cluster';
import { ConfigSchema } from '../../mcp-server/src/config';
import type { Grant } from '../../mcp-server/src/gateway/gateway';
import type { Identity } from '../../mcp-server/src/identity';
import type { KubeAction } from '../../mcp-server/src/policy/engine';
import { createRuntime } from '../../mcp-server/src/runtime-factory';
import { MCP_USER, percentile, type Sample } from './common';

const WARM_UP = 20;
const COLUMN = 56;

const num = (n: number, signed = false) => `${signed && n >= 0 ? '+' : ''}${n.toFixed(2)}`.padStart(6);
const pairOf = (p50: number, p95: number, signed = false) => `${num(p50, signed)} / ${num(p95, signed)} ms`;
const TIMEOUT_MS = 30_000;

/** Reads the whole answer; resolves with its size in bytes. */
function drain(res: IncomingMessage, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    if (res.statusCode !== 200) reject(new Error(`${what} answered ${res.statusCode}`));
    let bytes = 0;
    res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    res.on('end', () => resolve(bytes));
    res.on('error', reject);
  });
}

/** One GET over a kept-alive HTTPS agent, timed until the last byte of the answer. */
function httpsGet(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, timeout: TIMEOUT_MS }, (res) => drain(res, url).then(() => resolve(performance.now() - t0), reject));
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer`)));
    req.on('error', reject);
    req.end();
  });
}

interface Pair {
  label: string;
  /** The server's own kubeconfig, and the identity its grants act as. */
  kubeconfig: string;
  identity: Identity;
  /** The same credentials sent straight to the API server. */
  direct: Record<string, string>;
}

export interface GatewayBenchOptions {
  iterations: number;
  namespace: string;
  pod: string;
}

export async function benchGateway(cluster: Cluster, opts: GatewayBenchOptions): Promise<void> {
  const caPem = readFileSync(cluster.caFile);
  const requests = [
    { label: 'one pod', path: `/api/v1/namespaces/${opts.namespace}/pods/${opts.pod}` },
    { label: 'list of 50 pods', path: `/api/v1/namespaces/${opts.namespace}/pods?limit=50` },
  ];
  const pairs: Pair[] = [
    { label: 'admin token', kubeconfig: cluster.kubeconfigPath, identity: { mode: 'kubeconfig' }, direct: { authorization: `Bearer ${cluster.users.admin.token}` } },
    {
      label: `MCP ServiceAccount as ${MCP_USER}`, kubeconfig: cluster.users.mcp.kubeconfigPath, identity: { mode: 'impersonate', user: MCP_USER, groups: [] },
      direct: { authorization: `Bearer ${cluster.users.mcp.token}`, 'impersonate-user': MCP_USER },
    },
  ];
  console.log(`\n2. The gateway's added latency per request: ${opts.iterations} GETs each (after ${WARM_UP} warm-ups), sent in turn straight to the API`
    + ' server and through the gateway, one at a time over kept-alive HTTPS (target: p50 added < 1 ms):');
  console.log(`   ${'request, credentials'.padEnd(COLUMN)} ${'direct p50 / p95'.padEnd(18)}   ${'gateway p50 / p95'.padEnd(18)}   ${'added p50 / p95'.padEnd(18)}   in-process gateway.get p50 (added)`);
  for (const pair of pairs) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
    const config = ConfigSchema.parse({
      transport: 'stdio', identity: { mode: pair.identity.mode, kubeconfig: pair.kubeconfig },
      binaries: { kubectl: cluster.tools.kubectl, helm: cluster.tools.helm }, cacheDir, logLevel: 'silent',
    });
    const rt = createRuntime(config);
    const actions: KubeAction[] = [
      { verb: 'get', kind: 'Pod', group: '', namespace: opts.namespace, clusterScoped: false },
      { verb: 'list', kind: 'Pod', group: '', namespace: opts.namespace, clusterScoped: false },
    ];
    const grant: Grant = {
      config, actions, confirmed: false, identity: pair.identity, cluster: 'bench', tool: 'bench_gateway',
      record: { commands: [], shown: [], actions: [], refused: [], bytes: 0, truncated: false },
    };
    const opened = await rt.gateway.open(grant);
    const directAgent = new Agent({ keepAlive: true, maxSockets: 1, ca: caPem });
    const gatewayAgent = new Agent({ keepAlive: true, maxSockets: 1, ca: opened.ca });
    const signal = new AbortController().signal;
    try {
      for (const { label, path } of requests) {
        const headers = { accept: 'application/json' };
        const direct: Sample = [];
        const viaGateway: Sample = [];
        const inProcess: Sample = [];
        let bytes = 0;
        for (let i = 0; i < opts.iterations + WARM_UP; i++) {
          const d = await httpsGet(directAgent, `${cluster.server}${path}`, { ...headers, ...pair.direct });
          const g = await httpsGet(gatewayAgent, `${opened.server}${path}`, { ...headers, authorization: `Bearer ${opened.token}` });
          const t0 = performance.now();
          bytes = await drain(await rt.gateway.get(grant, { path, accept: headers.accept, signal, timeoutMs: TIMEOUT_MS }), `gateway.get ${path}`);
          const p = performance.now() - t0;
          if (i >= WARM_UP) { direct.push(d); viaGateway.push(g); inProcess.push(p); }
        }
        if (grant.record.refused.length) throw new Error(`the gateway refused: ${grant.record.refused[0].rule}`);
        const [d50, d95, g50, g95, p50] = [percentile(direct, 50), percentile(direct, 95), percentile(viaGateway, 50), percentile(viaGateway, 95), percentile(inProcess, 50)];
        console.log(`   ${`${label} (${(bytes / 1024).toFixed(0)} KiB), ${pair.label}`.padEnd(COLUMN)} ${pairOf(d50, d95)}   ${pairOf(g50, g95)}   ${pairOf(g50 - d50, g95 - d95, true)}   ${num(p50)} ms (${num(p50 - d50, true)})`);
      }
    } finally {
      opened.revoke();
      directAgent.destroy();
      gatewayAgent.destroy();
      await rt.gateway.close();
    }
  }
}
