// HTTP transports: Streamable HTTP at /mcp (one MCP server per session), legacy HTTP+SSE at /sse + /messages,
// and /healthz, /readyz, /metrics. Every MCP request needs the backend's bearer token; the user it acts for comes
// from the identity headers of that same authenticated request, and a session serves only the identity that opened it.
// /metrics needs the token too (unless http.metricsOpen); /readyz answers anyone, with its checks only to the backend.
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { IdentityError, identityFromHeaders, identityKey, type Identity } from './identity';
import type { StrictMcpServer } from './protocol-guard';
import { checkReadiness } from './readiness';
import type { Runtime } from './runtime';
import { buildServer } from './server';

const MAX_BODY = '2mb';
const SESSION_IDLE_MS = 30 * 60_000;

interface Session {
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  server: StrictMcpServer;
  lastUsed: number;
  /** identityKey of the identity that opened the session: the only one it serves. */
  owner: string;
}

type AuthedRequest = Request & { auth: AuthInfo };

const identityOf = (req: Request): Identity => (req as AuthedRequest).auth.extra!.identity as Identity;

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** JSON-RPC's own codes where one fits (parse error, invalid request); else -32001 for auth refusals, -32000 for the rest. */
function jsonRpcError(res: Response, status: number, message: string, code = status === 401 || status === 403 ? -32001 : -32000): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/** JSON-RPC batches exist only in protocol 2025-03-26, and only Streamable HTTP takes them (the SDK would accept any). */
function refusesBatch(req: Request, res: Response, session: Session): boolean {
  if (!Array.isArray(req.body)) return false;
  const sse = session.transport instanceof SSEServerTransport;
  if (!sse && session.server.allowsBatches) return false;
  const why = sse
    ? 'the HTTP+SSE transport takes one JSON-RPC message per request, not a batch'
    : `MCP ${session.server.protocolVersion ?? 'before initialize'} has no JSON-RPC batches (only 2025-03-26 had them); send one message per request`;
  jsonRpcError(res, 400, why, ErrorCode.InvalidRequest);
  return true;
}

