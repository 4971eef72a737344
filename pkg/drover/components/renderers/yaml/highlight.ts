// Syntax highlighting of YAML and JSON, line by line (so lines can be folded and virtualized). highlight.js escapes
// the text it returns as HTML; rather than render that HTML, it is read back into plain tokens (text + token scope)
// that the components render as text nodes, so nothing from the cluster can ever become markup.
import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);

export type CodeFormat = 'yaml' | 'json';

/** A run of text on one line; `scope` is highlight.js's token class without its prefix (attr, string, number…). */
export interface Token {
  text: string;
  scope?: string;
}

export type Line = Token[];

/** Beyond this size highlighting costs more than it helps: the text is shown plain. */
export const MAX_HIGHLIGHT_CHARS = 1_000_000;
/** Results kept for texts shown again (a step collapsed and expanded, the same object read twice). */
const CACHE_SIZE = 8;

const ENTITIES: Record<string, string> = {
  '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'"
};
const decode = (html: string) => (html.includes('&') ? html.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]) : html);

// highlight.js output holds three things only: its own opening spans, closing spans and escaped text.
const PART = /<span class="([^"]*)">|<\/span>|([^<]+)/g;

function scopeOf(classes: string): string | undefined {
  const first = classes.split(' ')[0];

  return first.startsWith('hljs-') ? first.slice(5) : undefined;
}

/**
 * Splits highlight.js's HTML into lines of tokens. A token that spans several lines (a block scalar) keeps its
 * scope on each of them; the innermost scope wins where spans nest.
 */
export function htmlToLines(html: string): Line[] {
  const lines: Line[] = [[]];
  const scopes: (string | undefined)[] = [];

  PART.lastIndex = 0;
  for (let match = PART.exec(html); match; match = PART.exec(html)) {
    if (match[1] !== undefined) {
      scopes.push(scopeOf(match[1]));
      continue;
    }
    if (match[2] === undefined) {
      scopes.pop();
      continue;
    }
    const scope = scopes.findLast((s) => s !== undefined);

    decode(match[2]).split('\n').forEach((text, index) => {
      if (index > 0) lines.push([]);
      if (text) lines[lines.length - 1].push(scope ? { text, scope } : { text });
    });
  }

  return lines;
}

/** The text as lines of a single plain token each. */
export const plainLines = (text: string): Line[] => text.split('\n').map((line) => (line ? [{ text: line }] : []));

const caches: Record<CodeFormat, Map<string, Line[]>> = { yaml: new Map(), json: new Map() };

/** The highlighted lines of a text; the same text is highlighted once (the last few results are kept). */
export function highlightLines(text: string, format: CodeFormat): Line[] {
  const cache = caches[format];
  const hit = cache.get(text);

  if (hit) {
    cache.delete(text);
    cache.set(text, hit);

    return hit;
  }
  let lines: Line[];

  try {
    lines = text.length > MAX_HIGHLIGHT_CHARS ? plainLines(text) : htmlToLines(hljs.highlight(text, { language: format, ignoreIllegals: true }).value);
  } catch {
    lines = plainLines(text);
  }
  // A text ending in a newline has no last line to show.
  if (lines.length > 1 && !lines[lines.length - 1].length && text.endsWith('\n')) lines.pop();
  cache.set(text, lines);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);

  return lines;
}

/** The plain text of a line (what a copy of it or a search would see). */
export const lineText = (line: Line): string => line.map((t) => t.text).join('');
