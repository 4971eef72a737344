// What the UI's unit tests share: the real English translations, a host for a test page, a scripted backend (a
// real HTTP and WebSocket server on 127.0.0.1 that tests drive: what it answers, which events it pushes) and a
// mount helper that puts a component inside a chat, as the panel does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientMessage, ServerEvent } from '@drover/protocol';
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { ref, type Component } from 'vue';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { ChatController, type ControllerOptions } from '../../chat/controller';
import { chatPlugin } from '../../composables/useDrover';
import { createTranslator } from '../../host/translator';
import type { DroverHost, PageScope } from '../../host/types';
import messages from '../../l10n/en-us.yaml';

export const t = createTranslator(messages);

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> };

/** What Rancher's service proxy answers a user without the chart's "Drover user" global role: a Kubernetes Status. */
export const PROXY_REFUSAL = {
  status: 403,
  json:   {
    kind:       'Status',
    apiVersion: 'v1',
    status:     'Failure',
    reason:     'Forbidden',
    code:       403,
    message:    'services "drover-backend" is forbidden: User "u-abc" cannot get resource "services/proxy" in API group "" in the namespace "cattle-system"',
  },
} satisfies Reply;

/** A backend stand-in that speaks the protocol over real sockets; tests script it. */
export interface ScriptedBackend {
  url: string;
  /** Answers for `METHOD /path` (query included); unanswered paths get 404. */
  answer(route: string, reply: Reply | ((request: RecordedRequest) => Reply)): void;
  requests: RecordedRequest[];
  /** Messages the client sent on any socket, in order. */
  received: ClientMessage[];
  /** Resolves with the next client message of that type (or any type). */
  nextMessage(type?: ClientMessage['type']): Promise<ClientMessage>;
  /** Sends events to every open socket. */
  push(...events: ServerEvent[]): void;
  /** Closes every open socket (the backend restarts, a proxy drops the connection). */
  dropSockets(): void;
  sockets(): number;
  close(): Promise<void>;
}

export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const routes = new Map<string, Reply |((request: RecordedRequest) => Reply)>();
  const requests: RecordedRequest[] = [];
  const received: ClientMessage[] = [];
  const waiting: { type?: string; resolve: (m: ClientMessage) => void }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';

    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET', url: req.url ?? '/', body: data ? JSON.parse(data) : undefined
      };

      requests.push(request);
      const route = routes.get(`${ request.method } ${ request.url }`);
      const reply = typeof route === 'function' ? route(request) : route;

      if (!reply) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({
          error: {
            code: 'not_found', message: `no ${ request.url }`, retryable: false
          }
        }));

        return;
      }
      const body = reply.json !== undefined ? JSON.stringify(reply.json) : reply.text ?? '';

      res.writeHead(reply.status ?? 200, { 'Content-Type': reply.json !== undefined ? 'application/json' : 'text/plain', ...reply.headers }).end(body);
    });
  });
  const wss = new WebSocketServer({ server, path: '/ws' });

  wss.on('connection', (socket: NodeWebSocket) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as ClientMessage;

      received.push(message);
      const index = waiting.findIndex((w) => !w.type || w.type === message.type);

      if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url:    `http://127.0.0.1:${ port }`,
    answer: (route, reply) => {
      routes.set(route, reply);
    },
    requests,
    received,
    nextMessage: (type) => new Promise((resolve) => waiting.push({ type, resolve })),
    push:        (...events) => {
      for (const socket of wss.clients) for (const event of events) socket.send(JSON.stringify(event));
    },
    dropSockets: () => {
      for (const socket of wss.clients) socket.terminate();
    },
    sockets: () => [...wss.clients].filter((s) => s.readyState === NodeWebSocket.OPEN).length,
    close:   () => new Promise((resolve) => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export function testHost(backendUrl = 'http://127.0.0.1:9', scope: PageScope = { cluster: 'local', namespaces: ['shop'] }): DroverHost {
  return {
    kind:         'standalone',
    t,
    backendUrl:   (path) => `${ backendUrl }/${ path }`,
    socketUrl:    () => `${ backendUrl.replace(/^http/, 'ws') }/ws`,
    scope:        ref(scope),
    resourceLink: (r) => ({ href: `#/${ r.kind }/${ r.namespace ?? '' }/${ r.name }` }),
    editLink:     () => undefined,
  };
}

/** A host like Rancher's where it matters here: the backend behind a role-gated proxy, its URLs found asynchronously. */
export function roleGatedHost(backendUrl: string, extra: Partial<DroverHost> = {}): DroverHost {
  const host = testHost(backendUrl);

  return {
    ...host, isRoleGated: true, backendUrl: async(path) => host.backendUrl(path), socketUrl: async() => host.socketUrl(), ...extra
  };
}

/** Browser storage for a test: a Map behind the Storage calls the controller makes. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();

  return {
    get length() {
      return items.size;
    },
    clear:      () => items.clear(),
    getItem:    (key) => items.get(key) ?? null,
    key:        (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, String(value));
    },
  };
}

/** A controller talking to `backend` (or to nothing, for components that only read state), with Node's fetch. */
export function testController(backend?: ScriptedBackend, options: ControllerOptions = {}, host = testHost(backend?.url)): ChatController {
  return new ChatController(host, {
    fetchImpl:      (...args) => fetch(...args),
    sessionStorage: memoryStorage(),
    localStorage:   memoryStorage(),
    ...options,
    connection:     {
      WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket, initialDelayMs: 20, maxDelayMs: 200, ...options.connection
    },
  });
}

/** Mounts a component inside a chat (what ChatPanel provides to everything below it). */
export function mountInChat<C extends Component>(component: C, controller: ChatController, options: ComponentMountingOptions<C> = {}) {
  const plugins = [...(options.global?.plugins ?? []), chatPlugin(controller)];

  return mount(component, { ...options, global: { ...options.global, plugins } } as ComponentMountingOptions<C>);
}

/** Resolves once `check` holds, polling the event loop (state changes arrive over real sockets). */
export async function until(check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${ what }`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
