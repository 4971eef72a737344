// Untyped data from another MCP server can hold anything: a 2 MB string, an array of 50,000 items. For display it is
// capped (long strings shortened, long arrays and objects cut) in one pass; "show all" shows the value as it is.

export interface CapLimits {
  /** Characters of a string shown. */
  stringChars: number;
  /** Items of an array, and keys of an object, shown. */
  items: number;
}

export const DEFAULT_LIMITS: CapLimits = { stringChars: 2_000, items: 200 };

/** What a cut looks like in the capped value (the component passes translated markers). */
export interface CapMarkers {
  moreChars(count: number): string;
  moreItems(count: number): string;
  /** The key that stands for the keys left out of an object. */
  moreKeysKey: string;
  moreKeys(count: number): string;
}

export interface Capped {
  value: unknown;
  /** How many strings, arrays and objects were cut (0: the value is shown whole). */
  cuts: number;
}

export function capValue(value: unknown, markers: CapMarkers, limits: CapLimits = DEFAULT_LIMITS): Capped {
  let cuts = 0;
  const cap = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.length <= limits.stringChars) return v;
      cuts++;

      return `${ v.slice(0, limits.stringChars) }${ markers.moreChars(v.length - limits.stringChars) }`;
    }
    if (Array.isArray(v)) {
      const shown = v.slice(0, limits.items).map(cap);

      if (v.length > limits.items) {
        cuts++;
        shown.push(markers.moreItems(v.length - limits.items));
      }

      return shown;
    }
    if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      const shown: Record<string, unknown> = Object.fromEntries(entries.slice(0, limits.items).map(([k, inner]) => [k, cap(inner)]));

      if (entries.length > limits.items) {
        cuts++;
        shown[markers.moreKeysKey] = markers.moreKeys(entries.length - limits.items);
      }

      return shown;
    }

    return v;
  };

  return { value: cap(value), cuts };
}
