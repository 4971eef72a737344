// Runs the control plane's components as child processes: each logs to its own file, is probed until ready,
// and is reported with its last log lines when it fails. No shell is involved anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';

const STOP_GRACE_MS = 5_000;
const PROBE_INTERVAL_MS = 100;
const LOG_TAIL_LINES = 25;

/** Every component still running, so an unexpected exit of this process never leaves orphans behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ComponentError extends Error {}

export interface Component {
  name: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves once the process has exited (immediately if it already has). */
  exited: Promise<void>;
}

export function startComponent(name: string, binary: string, args: string[], logFile: string,
                               env: NodeJS.ProcessEnv = {}, cwd?: string): Component {
  // The component writes its log file itself: piping through this process would stall the component as soon as
  // this process stops reading (e.g. while it waits in spawnSync) and the pipe buffer fills.
  const log = openSync(logFile, 'a');
  const child = spawn(binary, args, {
    stdio: ['ignore', log, log],
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  closeSync(log);
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => { appendFileSync(logFile, `\n[drover] failed to start ${binary}: ${err.message}\n`); });
    child.once('close', () => { running.delete(child); resolve(); });
  });
  return { name, logFile, child, exited };
}

export async function stopComponent(c: Component): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), STOP_GRACE_MS);
  await c.exited;
  clearTimeout(timer);
}

export function tailOf(file: string, lines = LOG_TAIL_LINES): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

export function failure(c: Component, what: string, retryHint: string): ComponentError {
  return new ComponentError(
    `${c.name} ${what}.\n--- last lines of ${c.logFile} ---\n${tailOf(c.logFile)}\n---\nRetry with: ${retryHint}`);
}

export interface Probe {
  url: string;
  headers?: Record<string, string>;
}

/** One GET; true on HTTP 200. TLS is not verified: the probe only asks "is it up", nothing secret is sent. */
function probeOnce({ url, headers }: Probe): Promise<boolean> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(target, { method: 'GET', headers, rejectUnauthorized: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.end();
  });
}

/** Polls until the probe answers 200; fails early (with the log tail) if the process exits first. */
export async function waitReady(c: Component, probe: Probe, timeoutMs: number, retryHint: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void c.exited.then(() => { hasExited = true; });
  while (Date.now() < deadline) {
    if (hasExited) throw failure(c, `exited (code ${c.child.exitCode ?? c.child.signalCode}) before it was ready`, retryHint);
    if (await probeOnce(probe)) return;
    await sleep(PROBE_INTERVAL_MS);
  }
  throw failure(c, `did not become ready within ${timeoutMs / 1000} s (probe ${probe.url})`, retryHint);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Distinct free TCP ports on 127.0.0.1, all held open at once so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>(
    (resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
