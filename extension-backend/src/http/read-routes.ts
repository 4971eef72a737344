// POST /api/read: one read-only tool call outside the conversation, as the user, for the UI's own follow-ups on a
// result ("load more" rows, the previous run's logs, more lines). The same tools and identity as the chat; a tool
// that is not annotated read-only is refused, so nothing here can change the cluster or skip an approval.
import { ReadRequestSchema, type ReadResult } from '@drover/protocol';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance } from 'fastify';
import { resultFields } from '../agent/tool-results';
import type { Config } from '../config';
import { ToolsUnavailableError } from '../mcp/connection';
import type { ToolRouter } from '../mcp/tool-router';
import { userOf } from './auth';
import { firstIssue, sendError } from './errors';

export function registerReadRoutes(app: FastifyInstance, config: Config, router: ToolRouter): void {
  app.post('/api/read', async (request, reply) => {
    const body = ReadRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', firstIssue('invalid read', body.error));
    const { tool: name, arguments: args, cluster } = body.data;
    const signal = AbortSignal.timeout(config.mcp.callTimeoutSeconds * 1000);
    try {
      const toolbox = await router.toolbox(userOf(request), cluster, signal);
      const tool = toolbox.find(name);
      if (!tool) return sendError(reply, 'not_found', `no tool named ${name}`);
      if (!tool.readOnly)
        return sendError(reply, 'bad_request', `${name} is not a read-only tool: changes go through the chat, where you approve them`);
      return resultFields(tool, await toolbox.call(tool, args, { signal })) satisfies ReadResult;
    } catch (err) {
      if (signal.aborted) return sendError(reply, 'tools_unavailable', `${name} did not answer within ${config.mcp.callTimeoutSeconds} s`);
      if (err instanceof ToolsUnavailableError)
        return sendError(reply, 'tools_unavailable', `Cluster tools are unavailable: ${err.message}`);
      if (err instanceof McpError) return sendError(reply, 'bad_request', `${name} was refused: ${err.message}`);
      throw err;
    }
  });
}
