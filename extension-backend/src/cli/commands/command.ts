// The shape of one `drover` subcommand; commands/index.ts lists them.
import type { CliContext } from '../context';
import type { ExitCode } from '../errors';
import type { OptionName, OptionValues } from '../options';

export interface Command {
  name: string;
  /** After "drover ", e.g. `tools [--json]`. */
  usage: string[];
  summary: string;
  /** Options besides the global ones. */
  options: readonly OptionName[];
  run(args: string[], options: OptionValues, ctx: CliContext): Promise<ExitCode>;
}
