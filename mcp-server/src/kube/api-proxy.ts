// Reads go to the API server through one long-lived `kubectl proxy` per identity instead of one kubectl process
// per read (each costs ~50 ms before it sends a byte). The proxy carries that identity's kubeconfig, listens on a
// Unix socket in a private 0700 folder (nothing else on the machine can use it), refuses every method but GET,
// and stops after a while without use.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { ToolError } from '../errors';
import { killNow, startDaemon, type Daemon } from '../exec/run';
import { identityKey, type Identity } from '../identity';
import { writeCallKubeconfig, type BaseCredentials } from './kubeconfig';

const IDLE_MS = 120_000;
const MAX_PROXIES = 32;
const START_TIMEOUT_MS = 15_000;

interface Proxy { socket: string; dir: string; daemon: Daemon; lastUsed: number }

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/version', method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.end();
  });
}

export class ApiProxies {
  private readonly proxies = new Map<string, Promise<Proxy>>();
  private readonly sweep: NodeJS.Timeout;
  private readonly killAll = () => { for (const p of this.started) killNow(p.daemon); };
  private readonly started = new Set<Proxy>();

  constructor(private readonly config: Config, private readonly kubectl: string, private readonly base: BaseCredentials | undefined,
              private readonly log: Logger) {
    this.sweep = setInterval(() => void this.closeIdle(), 30_000);
    this.sweep.unref();
    process.on('exit', this.killAll);
  }

  /** The socket of the proxy acting as this identity, started on first use. */
  async socketFor(identity: Identity): Promise<string> {
    const key = identityKey(identity);
    let pending = this.proxies.get(key);
    if (!pending) {
      pending = this.start(identity);
      this.proxies.set(key, pending);
      pending.catch(() => this.proxies.delete(key));
      await this.evictOverflow();
    }
    const proxy = await pending;
    proxy.lastUsed = Date.now();
    return proxy.socket;
  }

  private async start(identity: Identity): Promise<Proxy> {
    const dir = mkdtempSync(join(tmpdir(), 'drover-proxy-'));
    const kubeconfig = writeCallKubeconfig(dir, this.config, identity, this.base);
    const socket = join(dir, 'api.sock');
    const logFile = join(dir, 'proxy.log');
    const fd = openSync(logFile, 'a', 0o600);
    const daemon = startDaemon({
      file: this.kubectl,
      args: [`--kubeconfig=${kubeconfig}`, 'proxy', `--unix-socket=${socket}`, '--append-server-path=true',
        '--reject-methods=^(POST|PUT|PATCH|DELETE|CONNECT|OPTIONS)$', '--keepalive=30s'],
      env: { PATH: `${dirname(this.kubectl)}:/usr/bin:/bin`, HOME: dir },
      logFd: fd,
    });
    closeSync(fd);
    const proxy: Proxy = { socket, dir, daemon, lastUsed: Date.now() };
    this.started.add(proxy);
    const key = identityKey(identity);
    void daemon.exited.then((code) => {
      this.started.delete(proxy);
      rmSync(dir, { recursive: true, force: true });
      this.proxies.delete(key);
      this.log.debug({ code }, 'api proxy exited');
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (existsSync(socket) && await answers(socket)) return proxy;
      if (!this.started.has(proxy)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const why = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' ') : '';
    await daemon.stop();
    throw new ToolError(`could not reach the cluster: the API proxy did not start${why ? ` (${why})` : ''}`);
  }

  private async evictOverflow(): Promise<void> {
    if (this.proxies.size <= MAX_PROXIES) return;
    const ready = await Promise.all([...this.proxies.entries()].map(async ([key, p]) => [key, await p.catch(() => undefined)] as const));
    const oldest = ready.filter(([, p]) => p).sort(([, a], [, b]) => a!.lastUsed - b!.lastUsed)[0];
    if (oldest) {
      this.proxies.delete(oldest[0]);
      await oldest[1]!.daemon.stop();
    }
  }

  private async closeIdle(): Promise<void> {
    const cutoff = Date.now() - IDLE_MS;
    for (const proxy of [...this.started]) if (proxy.lastUsed < cutoff) await proxy.daemon.stop();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    process.off('exit', this.killAll);
    await Promise.all([...this.started].map((p) => p.daemon.stop()));
    this.proxies.clear();
  }
}
