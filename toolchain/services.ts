// Drover's own services for the main job: build when sources changed, start, wait until they listen, stop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const READY_TIMEOUT_MS = 30_000;

/** Newest modification time under a source folder (dependencies and dot-folders, e.g. the .shell link of a package, left out). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run <script>` in a package (root: '.') when `output` is missing or older than any of its sources. */
function buildIfStale(pkg: string, output: string, sources: string[], script: string[]): void {
  const out = join(ROOT, pkg, output);
  const stale = !existsSync(out) || sources.some((s) => newestMtime(join(ROOT, s)) > statSync(out).mtimeMs);
  if (!stale) return;
  process.stderr.write(`Building ${pkg === '.' ? script.join(' ') : pkg}…\n`); // stderr: stdout may be a command's data (drover ask --json)
  const res = spawnSync('npm', ['run', '--silent', ...script], { cwd: join(ROOT, pkg), stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`building ${pkg === '.' ? 'the UI extension' : pkg} failed; run \`npm run ${script.join(' ')}\` in ${pkg} to see why`);
}

/** Runs `npm run build` in a package when its output is missing or older than any of its sources. */
export function ensureBuilt(pkg: string, output: string, sources: string[]): void {
  buildIfStale(pkg, output, sources, ['build']);
}

/** The UI extension's build-pkg output (dist-pkg/drover-<version>), built when missing or stale; returns its folder. */
export function ensureUiBundle(): string {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'pkg', 'drover', 'package.json'), 'utf8')) as { name: string; version: string };
  const dir = `dist-pkg/${name}-${version}`;
  buildIfStale('.', `${dir}/${name}-${version}.umd.min.js`, ['pkg/drover', 'extension-backend/protocol/src'], ['build-pkg', name]);
  return join(ROOT, dir);
}

export interface Service {
  port: number;
  pid: number;
  stop: () => Promise<void>;
}

/**
 * Starts a Node service that logs JSON lines (pino) and announces `{ msg: <readyMessage>, port }` when listening.
 * Everything it prints goes to `logFile`; a service that exits first is reported with its last lines.
 */
function startService(name: string, main: string, args: string[], env: NodeJS.ProcessEnv, readyMessage: string,
                      logFile: string, nodeFlags: readonly string[] = []): Promise<Service> {
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, join(ROOT, main), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stderr!.on('data', remember);
  const stop = () => new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${READY_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      remember(chunk);
      for (const line of chunk.toString().split('\n')) {
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === readyMessage && entry.port) {
            clearTimeout(timer);
            resolveReady({ port: entry.port, pid: child.pid!, stop });
          }
        } catch {
          // not a JSON line
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before it was ready:\n${tail.join('\n')}`));
    });
  });
}

/** The built MCP server (mcp-server/dist/main.js) with command-line `args`. */
export function startMcpServer(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<Service> {
  return startService('the MCP server', 'mcp-server/dist/main.js', args, env, 'drover-mcp listening', logFile);
}

/**
 * Node's heap settings for the backend, in one place. Measured with `npm run bench:backend` (200 sessions × 10
 * turns, 2 cores): with V8's defaults the heap grows to ~400 MiB, mostly garbage, and RSS peaks at 360–570 MiB;
 * 8 MiB semi-spaces and an old generation capped at 192 MiB keep RSS near 200 MiB at the same throughput, with the
 * cap over 3× the live heap of 600 sessions in memory. A container sets the same flags through NODE_OPTIONS.
 */
export const BACKEND_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=192'] as const;

/** The built backend (extension-backend/dist/main.js); `nodeFlags` replaces BACKEND_NODE_FLAGS (the bench compares). */
export function startBackend(env: NodeJS.ProcessEnv, logFile: string, nodeFlags: readonly string[] = BACKEND_NODE_FLAGS): Promise<Service> {
  return startService('the backend', 'extension-backend/dist/main.js', [], env, 'drover-backend listening', logFile, nodeFlags);
}
