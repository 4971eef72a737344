// The commands the audit log recorded for a tool's calls, each argv joined by spaces ("get pods --namespace=x").
import type { Connected } from '../support/harness';

export function callCommands(mcp: Connected, tool: string): string[][] {
  return mcp
    .audit()
    .filter((e) => e.tool === tool)
    .map((e) => (e.commands as string[][]).map((argv) => argv.join(' ')));
}

/** The commands of the tool's latest call. */
export function lastCallCommands(mcp: Connected, tool: string): string[] {
  return callCommands(mcp, tool).at(-1) ?? [];
}
