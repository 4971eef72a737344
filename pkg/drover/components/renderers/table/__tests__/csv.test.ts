import { csvField, toCsv } from '../csv';

describe('CSV export', () => {
  it('leaves plain fields as they are', () => {
    expect(csvField('web-1')).toBe('web-1');
    expect(csvField('5 (2m ago)')).toBe('5 (2m ago)');
  });

  it('quotes fields holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('Ready,SchedulingDisabled')).toBe('"Ready,SchedulingDisabled"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('defuses cells a spreadsheet would run as a formula, keeping dashes and negative numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1+cmd|x')).toBe("'+1+cmd|x");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3+cmd|x')).toBe("'-2+3+cmd|x");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('-')).toBe('-');
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes the header row, then the rows, each ended by CRLF', () => {
    expect(toCsv(['NAME', 'STATUS'], [['web-1', 'Running'], ['node-1', 'Ready,SchedulingDisabled']]))
      .toBe('NAME,STATUS\r\nweb-1,Running\r\nnode-1,"Ready,SchedulingDisabled"\r\n');
  });

  it('pads a short row so every record has as many fields as the header', () => {
    expect(toCsv(['A', 'B', 'C'], [['1']])).toBe('A,B,C\r\n1,,\r\n');
  });
});
