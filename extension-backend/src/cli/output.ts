// Where the CLI writes, and how: ANSI colours only on a terminal and never when NO_COLOR is set (no-color.org).
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

export interface Output {
  write(text: string): void;
  style: Style;
  /** The terminal's width; undefined when writing to a pipe or a file (nothing is cut to fit then). */
  columns: number | undefined;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};
const same = (text: string) => text;
const PLAIN: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

export function outputFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Output {
  const isTerminal = stream.isTTY === true;
  return {
    write: (text) => {
      stream.write(text);
    },
    style: isTerminal && !env.NO_COLOR ? COLOURS : PLAIN,
    columns: isTerminal ? stream.columns : undefined,
  };
}
