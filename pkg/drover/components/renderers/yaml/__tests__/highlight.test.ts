import {
  MAX_HIGHLIGHT_CHARS, highlightLines, htmlToLines, lineText, plainLines
} from '../highlight';

describe('htmlToLines', () => {
  it('reads highlight.js spans back into scoped tokens, decoding its escapes', () => {
    expect(htmlToLines('<span class="hljs-attr">note:</span> <span class="hljs-string">&quot;&lt;b&gt; &amp; &#x27;x&#x27;&quot;</span>')).toEqual([[
      { text: 'note:', scope: 'attr' }, { text: ' ' }, { text: '"<b> & \'x\'"', scope: 'string' },
    ]]);
  });

  it('keeps the scope of a token that spans lines on each of its lines', () => {
    expect(htmlToLines('<span class="hljs-attr">x:</span> <span class="hljs-string">|\n  one\n  two</span>\n<span class="hljs-attr">y:</span>')).toEqual([
      [{ text: 'x:', scope: 'attr' }, { text: ' ' }, { text: '|', scope: 'string' }],
      [{ text: '  one', scope: 'string' }],
      [{ text: '  two', scope: 'string' }],
      [{ text: 'y:', scope: 'attr' }],
    ]);
  });

  it('gives nested spans the innermost scope and keeps empty lines', () => {
    expect(htmlToLines('<span class="hljs-literal"><span class="hljs-keyword">true</span></span>\n\nx')).toEqual([
      [{ text: 'true', scope: 'keyword' }], [], [{ text: 'x' }],
    ]);
  });
});

describe('highlightLines', () => {
  it('highlights YAML keys, strings, numbers and comments', () => {
    const [line] = highlightLines('replicas: 3 # three', 'yaml');

    expect(line).toEqual([
      { text: 'replicas:', scope: 'attr' }, { text: ' ' }, { text: '3', scope: 'number' }, { text: ' ' }, { text: '# three', scope: 'comment' },
    ]);
  });

  it('highlights JSON keys and literals', () => {
    const lines = highlightLines('{\n  "ready": true\n}', 'json');

    expect(lines).toHaveLength(3);
    expect(lines[1].find((t) => t.text === '"ready"')?.scope).toBe('attr');
    expect(lines[1].find((t) => t.text === 'true')?.scope).toBeDefined();
  });

  it('keeps every character of the text, markup included, and drops only the empty line after a final newline', () => {
    const text = 'a: "<script>alert(1)</script>"\nb: &anchor x\nc: \'it\'\'s\'\n';
    const lines = highlightLines(text, 'yaml');

    expect(lines.map(lineText)).toEqual(['a: "<script>alert(1)</script>"', 'b: &anchor x', "c: 'it''s'"]);
  });

  it('returns the same lines for the same text without highlighting it again', () => {
    const text = 'kind: Pod\nmetadata:\n  name: web\n';

    expect(highlightLines(text, 'yaml')).toBe(highlightLines(text, 'yaml'));
    expect(highlightLines(text, 'json')).not.toBe(highlightLines(text, 'yaml'));
  });

  it('shows a text too large to highlight as plain lines', () => {
    const text = `key: ${ 'x'.repeat(MAX_HIGHLIGHT_CHARS) }\nnext: 1`;
    const lines = highlightLines(text, 'yaml');

    expect(lines).toEqual(plainLines(text));
    expect(lines[1]).toEqual([{ text: 'next: 1' }]);
  });
});
