// Who the user is (GET /api/me) and what the assistant can use: the user's tools (GET /api/tools) and the models
// (GET /api/models).
import type { Me, Models, ToolList } from '@drover/protocol';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { LlmProvider } from '../llm/provider';
import type { ToolRouter } from '../mcp/tool-router';
import { userOf } from './auth';

const MODEL_LIST_TIMEOUT_MS = 5_000;

export function registerInfoRoutes(app: FastifyInstance, config: Config, router: ToolRouter, provider: LlmProvider): void {
  app.get('/api/me', async (request): Promise<Me> => {
    const { name, groups, mode } = userOf(request);
    return { name, groups, mode };
  });

  app.get<{ Querystring: { cluster?: string } }>('/api/tools', async (request): Promise<ToolList> => {
    const toolbox = await router.toolbox(userOf(request), request.query.cluster, AbortSignal.timeout(config.mcp.callTimeoutSeconds * 1000));
    return {
      tools: toolbox.tools.map((t) => ({
        name: t.name,
        description: t.description,
        readOnly: t.readOnly,
        server: t.server.label,
        inputSchema: t.inputSchema,
      })),
    };
  });

  app.get('/api/models', async (): Promise<Models> => {
    const configured = [config.ollama.model, ...config.ollama.fallbackModels];
    try {
      const available = await provider.listModels(AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS));
      const has = (m: string) => available.includes(m) || available.includes(`${m}:latest`);
      return { url: config.ollama.url, reachable: true, available, configured: configured.map((name) => ({ name, installed: has(name) })) };
    } catch (err) {
      return {
        url: config.ollama.url,
        reachable: false,
        error: (err as Error).message,
        available: [],
        configured: configured.map((name) => ({ name, installed: false })),
      };
    }
  });
}
