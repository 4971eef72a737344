// Direct commands: chat messages that start with '/' run one MCP tool call without the model (`/get pods -n shop`,
// `/logs deploy/web --previous`). They parse into the same tool calls the model would make; the caller runs them
// through the same policy, plan and approval. Familiar kubectl and helm syntax, but only the flags declared here.
import type { ChatContext } from '@drover/protocol';
import { parseArgs } from './args';
import { findCommand, HELP, usageLine } from './commands';
import { helpText } from './help';
import { tokenize, type Token } from './tokenize';
import { InvalidCommand, type CommandSpec, type DirectCommand } from './types';

export type { DirectCommand } from './types';

/** A slash and a command word on its own: "/var/log is full" is a question about a path, not a command. */
export function isDirectCommand(text: string): boolean {
  return /^\/[A-Za-z][\w-]*(?=\s|$)/.test(text.trimStart());
}

export function parseDirectCommand(text: string, context?: ChatContext): DirectCommand {
  if (!isDirectCommand(text))
    return { kind: 'invalid', message: 'a direct command starts with / and a command name\nType `/help` for the list of commands.' };
  const { tokens, unclosedQuote } = tokenize(text.trimStart().slice(1));
  try {
    if (tokens[0].text.toLowerCase() === HELP.name) return { kind: 'help', text: helpText(tokens.slice(1)) };
    const { spec, rest } = findCommand(tokens);
    return build(spec, rest, unclosedQuote, context);
  } catch (err) {
    return asInvalid(err);
  }
}

function build(spec: CommandSpec, words: Token[], unclosedQuote: string | undefined, context: ChatContext | undefined): DirectCommand {
  try {
    if (unclosedQuote) throw new InvalidCommand(`a ${unclosedQuote} quote is not closed`);
    return spec.build(parseArgs(words, spec.flags), context);
  } catch (err) {
    return asInvalid(err, `\nUsage: \`${usageLine(spec)}\``);
  }
}

/** What the user typed wrong becomes an answer; anything else is a bug and is thrown on. */
function asInvalid(err: unknown, usage = ''): DirectCommand {
  if (err instanceof InvalidCommand) return { kind: 'invalid', message: `${err.message}${usage}` };
  throw err;
}
