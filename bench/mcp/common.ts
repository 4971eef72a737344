// Helpers shared by the MCP benchmark's sections: samples and their percentiles, timing, the MCP server under test
// (built from mcp-server/src when its dist/ is older) and client sessions to it over Streamable HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Cluster } from '../../tests/cluster';

export const ROOT = resolve(__dirname, '..', '..');
const MCP_DIR = join(ROOT, 'mcp-server');
const MCP_MAIN = join(MCP_DIR, 'dist', 'main.js');
export const TOKEN = 'bench-backend-token-0123456789';
/** The user every MCP session of the benchmark acts as (the server impersonates it). */
export const MCP_USER = 'viewer';

export type Sample = number[];

export function percentile(xs: Sample, p: number): number {
  if (!xs.length) return NaN;
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
}

export const median = (xs: Sample) => percentile(xs, 50);

/** A duration in milliseconds, right-aligned; `digits` decimals. */
export const ms = (n: number, digits = 1) => `${n.toFixed(digits).padStart(5 + digits)} ms`;

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

export function textOf(res: CallToolResult): string {
  return res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);
}

/** Builds mcp-server/dist when it is missing or older than its sources; an older build is used if the build fails. */
function ensureBuilt(): void {
  if (existsSync(MCP_MAIN) && statSync(MCP_MAIN).mtimeMs >= newestMtime(join(MCP_DIR, 'src'))) return;
  console.log('building the MCP server (dist/ is missing or older than src/)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: MCP_DIR, stdio: 'inherit' });
  if (build.status === 0) return;
  if (!existsSync(MCP_MAIN)) throw new Error('building the MCP server failed');
  console.log('   the build failed: measuring the previous build in mcp-server/dist');
}

export interface McpServer {
  child: ChildProcess;
  port: number;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
}

/** The real server (dist/main.js) as a child process, impersonating each session's user with the MCP ServiceAccount. */
export function startServer(cluster: Cluster): Promise<McpServer> {
  return launchServer([`--kubeconfig=${cluster.users.mcp.kubeconfigPath}`, `--kubectl=${cluster.tools.kubectl}`, `--helm=${cluster.tools.helm}`,
    '--max-concurrent=8']);
}

/** The real server (dist/main.js) with these flags, on a free port; resolves once it listens. */
export async function launchServer(flags: string[]): Promise<McpServer> {
  ensureBuilt();
  const child = spawn(process.execPath, [MCP_MAIN, '--port=0', `--cache-dir=${mkdtempSync(join(tmpdir(), 'bench-mcp-cache-'))}`,
    '--log-level=info', ...flags], { env: { PATH: process.env.PATH, DROVER_MCP_AUTH_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch { /* not a log line */ }
    }
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    const poll = setInterval(() => {
      const listening = logs.find((entry) => entry.msg === 'drover-mcp listening');
      if (listening) {
        clearInterval(poll);
        resolvePort(listening.port as number);
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`the MCP server exited with ${code}`));
    });
  });
  return { child, port, logs };
}

export async function session(port: number, user = MCP_USER): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}`, 'X-Drover-User': user } },
  }));
  return client;
}

/** One tool call; a result marked isError is thrown, so a broken scenario is not timed as a fast one. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const res = await client.callTool({ name, arguments: args }) as CallToolResult;
  if (res.isError) throw new Error(`${name}: ${textOf(res).slice(0, 300)}`);
  return res;
}
