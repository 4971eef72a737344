// The Go peer, containers/kubernetes-mcp-server (in-process client-go, no kubectl), measured with the same client
// loop when its binary is installed; otherwise the line says why it was not. Install it outside the repository:
//   GOBIN=~/.cache/drover/peers go install github.com/containers/kubernetes-mcp-server/cmd/kubernetes-mcp-server@latest
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Cluster } from '../../tests/cluster';
import { call, percentile, timed, type Sample } from './common';

export const PEER_BINARY = join(homedir(), '.cache', 'drover', 'peers', 'kubernetes-mcp-server');
const READY_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function connect(port: number): Promise<Client> {
  const deadline = Date.now() + READY_MS;
  for (;;) {
    const client = new Client({ name: 'bench', version: '0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
      return client;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`it did not answer on port ${port} within ${READY_MS / 1000} s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** p50 and p95 of the peer's pods_get for one pod, or why it was not measured. */
export async function measurePeer(cluster: Cluster, opts: { binary: string; iterations: number; namespace: string; pod: string }):
  Promise<{ p50: number; p95: number } | { reason: string }> {
  if (!existsSync(opts.binary)) {
    return { reason: `no binary at ${opts.binary} (install: GOBIN=${join('~', '.cache', 'drover', 'peers')} go install`
      + ' github.com/containers/kubernetes-mcp-server/cmd/kubernetes-mcp-server@latest; this machine\'s Go module proxy refused that module: 403)' };
  }
  const port = await freePort();
  const child = spawn(opts.binary, ['--port', String(port), '--kubeconfig', cluster.kubeconfigPath, '--read-only'], { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`it exited with ${code}`))));
  exited.catch(() => undefined);
  let client: Client | undefined;
  try {
    client = await Promise.race([connect(port), exited]);
    const latencies: Sample = [];
    for (let i = 0; i < opts.iterations + 3; i++) {
      const [dt] = await timed(() => call(client!, 'pods_get', { name: opts.pod, namespace: opts.namespace }));
      if (i >= 3) latencies.push(dt);
    }
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
  } catch (err) {
    return { reason: `${opts.binary}: ${(err as Error).message}` };
  } finally {
    await client?.close().catch(() => undefined);
    child.kill('SIGTERM');
  }
}
