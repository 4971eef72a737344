// How a tool step reads in one line: the command that ran (or will run), else the tool with its arguments.
import type { StepState } from '../../chat/conversation';

/** The arguments as `key=value` pairs, short values only: a compact stand-in when no command line is known. */
function argumentText(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, value]) => value !== undefined && value !== null && value !== '' && typeof value !== 'object')
    .map(([key, value]) => `${ key }=${ String(value).slice(0, 60) }`)
    .join(' ');
}

/**
 * The last command that ran (the one that read what the result shows; lookups such as discovery come first), else the
 * planned command of a change, else the tool and its arguments.
 */
export function stepCommand(step: StepState): string {
  const ran = step.result?.commands?.at(-1);

  return ran ?? step.command ?? `${ step.tool } ${ argumentText(step.arguments) }`.trim();
}

/** Seconds with one decimal ("0.4 s", "12.0 s"). */
export const seconds = (ms: number) => (ms / 1000).toFixed(1);
