// A hung API server: kubectl must be stopped at the deadline, and a cancelled call must kill its kubectl.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cluster, connect, testConfig, textOf } from './support/harness';

let tarpit: Server;
let url: string;
const sockets = new Set<{ destroy(): void }>();

beforeAll(async () => {
  // Accepts TLS connections and requests, and never answers: a hung API server.
  tarpit = createServer({ cert: readFileSync(cluster.caFile), key: readFileSync(`${cluster.dir}/pki/apiserver.key`) }, () => undefined);
  tarpit.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(tarpit.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => tarpit.close(resolve));
});

/** kubectl processes talking to the tarpit (their per-call kubeconfig names its address), found through /proc. */
function kubectlsOnTarpit(): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const kubeconfig = args.find((a) => a.startsWith('--kubeconfig='))?.slice('--kubeconfig='.length);
      return args[0] === cluster.tools.kubectl && kubeconfig !== undefined && readFileSync(kubeconfig, 'utf8').includes(url);
    } catch {
      return false;
    }
  }).map(Number);
}

const hungConfig = (timeoutSeconds: number) => testConfig({
  identity: { mode: 'rancher', rancherUrl: url, rancherCaFile: cluster.caFile, kubeconfig: undefined },
  limits: { timeoutSeconds },
});
const rancherUser = { mode: 'rancher' as const, user: 'u-viewer', token: 'token-viewer:abc', cluster: 'local' };

describe('timeouts and cancellation', () => {
  it('stops kubectl at the deadline and says how to narrow the request', async () => {
    const mcp = await connect({ identity: rancherUser, config: hungConfig(2) });
    try {
      const t0 = Date.now();
      const res = await mcp.call('k8s_get', { kind: 'pods', namespace: 'default' });
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/did not finish within 2 s and was stopped|Client\.Timeout|timeout/i);
      expect(kubectlsOnTarpit()).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it('kills kubectl when the client cancels the call', async () => {
    const mcp = await connect({ identity: rancherUser, config: hungConfig(60) });
    try {
      const controller = new AbortController();
      const call = mcp.client.callTool({ name: 'k8s_get', arguments: { kind: 'pods', namespace: 'default' } }, undefined, { signal: controller.signal }) as Promise<CallToolResult>;
      const deadline = Date.now() + 10_000;
      while (kubectlsOnTarpit().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(kubectlsOnTarpit().length).toBeGreaterThan(0);
      controller.abort();
      await expect(call).rejects.toThrow();
      const gone = Date.now() + 5_000;
      while (kubectlsOnTarpit().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
      expect(kubectlsOnTarpit()).toEqual([]);
      await new Promise((r) => setTimeout(r, 200));
      expect(mcp.audit().at(-1)).toMatchObject({ tool: 'k8s_get', result: 'cancelled' });
    } finally {
      await mcp.close();
    }
  });
});
