// The command line: one set of options (node:util parseArgs), each command accepting the global ones and its own,
// and where the backend is (--url / DROVER_URL, --token / DROVER_TOKEN).
import { parseArgs } from 'node:util';
import { usageError } from './errors';

export const DEFAULT_URL = 'http://127.0.0.1:8055';

export const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  json: { type: 'boolean' },
  session: { type: 'string', short: 's' },
  namespace: { type: 'string', short: 'n' },
  cluster: { type: 'string' },
  thinking: { type: 'boolean' },
  'answers-from-stdin': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

export const GLOBAL_OPTIONS: readonly OptionName[] = ['url', 'token', 'help', 'version'];

export interface CommandLine {
  positionals: string[];
  values: OptionValues;
}

export function parseCommandLine(argv: string[]): CommandLine {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { positionals, values: values as OptionValues };
  } catch (err) {
    throw usageError((err as Error).message);
  }
}

/** Refuses options the command does not use, rather than ignoring them silently. */
export function checkOptions(command: { name: string; options: readonly OptionName[] }, values: OptionValues): void {
  const stray = (Object.keys(values) as OptionName[]).find((name) => !GLOBAL_OPTIONS.includes(name) && !command.options.includes(name));
  if (stray) throw usageError(`--${stray} does not apply to drover ${command.name}`);
}

export interface Backend {
  baseUrl: URL;
  token?: string;
}

export function backendOf(values: OptionValues, env: NodeJS.ProcessEnv): Backend {
  const url = values.url ?? env.DROVER_URL ?? DEFAULT_URL;
  let baseUrl: URL;
  try {
    baseUrl = new URL(url);
  } catch {
    throw usageError(`--url / DROVER_URL must be an http(s) URL such as ${DEFAULT_URL}, not "${url}"`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:')
    throw usageError(`--url / DROVER_URL must start with http:// or https://, not ${baseUrl.protocol}`);
  const token = values.token ?? env.DROVER_TOKEN;
  // It goes into an HTTP header: anything but visible ASCII is a pasting mistake (two lines, a stray space).
  if (token && !/^[\x21-\x7e]+$/.test(token)) {
    throw usageError('DROVER_TOKEN / --token holds spaces, line breaks or other characters no token has: set it to the token alone');
  }
  return { baseUrl, ...(token ? { token } : {}) };
}
