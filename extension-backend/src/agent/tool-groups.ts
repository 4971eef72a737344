// Which tools the model is offered, and in what shape: a routed tool becomes a model-facing definition (name,
// description, argument schema as the router trimmed it). bench/mcp/catalogue.ts measures the result.
import type { ToolDefinition } from '../llm/provider';
import type { RoutedTool } from '../mcp/tool-router';

export const toolDefinition = (tool: RoutedTool): ToolDefinition => ({
  name: tool.name,
  description: tool.description,
  parameters: tool.inputSchema,
});
