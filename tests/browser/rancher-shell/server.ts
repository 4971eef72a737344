// The harness's web server: the page standing in for Rancher's dashboard, the extension bundle under /pkg/<id>/
// (chunks load next to the main script, as from Rancher's /v1/uiplugins/…), and Rancher's Kubernetes service proxy
// path of the Drover backend forwarded, HTTP and WebSocket, to a real backend. Rancher's own API is not faked.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { HarnessPageConfig } from './contract';
import { buildHarness, type HarnessAssets } from './build';
import { ROOT_NODE_MODULES } from './paths';

/** Where the extension reaches its backend: the local cluster's service proxy (pkg/drover/utils/backend-url.ts). */
export const BACKEND_PROXY_PREFIX = '/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/';

export interface RancherHarnessOptions {
  /** A build-pkg output folder, e.g. dist-pkg/drover-0.1.0 (its package.json names the extension). */
  bundleDir: string;
  /** The Drover backend the service-proxy path forwards to, e.g. http://127.0.0.1:8055. */
  backendUrl: string;
  /** The Rancher session token the page holds (cookie R_SESS). */
  token: string;
}

export interface RancherHarness {
  /** The page; add `?theme=dark` for the dark theme. */
  url: string;
  /** `<name>-<version>`, the id Rancher gives the extension's script and global. */
  extensionId: string;
  close(): Promise<void>;
}

const VUE_GLOBAL = join(ROOT_NODE_MODULES, 'vue', 'dist', 'vue.global.prod.js');
const STATIC_TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.json': 'application/json', '.css': 'text/css' };

let harnessBuild: Promise<HarnessAssets> | undefined;

function pageHtml(config: HarnessPageConfig): string {
  // JSON in a script element: `<` escaped so no value can close the element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rancher (Drover harness)</title>
<link rel="stylesheet" href="/harness.css">
<script>window.__harnessConfig = ${ json };</script>
<script src="/vue.global.prod.js"></script>
<script src="/harness.js" defer></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}

function extensionIdOf(bundleDir: string): string {
  const manifest = join(bundleDir, 'package.json');
  if (!existsSync(manifest)) throw new Error(`${ bundleDir } holds no package.json: not a build-pkg output (npm run build-pkg drover at the repository root)`);
  const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
  return `${ name }-${ version }`;
}

async function sendFile(res: ServerResponse, file: string, contentType: string): Promise<void> {
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/** The upstream request for a proxied one: same method, path minus the proxy prefix, headers with the backend's Host. */
function upstreamRequest(req: IncomingMessage, backend: URL) {
  const path = `${ backend.pathname.replace(/\/$/, '') }/${ req.url!.slice(BACKEND_PROXY_PREFIX.length) }`;
  return request({ host: backend.hostname, port: backend.port, method: req.method, path, headers: { ...req.headers, host: backend.host } });
}

function rawHead(statusLine: string, rawHeaders: string[]): string {
  const lines = [statusLine];
  for (let i = 0; i < rawHeaders.length; i += 2) lines.push(`${ rawHeaders[i] }: ${ rawHeaders[i + 1] }`);
  return `${ lines.join('\r\n') }\r\n\r\n`;
}

export async function startRancherHarness(opts: RancherHarnessOptions): Promise<RancherHarness> {
  const bundleDir = resolve(opts.bundleDir);
  const extensionId = extensionIdOf(bundleDir);
  const backend = new URL(opts.backendUrl);
  const assets = await (harnessBuild ??= buildHarness());
  const bundlePrefix = `/pkg/${ extensionId }/`;
  const config: HarnessPageConfig = { extensionId, bundleUrl: `${ bundlePrefix }${ extensionId }.umd.min.js`, token: opts.token };
  const upgraded = new Set<Socket>();

  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://harness').pathname;
    if (req.url!.startsWith(BACKEND_PROXY_PREFIX)) {
      const upstream = upstreamRequest(req, backend);
      upstream.on('response', (answer) => { res.writeHead(answer.statusCode!, answer.rawHeaders); answer.pipe(res); });
      upstream.on('error', (err) => { if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' }); res.end(`harness proxy: ${ err.message }`); });
      req.pipe(upstream);
      return;
    }
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    if (path === '/') { res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pageHtml(config)); return; }
    if (path === '/vue.global.prod.js') { void sendFile(res, VUE_GLOBAL, 'text/javascript'); return; }
    const asset = assets.get(path);
    if (asset) { res.writeHead(200, { 'Content-Type': asset.contentType }).end(asset.contents); return; }
    if (path.startsWith(bundlePrefix)) {
      const file = resolve(bundleDir, decodeURIComponent(path.slice(bundlePrefix.length)));
      if (file.startsWith(bundleDir + sep)) { void sendFile(res, file, STATIC_TYPES[extname(file)] ?? 'application/octet-stream'); return; }
    }
    res.writeHead(404).end();
  });

  // WebSocket upgrades on the proxy path go to the backend; the two sockets are then joined as they are.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (!req.url!.startsWith(BACKEND_PROXY_PREFIX)) { socket.destroy(); return; }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const upstream = upstreamRequest(req, backend);
    upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
      upgraded.add(upstreamSocket);
      upstreamSocket.once('close', () => upgraded.delete(upstreamSocket));
      socket.write(rawHead(`HTTP/1.1 ${ answer.statusCode } ${ answer.statusMessage }`, answer.rawHeaders));
      if (upstreamHead.length) socket.write(upstreamHead);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
      socket.on('error', () => upstreamSocket.destroy());
      upstreamSocket.on('error', () => socket.destroy());
    });
    // The backend refused the upgrade (401, 429…): its answer goes back as is.
    upstream.on('response', (answer) => {
      socket.write(rawHead(`HTTP/1.1 ${ answer.statusCode } ${ answer.statusMessage }`, answer.rawHeaders));
      answer.pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  });

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${ port }/`,
    extensionId,
    close: () => new Promise<void>((done) => {
      for (const socket of upgraded) socket.destroy();
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}
