// `drover --help`: the commands (from their declarations), the options, examples, environment and exit codes.
import type { Command } from './commands/command';
import { DEFAULT_URL } from './options';
import type { Style } from './output';

const OPTIONS = [
  ['--url URL', `the backend (default: $DROVER_URL, else ${DEFAULT_URL})`],
  ['--token TOKEN', 'your Kubernetes token (default: $DROVER_TOKEN; prefer the variable: options show up in ps)'],
  ['-s, --session ID', 'continue a conversation (ids: drover sessions)'],
  ['-n, --namespace NS', 'the namespace you are asking about'],
  ['--cluster ID', 'the cluster you are asking about (default: local)'],
  ['--thinking', "show the model's thinking, dimmed"],
  ['--json', 'machine-readable output (ask: the raw events as NDJSON)'],
  [
    '--answers-from-stdin',
    'for scripts and tests: read approval answers (y/n/a) from stdin when it is not a terminal;\n' +
      '                          without it, changes are denied unless you answer at a terminal',
  ],
  ['-o, --output FILE', 'sessions export: write the Markdown to FILE'],
  ['-h, --help', 'this help (drover COMMAND --help: that command)'],
  ['--version', "this drover's version"],
];

const EXAMPLES = [
  'drover ask "why does web restart in shop?"',
  'drover ask "/get pods -n shop"              # a direct command, no model needed',
  'drover ask --json "list deployments in shop" | jq -c .type',
  'drover chat --namespace shop',
  'drover sessions export 5f0c… -o incident.md',
];

const EXIT_CODES =
  '0 done · 1 failed (or a change was denied for want of a terminal) · 2 usage · 3 backend unreachable · 4 not signed in · 130 cancelled';

export function commandHelp(command: Command): string {
  return `${command.summary}\n\nUsage:\n${command.usage.map((u) => `  drover ${u}`).join('\n')}\n`;
}

export function helpText(commands: Command[], style: Style): string {
  return [
    `${style.bold('drover')}: ask Drover about your Kubernetes clusters from the terminal. Talks to a running Drover backend.`,
    '',
    style.bold('Usage:'),
    ...commands.flatMap((c) => [...c.usage.map((u) => `  drover ${u}`), style.dim(`      ${c.summary}`)]),
    '',
    style.bold('Options:'),
    ...OPTIONS.map(([name, text]) => `  ${name.padEnd(24)}${text}`),
    '',
    style.bold('Examples:'),
    ...EXAMPLES.map((e) => `  ${e}`),
    '',
    style.bold('Environment:'),
    '  DROVER_URL, DROVER_TOKEN as above; NO_COLOR turns colours off (they are off anyway when not on a terminal).',
    '',
    `${style.bold('Exit codes:')} ${EXIT_CODES}`,
    '',
  ].join('\n');
}
