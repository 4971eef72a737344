// The chat page as the backend serves it (the same HTML, bootstrap, Vue and bundle files), with a scripted stand-in
// for the backend's API behind it: signed in, a model, an empty history, and a WebSocket the benchmark drives. The
// page cannot tell it from the backend, so what is measured is the UI alone: from an event arriving to its paint.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { ServerEvent } from '../../extension-backend/protocol/src';
import { WebSocketServer, type WebSocket } from 'ws';
import { ensureBuilt } from '../../toolchain/services';

const ROOT = join(__dirname, '..', '..');
const API: Record<string, unknown> = {
  '/api/me': { name: 'bench', groups: [], mode: 'standalone' },
  '/api/models': { url: 'http://ollama', reachable: true, available: ['qwen3:8b'], configured: [{ name: 'qwen3:8b', installed: true }] },
  '/readyz': { ready: true, checks: { ollama: { ok: true }, mcp: { ok: true } } },
  '/api/sessions': { sessions: [] },
};

export interface PageServer {
  url: string;
  /** Resolves with the socket of the next page that connects. */
  nextSocket(): Promise<PageSocket>;
  close(): Promise<void>;
}

export interface PageSocket {
  send(events: ServerEvent[]): void;
}

interface StandaloneRoutes {
  standalonePage(bundle: { name: string; version: string }): string;
  standaloneBootstrap(bundle: { name: string; version: string }): string;
}

/** The backend's page and bootstrap, from its build (its sources need the backend's own module resolution). */
function loadStandaloneRoutes(): StandaloneRoutes {
  ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
  return require(join(ROOT, 'extension-backend', 'dist', 'http', 'standalone-routes.js')) as StandaloneRoutes;
}

export async function startPageServer(bundleDir: string): Promise<PageServer> {
  const { standaloneBootstrap, standalonePage } = loadStandaloneRoutes();
  const { name, version } = JSON.parse(readFileSync(join(bundleDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const vue = readFileSync(join(ROOT, 'node_modules', 'vue', 'dist', 'vue.global.prod.js'));
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = API[path];
    if (json) return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    if (path === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(standalonePage({ name, version }));
    if (path === '/standalone.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(standaloneBootstrap({ name, version }));
    if (path === '/vendor/vue.global.prod.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(vue);
    const file = normalize(path.replace(/^\/extension\/plugin\//, '/'));
    if (path.startsWith('/extension/plugin/') && !file.includes('..')) {
      const body = await readFile(join(bundleDir, file)).catch(() => undefined);
      if (body) return res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(body);
    }
    res.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ server, path: '/ws' });
  const waiting: ((socket: PageSocket) => void)[] = [];
  sockets.on('connection', (ws: WebSocket) => {
    const socket: PageSocket = { send: (events) => { for (const event of events) ws.send(JSON.stringify(event)); } };
    waiting.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${ (server.address() as AddressInfo).port }/`,
    nextSocket: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.close(() => resolve());
    }),
  };
}
