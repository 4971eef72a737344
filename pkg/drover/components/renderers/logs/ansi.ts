// Log lines with ANSI colours (SGR codes) as segments of text and style classes, for spans coloured by the log
// viewer's palette (theme variables; never the raw colours the program asked for). 256-colour and true-colour codes
// map to the nearest of the 16 basic colours; other escape sequences (cursor moves, OSC hyperlinks) are dropped.
import Anser from 'anser';

export interface Segment {
  text: string;
  /** Style classes without the `drover-ansi-` prefix: `fg-red`, `bg-bright-blue`, `bold`, `underline`… */
  styles: string[];
}

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline', 'strikethrough']);
/** OSC sequences (terminated by BEL or ST, or cut off) and C0 control characters other than tab. */
// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f]/g;

export const hasEscapes = (text: string): boolean => text.includes('\u001b');

/** The nearest basic colour to an RGB value: each channel on or off, bright when any channel is strong. */
export function nearestColor(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);

  if (max - min < 32) {
    if (max < 64) return 'black';
    if (max < 160) return 'bright-black';

    return max < 224 ? 'white' : 'bright-white';
  }
  const on = (c: number) => c > max / 2;
  const index = (on(r) ? 1 : 0) + (on(g) ? 2 : 0) + (on(b) ? 4 : 0);

  return `${ max > 200 ? 'bright-' : '' }${ NAMES[index] }`;
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** The xterm 256-colour palette entry (16 and above) as a basic colour. */
export function paletteColor(index: number): string {
  if (index < 16) return `${ index > 7 ? 'bright-' : '' }${ NAMES[index % 8] }`;
  if (index >= 232) {
    const grey = 8 + (index - 232) * 10;

    return nearestColor(grey, grey, grey);
  }
  const cube = index - 16;

  return nearestColor(CUBE[Math.floor(cube / 36)], CUBE[Math.floor(cube / 6) % 6], CUBE[cube % 6]);
}

function colorName(value: string | null, truecolor: string | null): string | undefined {
  if (!value) return undefined;
  if (value === 'ansi-truecolor' && truecolor) {
    const [r, g, b] = truecolor.split(',').map((c) => Number(c.trim()));

    return nearestColor(r, g, b);
  }
  const palette = /^ansi-palette-(\d+)$/.exec(value);

  if (palette) return paletteColor(Number(palette[1]));

  return value.startsWith('ansi-') ? value.slice('ansi-'.length) : undefined;
}

/** Text without any escape sequence or control character. */
export function plainText(text: string): string {
  return hasEscapes(text) ? segmentLine(text).map((s) => s.text).join('') : text.replace(CONTROL, '');
}

/** One line as styled segments; a line without escapes is one unstyled segment (the common case, no parsing). */
export function segmentLine(text: string): Segment[] {
  if (!hasEscapes(text)) return [{ text: text.replace(CONTROL, ''), styles: [] }];
  const segments: Segment[] = [];

  for (const entry of Anser.ansiToJson(text, { use_classes: true, remove_empty: true })) {
    const content = entry.content.replace(CONTROL, '');

    if (!content) continue;
    const fg = colorName(entry.fg, entry.fg_truecolor);
    const bg = colorName(entry.bg, entry.bg_truecolor);
    const styles = [
      ...(fg ? [`fg-${ fg }`] : []), ...(bg ? [`bg-${ bg }`] : []),
      ...entry.decorations.filter((d) => DECORATIONS.has(d)),
    ];

    segments.push({ text: content, styles });
  }

  return segments;
}
