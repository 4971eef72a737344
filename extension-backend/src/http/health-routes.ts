// Probes and metrics, without authentication: /health (the process answers), /readyz (Ollama and the MCP server
// are reachable; 503 with the failing check otherwise), /metrics (Prometheus).
import type { Readiness } from '@drover/protocol';
import type { FastifyInstance } from 'fastify';
import type { LlmProvider } from '../llm/provider';
import type { ToolRouter } from '../mcp/tool-router';
import type { Metrics } from '../observability/metrics';

const CHECK_TIMEOUT_MS = 3_000;

async function check(run: (signal: AbortSignal) => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await run(AbortSignal.timeout(CHECK_TIMEOUT_MS));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export function registerHealthRoutes(app: FastifyInstance, provider: LlmProvider, router: ToolRouter, metrics: Metrics): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [ollama, mcp] = await Promise.all([check((s) => provider.listModels(s)), check((s) => router.ping(s))]);
    const ready = ollama.ok && mcp.ok;
    return reply.code(ready ? 200 : 503).send({ ready, checks: { ollama, mcp } } satisfies Readiness);
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
