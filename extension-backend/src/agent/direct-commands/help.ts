// The Markdown help of the direct commands, built from their declarations so it cannot fall behind them.
import { COMMANDS, findCommand, HELP, subcommandsOf, usageLine } from './commands';
import type { Token } from './tokenize';
import type { CommandSpec, FlagSpec } from './types';

const INTRO =
  '**Direct commands** run the cluster tools straight away, without the model, so they work even when no model is ' +
  'reachable. Changes (scale, rollout restart/undo/pause/resume, delete, helm rollback/uninstall) still show their plan and ' +
  'wait for your approval.';

const NOTES =
  'Without `-n` or `-A`, a command that needs a namespace uses the one you are viewing, else `default`; ' +
  '`/diagnose` then checks the whole cluster. ' +
  'Kinds take kubectl\'s short names (`po`, `deploy`, `svc`, `sts`, `cm`…). Quote values with spaces: `--grep "connection refused"`. ' +
  '`/help <command>` shows its flags.';

function entry(spec: Pick<CommandSpec, 'name' | 'usage' | 'summary' | 'example'>): string {
  return `- \`${usageLine(spec)}\`: ${spec.summary} Example: \`${spec.example}\``;
}

function flagLine(flag: FlagSpec): string {
  return `- \`${flag.names.join(', ')}${flag.value ? ` <${flag.value}>` : ''}\`: ${flag.description}`;
}

function commandHelp(spec: CommandSpec): string {
  const flags = spec.flags.length ? `\n\nFlags:\n${spec.flags.map(flagLine).join('\n')}` : '';
  return `**/${spec.name}**: ${spec.summary}\n\nUsage: \`${usageLine(spec)}\`${flags}\n\nExample: \`${spec.example}\``;
}

/** Every command, or the one the topic words name (`logs`, `/logs`, `helm`, `helm get`); throws for an unknown topic. */
export function helpText(topic: Token[]): string {
  if (!topic.length) return [INTRO, [...COMMANDS, HELP].map(entry).join('\n'), NOTES].join('\n\n');
  const words = topic.map((t, i) => (i === 0 ? { ...t, text: t.text.replace(/^\//, '') } : t));
  const first = words[0].text.toLowerCase();
  if (first === HELP.name) return entry(HELP);
  const family = subcommandsOf(first);
  if (family.length && words.length === 1) return family.map(entry).join('\n');
  return commandHelp(findCommand(words).spec);
}
