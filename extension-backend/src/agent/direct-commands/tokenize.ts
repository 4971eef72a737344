// Splits a command line into words the way a shell would for plain text: whitespace separates, "double" and
// 'single' quotes group (a backslash escapes " or \ inside double quotes). Nothing is expanded or executed.

export interface Token {
  text: string;
  /** Starts with an unquoted '-': only such a word can be a flag, so a quoted "-x" is always a value. */
  isFlag: boolean;
}

export interface Tokens {
  tokens: Token[];
  /** The quote character left open at the end, if any. */
  unclosedQuote?: string;
}

export function tokenize(line: string): Tokens {
  const tokens: Token[] = [];
  let current: Token | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) current!.text += line[++i];
      else current!.text += c;
    } else if (/\s/.test(c)) {
      if (current) tokens.push(current);
      current = undefined;
    } else {
      current ??= { text: '', isFlag: c === '-' };
      if (c === '"' || c === "'") quote = c;
      else current.text += c;
    }
  }
  if (current) tokens.push(current);
  return quote ? { tokens, unclosedQuote: quote } : { tokens };
}
