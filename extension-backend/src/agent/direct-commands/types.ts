// The shapes shared by the direct-command parser: what a command produces, how a command and its flags are declared.
import type { ChatContext } from '@drover/protocol';
import type { Args } from './args';

export type DirectCommand =
  | { kind: 'call'; tool: string; arguments: Record<string, unknown> }
  | { kind: 'help'; text: string }
  | { kind: 'invalid'; message: string };

export type ToolCall = Extract<DirectCommand, { kind: 'call' }>;

/** A call carrying only the arguments that have a value: what the user did not choose is left to the tool's default. */
export function toolCall(tool: string, values: Record<string, unknown>): ToolCall {
  return { kind: 'call', tool, arguments: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) };
}

export interface FlagSpec {
  /** Where the parsed value is kept, e.g. 'namespace'. */
  key: string;
  /** Spellings, e.g. ['-n', '--namespace']. */
  names: string[];
  /** The value's name in usage text (e.g. 'ns'); absent for switches such as --previous. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  /** What the user types after '/', e.g. 'get' or 'helm list'. */
  name: string;
  /** Arguments after the name, e.g. '<kind>/<name> [-n ns]'. */
  usage: string;
  summary: string;
  example: string;
  flags: FlagSpec[];
  /** Throws InvalidCommand when the arguments do not make one tool call. */
  build(args: Args, context: ChatContext | undefined): ToolCall;
}

/** A problem with what the user typed; the message is shown with the command's usage line. */
export class InvalidCommand extends Error {}
