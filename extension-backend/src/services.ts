// The long-lived parts of the backend, built from the configuration once: store, model chain, MCP router, sessions.
import type { Logger } from 'pino';
import type { AppDeps } from './app';
import { numCtxFor, type Config } from './config';
import { authenticatorFor } from './identity/from-config';
import { ModelChain } from './llm/model-chain';
import { createOllamaProvider } from './llm/ollama';
import { ToolRouter, type ServerSpec } from './mcp/tool-router';
import { createMetrics } from './observability/metrics';
import { SessionManager } from './sessions/manager';
import { openSqliteStore } from './store/sqlite';

export type Services = AppDeps & { close(): Promise<void> };

export function createServices(config: Config, log: Logger): Services {
  const store = openSqliteStore(config.store.path);
  const metrics = createMetrics();
  const { ollama, mcp } = config;
  const provider = createOllamaProvider({
    url: ollama.url,
    keepAlive: ollama.keepAlive,
    think: ollama.think,
    firstByteTimeoutMs: ollama.firstByteTimeoutSeconds * 1000,
    idleTimeoutMs: ollama.idleTimeoutSeconds * 1000,
  });
  const llm = new ModelChain(provider, {
    models: [ollama.model, ...ollama.fallbackModels],
    numCtxFor: (m) => numCtxFor(config, m),
    pullMissing: ollama.pullMissing,
  });
  const servers: ServerSpec[] = [
    { prefix: '', label: "Drover's MCP server", url: mcp.url, token: mcp.token!, isDrover: true },
    ...mcp.servers.map((s) => ({ prefix: s.name, label: `MCP server ${s.name}`, url: s.url, token: s.token ?? '', isDrover: false })),
  ];
  const router = new ToolRouter(servers, mcp.callTimeoutSeconds * 1000, log);
  const manager = new SessionManager({ config, store, llm, router, log, observe: metrics.observe });
  const authenticator = authenticatorFor(config.auth);
  return {
    config,
    log,
    metrics,
    authenticator,
    manager,
    store,
    router,
    provider,
    async close() {
      await manager.shutdown();
      router.close();
      store.close();
    },
  };
}
