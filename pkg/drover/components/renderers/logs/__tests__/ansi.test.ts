import { nearestColor, paletteColor, plainText, segmentLine } from '../ansi';

const ESC = '\u001b';

describe('ANSI segments', () => {
  it('keeps a line without escapes as one unstyled segment', () => {
    expect(segmentLine('GET /healthz 200')).toEqual([{ text: 'GET /healthz 200', styles: [] }]);
  });

  it('turns colour codes into palette classes, and a reset ends them', () => {
    expect(segmentLine(`${ ESC }[31mERROR${ ESC }[0m disk full`)).toEqual([
      { text: 'ERROR', styles: ['fg-red'] },
      { text: ' disk full', styles: [] },
    ]);
  });

  it('keeps bright colours, backgrounds and decorations', () => {
    expect(segmentLine(`${ ESC }[1;92mok${ ESC }[0m`)).toEqual([{ text: 'ok', styles: ['fg-bright-green', 'bold'] }]);
    expect(segmentLine(`${ ESC }[41;37mFAIL${ ESC }[0m`)).toEqual([{ text: 'FAIL', styles: ['fg-white', 'bg-red'] }]);
    expect(segmentLine(`${ ESC }[4munder${ ESC }[24m`)[0]).toEqual({ text: 'under', styles: ['underline'] });
  });

  it('maps 256-colour and true-colour codes to the nearest basic colour', () => {
    expect(segmentLine(`${ ESC }[38;5;202mwarn`)).toEqual([{ text: 'warn', styles: ['fg-bright-red'] }]);
    expect(segmentLine(`${ ESC }[38;2;20;180;40mgreen`)).toEqual([{ text: 'green', styles: ['fg-green'] }]);
    expect(paletteColor(9)).toBe('bright-red');
    expect(paletteColor(2)).toBe('green');
    expect(paletteColor(232)).toBe('black');
    expect(paletteColor(250)).toBe('white');
    expect(nearestColor(0, 0, 238)).toBe('bright-blue');
    expect(nearestColor(128, 128, 128)).toBe('bright-black');
  });

  it('drops cursor moves, OSC hyperlinks and control characters, keeping their text', () => {
    const line = `${ ESC }[2K${ ESC }]8;;https://example.com${ ESC }\\docs${ ESC }]8;;${ ESC }\\ and\r bell\u0007 tab\there`;

    expect(plainText(line)).toBe('docs and bell tab\there');
    expect(plainText('carriage\rreturn')).toBe('carriagereturn');
  });

  it('gives the same text as the segments put together', () => {
    const line = `${ ESC }[33mWARN${ ESC }[0m retrying ${ ESC }[1m3${ ESC }[22m times`;

    expect(plainText(line)).toBe('WARN retrying 3 times');
    expect(segmentLine(line).map((s) => s.text).join('')).toBe(plainText(line));
  });

  it('swaps colours for reverse video', () => {
    expect(segmentLine(`${ ESC }[7mrev${ ESC }[0m`)).toEqual([{ text: 'rev', styles: ['fg-black', 'bg-white'] }]);
  });
});
