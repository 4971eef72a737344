// The per-identity kubectl proxies that serve reads: one per user, private, read-only, restarted when they die.
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { createRuntime } from '../../src/runtime-factory';
import type { Runtime } from '../../src/runtime';
import { EDITOR, testConfig, VIEWER, connect, textOf } from '../support/harness';

function send(socket: string, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method, path, headers: { Host: 'localhost', 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function proxyPid(socket: string): number {
  const pids = readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(/\s+/).map(Number);
  const pid = pids.find((p) => { try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(socket); } catch { return false; } });
  if (!pid) throw new Error(`no kubectl proxy process for ${socket}`);
  return pid;
}

describe('per-identity API proxies', () => {
  let rt: Runtime;
  beforeEach(() => { rt = createRuntime(testConfig()); });
  afterEach(() => rt.proxies.closeAll());

  it('starts one proxy per identity and reuses it', async () => {
    const [a, b, c] = await Promise.all([rt.proxies.socketFor(VIEWER), rt.proxies.socketFor(VIEWER), rt.proxies.socketFor(EDITOR)]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('keeps the socket in a folder only this user can enter', async () => {
    const socket = await rt.proxies.socketFor(VIEWER);
    expect(statSync(dirname(socket)).mode & 0o777).toBe(0o700);
  });

  it('answers reads as the user, and refuses every other method even to someone who reaches the socket', async () => {
    const socket = await rt.proxies.socketFor(VIEWER);
    expect((await send(socket, 'GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await send(socket, 'GET', '/api/v1/namespaces/default/secrets')).status).toBe(403);
    const write = await send(socket, 'POST', '/api/v1/namespaces/default/configmaps',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'through-the-proxy' } }));
    // The proxy's own refusal is plain text; an RBAC denial would be a JSON Status from the API server.
    expect(write).toEqual({ status: 403, text: 'Forbidden\n' });
    expect(await send(socket, 'DELETE', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt')).toEqual({ status: 403, text: 'Forbidden\n' });
  });

  it('starts a new proxy when the old one died', async () => {
    const first = await rt.proxies.socketFor(VIEWER);
    const pid = proxyPid(first);
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const second = await rt.proxies.socketFor(VIEWER);
    expect(second).not.toBe(first);
    expect((await send(second, 'GET', '/version')).status).toBe(200);
  });

  it('stops every proxy on close', async () => {
    const pid = proxyPid(await rt.proxies.socketFor(VIEWER));
    await rt.proxies.closeAll();
    expect(alive(pid)).toBe(false);
  });

  it('keeps tools working through a proxy restart', async () => {
    const mcp = await connect({ identity: VIEWER });
    try {
      expect((await mcp.call('k8s_get', { kind: 'namespaces', name: 'default' })).isError).toBeFalsy();
      const pid = proxyPid(await mcp.rt.proxies.socketFor(VIEWER));
      process.kill(pid, 'SIGKILL');
      while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      const again = await mcp.call('k8s_get', { kind: 'namespaces', name: 'default' });
      expect(textOf(again)).toMatch(/^default\s+Active/m);
    } finally {
      await mcp.close();
    }
  });
});
