#!/usr/bin/env node
// drover: the terminal client of a running Drover backend. `ask` and `chat` use the chat WebSocket, the rest the
// HTTP API. Failures end as one line on stderr with an exit code that says what kind of failure it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { COMMANDS, findCommand } from './commands';
import { createContext } from './context';
import { CliError, EXIT, usageError, type ExitCode } from './errors';
import { checkOptions, parseCommandLine } from './options';
import { outputFor } from './output';
import { commandHelp, helpText } from './usage';

/** The backend package's version (this file is dist/cli/main.js, or src/cli/main.ts under test). */
function version(): string {
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'))).version;
}

async function main(argv: string[]): Promise<ExitCode> {
  const out = outputFor(process.stdout, process.env);
  const print = (text: string, code: ExitCode = EXIT.ok) => {
    out.write(text);
    return code;
  };
  const {
    positionals: [name, ...args],
    values,
  } = parseCommandLine(argv);
  if (values.version) return print(`drover ${version()}\n`);
  if (!name) return print(helpText(COMMANDS, out.style), values.help ? EXIT.ok : EXIT.usage);
  const command = findCommand(name);
  if (!command) throw usageError(`unknown command "${name}"`);
  if (values.help) return print(commandHelp(command));
  checkOptions(command, values);
  return command.run(args, values, createContext(values));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const stderr = outputFor(process.stderr, process.env);
    const known = err instanceof CliError;
    stderr.write(stderr.style.red(`drover: ${known ? err.message : `unexpected failure: ${(err as Error).message}`}\n`));
    process.exitCode = known ? err.exitCode : EXIT.failed;
  },
);
