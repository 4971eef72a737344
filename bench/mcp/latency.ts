// Tool-call latency over MCP Streamable HTTP, next to the same raw kubectl command as the same user; one-pod
// reads (the figure compared with the Go peer, which answers from client-go in-process) and larger reads. Tool
// calls and kubectl runs are timed in separate loops, so a kubectl process starting or exiting does not land in a
// tool call's time.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Cluster } from '../../tests/cluster';
import { call, ms, percentile, timed, type Sample } from './common';
import { measurePeer } from './peer';

const WARM_UP = 3;
/** The Go peer's p50 for one pod, in-process client-go: what one-pod reads aim for. */
const ONE_POD_TARGET_MS = 6;

interface Scenario { name: string; tool: [string, Record<string, unknown>]; kubectl: string[] }

export interface LatencyOptions {
  client: Client;
  /** Runs kubectl as the same user the MCP sessions act as. */
  kubectl: (args: string[]) => Promise<string>;
  toolIterations: number;
  kubectlIterations: number;
  namespace: string;
  pod: string;
  deployment: string;
  peerBinary: string;
}

async function scenarioLine(opts: LatencyOptions, s: Scenario): Promise<string> {
  const tool: Sample = [];
  for (let i = 0; i < opts.toolIterations + WARM_UP; i++) {
    const [dt] = await timed(() => call(opts.client, s.tool[0], s.tool[1]));
    if (i >= WARM_UP) tool.push(dt);
  }
  const raw: Sample = [];
  for (let i = 0; i < opts.kubectlIterations + WARM_UP; i++) {
    const [dk] = await timed(() => opts.kubectl(s.kubectl));
    if (i >= WARM_UP) raw.push(dk);
  }
  const ratio = percentile(raw, 50) / percentile(tool, 50);
  return `     ${s.name.padEnd(34)} tool p50 ${ms(percentile(tool, 50))} p95 ${ms(percentile(tool, 95))} | kubectl p50 ${ms(percentile(raw, 50))}`
    + ` p95 ${ms(percentile(raw, 95))} | kubectl/tool p50 ${ratio.toFixed(1)}x`;
}

export async function benchLatency(cluster: Cluster, opts: LatencyOptions): Promise<void> {
  const { namespace: ns, pod, deployment } = opts;
  const onePod: Scenario[] = [
    { name: 'k8s_get pod (one, by name)', tool: ['k8s_get', { kind: 'pods', name: pod, namespace: ns }], kubectl: ['get', 'pod', pod, '-n', ns] },
    { name: 'k8s_describe pod (one)', tool: ['k8s_describe', { kind: 'pod', name: pod, namespace: ns }], kubectl: ['describe', 'pod', pod, '-n', ns] },
    { name: 'k8s_logs pod (one) --tail=100', tool: ['k8s_logs', { name: pod, namespace: ns, tail: 100 }], kubectl: ['logs', pod, '-n', ns, '--tail=100'] },
  ];
  const larger: Scenario[] = [
    { name: 'k8s_get pods (100-pod namespace)', tool: ['k8s_get', { kind: 'pods', namespace: ns }], kubectl: ['get', 'pods', '-n', ns] },
    { name: 'k8s_describe deployment (50 pods)', tool: ['k8s_describe', { kind: 'deployment', name: deployment, namespace: ns }], kubectl: ['describe', 'deployment', deployment, '-n', ns] },
  ];
  console.log(`\n3. Tool-call latency: ${opts.toolIterations} tool calls over MCP Streamable HTTP and ${opts.kubectlIterations} runs of the same raw kubectl`
    + ` command as the same user, each after ${WARM_UP} warm-ups.`);
  console.log(`   One pod (target: <= ${ONE_POD_TARGET_MS} ms p50 for one pod, the in-process Go peer's time):`);
  for (const s of onePod) console.log(await scenarioLine(opts, s));
  const peer = await measurePeer(cluster, { binary: opts.peerBinary, iterations: opts.toolIterations, namespace: ns, pod });
  const label = '     Go peer kubernetes-mcp-server, pods_get one pod:';
  console.log('reason' in peer ? `${label} not measured here: ${peer.reason}; its target stands: p50 <= ${ONE_POD_TARGET_MS} ms`
    : `${label} p50 ${ms(peer.p50)} p95 ${ms(peer.p95)} (same client loop, admin kubeconfig)`);
  console.log('   Larger reads:');
  for (const s of larger) console.log(await scenarioLine(opts, s));
}
