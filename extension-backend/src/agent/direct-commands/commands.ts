// The table of contents: every direct command, and finding the one a line names (with a suggestion when none does).
import { helmCommands } from './helm';
import { k8sInspectCommands } from './k8s-inspect';
import { k8sReadCommands } from './k8s-read';
import { k8sWriteCommands } from './k8s-write';
import type { Token } from './tokenize';
import { InvalidCommand, type CommandSpec } from './types';

export const COMMANDS: CommandSpec[] = [...k8sReadCommands, ...k8sInspectCommands, ...k8sWriteCommands, ...helmCommands];

export const HELP = { name: 'help', usage: '[command]', summary: 'This list, or the flags of one command.', example: '/help logs' };

/** Names the user can type first: the commands, `helm` for the helm family, and `help`. */
const TOP_WORDS = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0])), HELP.name];

export function usageLine(spec: { name: string; usage: string }): string {
  return `/${spec.name} ${spec.usage}`;
}

export function subcommandsOf(family: string): CommandSpec[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${family} `));
}

/** The usage lines of a command, or of every subcommand of a family such as helm. */
export function usageOf(name: string): string {
  return [HELP, ...COMMANDS]
    .filter((c) => c.name === name || c.name.startsWith(`${name} `))
    .map((c) => `Usage: \`${usageLine(c)}\``)
    .join('\n');
}

/** The command the words name and the words after its name; `help` is not a command spec, so it is left to the caller. */
export function findCommand(words: Token[]): { spec: CommandSpec; rest: Token[] } {
  const [first, second] = words.map((w) => w.text.toLowerCase());
  const family = subcommandsOf(first);
  if (!family.length) {
    const spec = COMMANDS.find((c) => c.name === first);
    if (spec) return { spec, rest: words.slice(1) };
    const closest = closestName(first, TOP_WORDS);
    throw new InvalidCommand(
      closest
        ? `unknown command /${first}; did you mean /${closest}?\n${usageOf(closest)}`
        : `unknown command /${first}\nType \`/help\` for the list of commands.`,
    );
  }
  const spec = family.find((c) => c.name === `${first} ${second}`);
  if (spec) return { spec, rest: words.slice(2) };
  const names = family.map((c) => c.name.slice(first.length + 1));
  if (second === undefined) throw new InvalidCommand(`/${first} needs a subcommand: ${names.join(', ')}\n${usageOf(first)}`);
  const closest = closestName(second, names);
  throw new InvalidCommand(
    closest
      ? `unknown command /${first} ${second}; did you mean /${first} ${closest}?\n${usageOf(`${first} ${closest}`)}`
      : `unknown command /${first} ${second}\n${usageOf(first)}`,
  );
}

/** The name the word starts or most nearly spells; none when every name is far off. */
function closestName(word: string, names: string[]): string | undefined {
  const started = names.find((n) => n.startsWith(word));
  if (started) return started;
  const [best] = names.map((n) => ({ n, d: editDistance(word, n) })).sort((a, b) => a.d - b.d);
  return best && best.d <= Math.max(2, Math.floor(word.length / 2)) ? best.n : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