export function buildHttpApp(rt: Runtime) {
  const app = express();
  app.disable('x-powered-by');
  const sessions = new Map<string, Session>();

  /** The backend's bearer token, presented once (a repeated Authorization header is refused by identityFromHeaders). */
  const hasBearer = (req: Request): boolean => {
    // The scheme is case-insensitive (RFC 7235 §2.1): "bearer x" is as good as "Bearer x".
    const presented = /^bearer +(.*)$/i.exec(req.header('authorization') ?? '')?.[1].trim() ?? '';
    return presented !== '' && sameSecret(presented, rt.config.http.authToken!);
  };

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const origin = req.header('origin');
    if (origin && !rt.config.http.allowedOrigins.includes(origin)) return jsonRpcError(res, 403, `origin ${origin} is not allowed`);
    if (!hasBearer(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return jsonRpcError(res, 401, 'missing or wrong bearer token');
    }
    try {
      const identity = identityFromHeaders(rt.config, req);
      (req as AuthedRequest).auth = { token: 'backend', clientId: 'drover-backend', scopes: [], extra: { identity } };
    } catch (err) {
      if (err instanceof IdentityError) return jsonRpcError(res, 400, err.message);
      throw err;
    }
    next();
  };

  /** A request on a session must come from the identity that opened it (user, groups, Rancher token, cluster). */
  const ownedBy = (session: Session, req: Request, res: Response): boolean => {
    if (session.owner === identityKey(identityOf(req))) return true;
    jsonRpcError(res, 403, 'this MCP session was opened for another user (or groups, token, cluster); open a session of your own');
    return false;
  };

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The kubelet probes without a token: it gets the verdict; the checks (versions, cluster errors) only with the token.
  app.get('/readyz', async (req, res) => {
    const readiness = await checkReadiness(rt);
    res.status(readiness.ready ? 200 : 503).json(hasBearer(req) ? readiness : { ready: readiness.ready });
  });
  app.get('/metrics', async (req, res) => {
    if (!rt.config.http.metricsOpen && !hasBearer(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return void res.status(401).type('text/plain').send('missing or wrong bearer token (or set http.metricsOpen)\n');
    }
    res.setHeader('Content-Type', rt.metrics.registry.contentType);
    res.send(await rt.metrics.registry.metrics());
  });

  app.post('/mcp', express.json({ limit: MAX_BODY }), authenticate, async (req, res) => {
    const id = req.header('mcp-session-id');
    let session = id ? sessions.get(id) : undefined;
    if (id && !session) return jsonRpcError(res, 404, 'unknown or expired MCP session; initialize a new one');
    if (session && (!ownedBy(session, req, res) || refusesBatch(req, res, session))) return;
    if (!session) {
      if (!isInitializeRequest(req.body)) return jsonRpcError(res, 400, 'the first request of a session must be initialize');
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sid) => {
          sessions.set(sid, created);
        },
      });
      const created: Session = { transport, server: buildServer(rt), lastUsed: Date.now(), owner: identityKey(identityOf(req)) };
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await created.server.connect(transport);
      session = created;
    }
    session.lastUsed = Date.now();
    await (session.transport as StreamableHTTPServerTransport).handleRequest(req, res, req.body);
  });
  const existing = async (req: Request, res: Response) => {
    const id = req.header('mcp-session-id');
    if (!id) return jsonRpcError(res, 400, 'Mcp-Session-Id header is required');
    const session = sessions.get(id);
    if (!session || !(session.transport instanceof StreamableHTTPServerTransport))
      return jsonRpcError(res, 404, 'unknown or expired MCP session');
    if (!ownedBy(session, req, res)) return;
    session.lastUsed = Date.now();
    await session.transport.handleRequest(req, res);
  };
  app.get('/mcp', authenticate, existing);
  app.delete('/mcp', authenticate, existing);

  // Legacy HTTP+SSE (protocol 2024-11-05) for older clients.
  app.get('/sse', authenticate, async (req, res) => {
    const transport = new SSEServerTransport('/messages', res);
    const session: Session = { transport, server: buildServer(rt), lastUsed: Date.now(), owner: identityKey(identityOf(req)) };
    sessions.set(transport.sessionId, session);
    res.on('close', () => {
      sessions.delete(transport.sessionId);
      void session.server.close();
    });
    await session.server.connect(transport);
  });
  app.post('/messages', express.json({ limit: MAX_BODY }), authenticate, async (req, res) => {
    const session = sessions.get(String(req.query.sessionId ?? ''));
    if (!session || !(session.transport instanceof SSEServerTransport)) return jsonRpcError(res, 404, 'unknown SSE session');
    if (!ownedBy(session, req, res) || refusesBatch(req, res, session)) return;
    session.lastUsed = Date.now();
    await session.transport.handlePostMessage(req, res, req.body);
  });

  app.use((err: Error & { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') return jsonRpcError(res, 413, 'request body too large');
    if (err.type === 'entity.parse.failed') return jsonRpcError(res, 400, 'request body is not valid JSON', ErrorCode.ParseError);
    rt.log.error({ err }, 'http request failed');
    if (!res.headersSent) jsonRpcError(res, 500, 'internal error');
  });

  const sweep = setInterval(() => {
    const cutoff = Date.now() - SESSION_IDLE_MS;
    for (const [sid, s] of sessions)
      if (s.lastUsed < cutoff) {
        sessions.delete(sid);
        void s.server.close();
      }
  }, 60_000);
  sweep.unref();

  const close = async () => {
    clearInterval(sweep);
    await Promise.all([...sessions.values()].map((s) => s.server.close()));
    sessions.clear();
    await rt.gateway.close();
  };
  return { app, sessions, close };
}

export function listen(rt: Runtime): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const { app, close } = buildHttpApp(rt);
  return new Promise((resolve, reject) => {
    const server = app.listen(rt.config.http.port, rt.config.http.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : rt.config.http.port;
      resolve({
        server,
        port,
        close: async () => {
          await close();
          await new Promise((r) => server.close(() => r(undefined)));
        },
      });
    });
    server.once('error', reject);
  });
}
