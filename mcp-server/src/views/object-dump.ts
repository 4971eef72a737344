// Objects as YAML or JSON for the model: one in full, or the items of a list page cut between items, never inside one.
import { stringify } from 'yaml';

export type DumpFormat = 'yaml' | 'json';

export function dump(obj: unknown, format: DumpFormat): string {
  return format === 'json' ? JSON.stringify(obj, null, 2) : stringify(obj, { lineWidth: 0 });
}

/** One item as it reads inside its list: an entry of a YAML sequence, or an element of a JSON array. */
function dumpItem(item: unknown, format: DumpFormat): string {
  return format === 'json' ? dump(item, 'json').replace(/^/gm, '  ') : dump([item], 'yaml').trimEnd();
}

/**
 * The leading items of a list that fit the budget whole, as one YAML sequence or JSON array; each item is rendered
 * (dumpItem, then `finish`, e.g. masking) only until one does not fit.
 */
export function dumpWholeItems(
  items: unknown[],
  format: DumpFormat,
  budgetChars: number,
  finish: (text: string) => string,
): { text: string; shown: number } {
  const kept: string[] = [];
  let used = 4; // the brackets of an array, or the newline after a sequence
  for (const item of items) {
    const text = finish(dumpItem(item, format));
    if (used + text.length + 2 > budgetChars) break;
    kept.push(text);
    used += text.length + 2;
  }
  if (format === 'yaml') return { text: kept.length ? `${kept.join('\n')}\n` : '[]\n', shown: kept.length };
  return { text: kept.length ? `[\n${kept.join(',\n')}\n]` : '[]', shown: kept.length };
}
