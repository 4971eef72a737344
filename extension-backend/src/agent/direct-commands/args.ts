// Reads a command's words against the flags it declares: known flags only, each at most once, values as plain values.
import type { Token } from './tokenize';
import { InvalidCommand, type FlagSpec } from './types';

export class Args {
  constructor(
    readonly positionals: string[],
    private readonly values: ReadonlyMap<string, string>,
    private readonly switches: ReadonlySet<string>,
  ) {}

  value(key: string): string | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.switches.has(key) || this.values.has(key);
  }

  /** A switch the user gave is sent as true; one not given is left to the tool's default. */
  switchOn(key: string): true | undefined {
    return this.switches.has(key) || undefined;
  }

  /** The positionals, refusing more than `max` of them. */
  upTo(max: number): string[] {
    return atMost(this.positionals, max);
  }
}

export function atMost(words: string[], max: number): string[] {
  const extra = words[max];
  if (extra !== undefined) throw new InvalidCommand(`unexpected argument "${extra}"`);
  return words;
}

/** Flags take their value as `--flag value` or `--flag=value`; switches take none. */
export function parseArgs(tokens: Token[], flags: FlagSpec[]): Args {
  const byName = new Map(flags.flatMap((f) => f.names.map((n) => [n, f] as const)));
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.isFlag) {
      positionals.push(token.text);
      continue;
    }
    const eq = token.text.indexOf('=');
    const name = eq > 0 ? token.text.slice(0, eq) : token.text;
    const flag = byName.get(name);
    if (!flag) throw new InvalidCommand(`unknown flag ${name}`);
    if (values.has(flag.key) || switches.has(flag.key)) throw new InvalidCommand(`flag ${name} is given more than once`);
    if (!flag.value) {
      if (eq > 0) throw new InvalidCommand(`flag ${name} takes no value`);
      switches.add(flag.key);
      continue;
    }
    const next = tokens[i + 1];
    const value = eq > 0 ? token.text.slice(eq + 1) : next && !next.isFlag ? tokens[++i].text : '';
    if (!value) throw new InvalidCommand(`flag ${name} needs a value (${flag.value})`);
    values.set(flag.key, value);
  }
  return new Args(positionals, values, switches);
}

/** A whole number such as a replica count or revision; ranges are the tool's to check. */
export function wholeNumber(value: string, what: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidCommand(`${what} must be a whole number, got "${value}"`);
  return Number(value);
}

/** One of a few words, matched without regard to case; returns the allowed spelling. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new InvalidCommand(`${what} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got "${value}"`);
  return found;
}

/** kubectl's durations: 30s, 10m, 2h, 1h30m. */
export function duration(value: string | undefined): string | undefined {
  if (value !== undefined && !/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(value))
    throw new InvalidCommand(`"${value}" is not a duration such as 30s, 10m or 2h`);
  return value;
}
