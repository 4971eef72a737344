// A hung API server: reads and kubectl must be stopped at the deadline, a cancelled call must kill its kubectl, and
// a server killed outright (SIGKILL) must take its kubectl processes with it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ensureBuilt, startMcpServer } from '../../toolchain/services';
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

/** Direct children of `parent` that run kubectl (setpriv executes kubectl in place), found through /proc. */
function kubectlChildren(parent = process.pid): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === parent && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === cluster.tools.kubectl;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return false;
  }
};

/** Polls until `done` holds or the deadline passes (process exits have no event a test can wait on). */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const hungConfig = (timeoutSeconds: number) =>
  testConfig({
    identity: { mode: 'rancher', rancherUrl: url, rancherCaFile: cluster.caFile, kubeconfig: undefined },
    limits: { timeoutSeconds },
  });
const rancherUser = { mode: 'rancher' as const, user: 'u-viewer', token: 'token-viewer:abc', cluster: 'local' };

describe('timeouts and cancellation', () => {
  it('gives up on a read at the deadline and says so', async () => {
    const mcp = await connect({ identity: rancherUser, config: hungConfig(2) });
    try {
      const res = await mcp.call('k8s_get', { kind: 'pods', namespace: 'default' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toBe("could not read the cluster's API discovery: the API server did not answer within 2 s");
    } finally {
      await mcp.close();
    }
  });

  it('stops kubectl at the deadline and says how to narrow the request', async () => {
    const mcp = await connect({ identity: rancherUser, config: hungConfig(2) });
    try {
      const res = await mcp.call('k8s_top', { what: 'nodes' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/did not finish within 2 s and was stopped|Client\.Timeout|timeout|deadline exceeded/i);
      expect(kubectlChildren()).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it('kills kubectl when the client cancels the call', async () => {
    const mcp = await connect({ identity: rancherUser, config: hungConfig(60) });
    try {
      const controller = new AbortController();
      const call = mcp.client.callTool({ name: 'k8s_top', arguments: { what: 'nodes' } }, undefined, {
        signal: controller.signal,
      }) as Promise<CallToolResult>;
      await until(() => kubectlChildren().length > 0, 10_000);
      const started = kubectlChildren();
      expect(started.length).toBeGreaterThan(0);
      controller.abort();
      await expect(call).rejects.toThrow();
      await until(() => !started.some(alive), 5_000);
      expect(started.filter(alive)).toEqual([]);
      await until(() => existsSync(mcp.rt.config.audit.file!) && mcp.audit().at(-1)?.tool === 'k8s_top', 5_000);
      expect(mcp.audit().at(-1)).toMatchObject({ tool: 'k8s_top', result: 'cancelled' });
    } finally {
      await mcp.close();
    }
  });
});

describe('a server killed outright', () => {
  it('leaves no process of its own behind', async () => {
    ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
    const config = hungConfig(60);
    const server = await startMcpServer(
      [],
      {
        PATH: process.env.PATH,
        DROVER_MCP_AUTH_TOKEN: config.http.authToken,
        DROVER_MCP_PORT: '0',
        DROVER_MCP_MODE: 'read-only',
        DROVER_MCP_IDENTITY_MODE: 'rancher',
        DROVER_MCP_RANCHER_URL: url,
        DROVER_MCP_RANCHER_CA_FILE: cluster.caFile,
        DROVER_MCP_KUBECTL: cluster.tools.kubectl,
        DROVER_MCP_HELM: cluster.tools.helm,
        DROVER_MCP_CACHE_DIR: config.cacheDir,
      },
      join(config.cacheDir, '..', 'server.log'),
    );
    const client = new Client({ name: 'kill-test', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${server.port}/mcp`), {
        requestInit: {
          headers: {
            Authorization: `Bearer ${config.http.authToken}`,
            'X-Drover-User': 'u-viewer',
            'X-Drover-Rancher-Token': 'token-viewer:abc',
            'X-Drover-Cluster': 'local',
          },
        },
      }),
    );
    const call = client.callTool({ name: 'k8s_top', arguments: { what: 'nodes' } });
    call.catch(() => undefined); // the server dies under it
    await until(() => kubectlChildren(server.pid).length > 0, 10_000);
    const children = kubectlChildren(server.pid);
    expect(children.length).toBeGreaterThan(0);
    process.kill(server.pid, 'SIGKILL');
    await until(() => !alive(server.pid) && !children.some(alive), 5_000);
    expect(alive(server.pid)).toBe(false);
    expect(children.filter(alive)).toEqual([]);
    await client.close().catch(() => undefined);
  });
});
