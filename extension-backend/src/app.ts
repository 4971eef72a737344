// buildApp(): the HTTP and WebSocket API around the services, without listening (tests start it on port 0).
// Probes, metrics and the UI bundle are open; everything under /api and /ws needs an authenticated user and is rate-limited per user.
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config';
import { requireUser } from './http/auth';
import { registerChatRoutes } from './http/chat-routes';
import { chatSocketHandler } from './http/chat-socket';
import { errorBody } from './http/errors';
import { readExtensionBundle, registerExtensionRoutes } from './http/extension-routes';
import { registerHealthRoutes } from './http/health-routes';
import { registerInfoRoutes } from './http/info-routes';
import { registerReadRoutes } from './http/read-routes';
import { registerSessionRoutes } from './http/session-routes';
import { registerStandaloneRoutes } from './http/standalone-routes';
import type { Authenticator } from './identity/types';
import type { LlmProvider } from './llm/provider';
import type { ToolRouter } from './mcp/tool-router';
import type { Metrics } from './observability/metrics';
import type { SessionManager } from './sessions/manager';
import type { ConversationStore } from './store/types';

export interface AppDeps {
  config: Config;
  log: Logger;
  metrics: Metrics;
  authenticator: Authenticator;
  manager: SessionManager;
  store: ConversationStore;
  router: ToolRouter;
  provider: LlmProvider;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, metrics } = deps;
  // pino's Logger is what Fastify logs with; typed as Fastify's base logger so plugins and routes agree on one type.
  const app = fastify({ loggerInstance: deps.log as FastifyBaseLogger, bodyLimit: config.http.bodyLimitBytes });

  // Client mistakes keep their message; server faults are logged and answered without details.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return reply.code(500).send(errorBody('internal', 'Something went wrong on the server.'));
    }
    return reply.code(status).send(errorBody(status === 429 ? 'rate_limited' : 'bad_request', err.message));
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });

  await app.register(websocket, { options: { maxPayload: config.http.bodyLimitBytes } });
  registerHealthRoutes(app, deps.provider, deps.router, metrics);

  await app.register(async (api) => {
    requireUser(api, deps.authenticator);
    await api.register(rateLimit, {
      max: config.http.requestsPerMinute,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => request.user?.id ?? request.ip,
    });
    api.get('/ws', { websocket: true }, chatSocketHandler(deps.manager, metrics, deps.log));
    registerChatRoutes(api, deps.manager);
    registerSessionRoutes(api, deps.manager, deps.store);
    registerInfoRoutes(api, config, deps.router, deps.provider);
    registerReadRoutes(api, config, deps.router);
  });
  // The extension's bundle is served outside the authenticated scope: Rancher fetches it without a user; the
  // standalone page loads it before anyone signs in.
  const bundle = config.ui.bundleDir ? readExtensionBundle(config.ui.bundleDir) : undefined;
  await registerExtensionRoutes(app, bundle);
  if (config.auth.mode === 'standalone') await registerStandaloneRoutes(app, deps.authenticator, bundle);
  return app;
}
