// What a tool result shows the user, the same for a call in a turn (`tool_result`) and a read outside one (POST
// /api/read): a one-line summary, the view of Drover's own server (checked against the protocol, so the UI never
// guesses) or another server's untyped structured content, the commands that ran, and whether RBAC refused it.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { COMMANDS_META_KEY, ViewSchema, type ReadResult } from '@drover/protocol';
import type { RoutedTool } from '../mcp/tool-router';
import { summarize } from './summaries';

/** Kubernetes' own wording of an RBAC refusal (`pods is forbidden: User "x" cannot list …`), as kubectl prints it too. */
const RBAC_REFUSAL = /\bis forbidden: User "[^"]*" cannot \w+/;

export const textOf = (result: CallToolResult): string =>
  result.content
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');

export function resultFields(tool: RoutedTool, result: CallToolResult): ReadResult {
  const text = textOf(result);
  const isError = result.isError === true;
  const commands = result._meta?.[COMMANDS_META_KEY];
  const structured = result.structuredContent;
  const view = structured && tool.server.isDrover ? ViewSchema.safeParse(structured) : undefined;
  return {
    isError,
    summary: summarize(text, structured),
    ...(view?.success ? { structured: view.data } : structured ? { data: structured } : {}),
    ...(Array.isArray(commands) ? { commands: commands.filter((c): c is string => typeof c === 'string') } : {}),
    ...(isError && RBAC_REFUSAL.test(text) ? { forbidden: true } : {}),
  };
}
