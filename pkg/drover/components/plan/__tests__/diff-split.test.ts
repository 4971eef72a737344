import { parseDiff } from '../diff-parse';
import { inlineSegments, splitRows, withInlineChanges } from '../diff-split';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);

describe('inlineSegments', () => {
  it('marks only the words that differ between two similar lines', () => {
    expect(inlineSegments('  replicas: 2', '  replicas: 5')).toEqual({
      before: [{ text: '  replicas: ', changed: false }, { text: '2', changed: true }],
      after:  [{ text: '  replicas: ', changed: false }, { text: '5', changed: true }],
    });
  });

  it('marks nothing when two lines have little in common, are equal, or are very long', () => {
    expect(inlineSegments('apiVersion: v1', '      - containerPort: 8080')).toBeUndefined();
    expect(inlineSegments('same', 'same')).toBeUndefined();
    expect(inlineSegments(`a: ${ 'x'.repeat(500) }`, `a: ${ 'y'.repeat(500) }`)).toBeUndefined();
  });
});

describe('withInlineChanges', () => {
  it('gives the paired removed and added lines of a real scale plan their changed words', () => {
    const rows = withInlineChanges(parseDiff(fixture('plan-scale').view.diff).rows);
    const del = rows.find((r) => r.type === 'del');
    const add = rows.find((r) => r.type === 'add');

    expect(del).toMatchObject({ text: '  replicas: 2', segments: [{ text: '  replicas: ', changed: false }, { text: '2', changed: true }] });
    expect(add).toMatchObject({ text: '  replicas: 5', segments: [{ text: '  replicas: ', changed: false }, { text: '5', changed: true }] });
    expect(rows.filter((r) => r.type === 'context').every((r) => !('segments' in r))).toBe(true);
  });

  it('leaves the lines of a delete unmarked: nothing pairs with them', () => {
    const rows = withInlineChanges(parseDiff(fixture('plan-delete').view.diff).rows);

    expect(rows.some((r) => 'segments' in r && r.segments)).toBe(false);
  });
});

describe('splitRows', () => {
  it('puts context on both sides and a change side by side with its own line numbers', () => {
    const rows = splitRows(withInlineChanges(parseDiff(fixture('plan-scale').view.diff).rows));

    expect(rows[0]).toMatchObject({ type: 'banner', row: { type: 'hunk' } });
    expect(rows[1]).toEqual({
      type: 'pair',
      left: {
        type: 'context', line: 8, text: 'spec:'
      },
      right: {
        type: 'context', line: 8, text: 'spec:'
      }
    });
    expect(rows[3]).toMatchObject({
      type: 'pair',
      left: {
        type: 'del', line: 10, text: '  replicas: 2'
      },
      right: {
        type: 'add', line: 10, text: '  replicas: 5'
      }
    });
    expect(rows).toHaveLength(6);
  });

  it('pairs removed and added lines in order and leaves the extra ones alone on their side', () => {
    const rows = splitRows(parseDiff('@@ -1,3 +1,2 @@\n-a\n-b\n-c\n+A\n+B').rows);

    expect(rows.slice(1).map((r) => (r.type === 'pair' ? [r.left?.text, r.right?.text] : r.type))).toEqual([['a', 'A'], ['b', 'B'], ['c', undefined]]);
    const more = splitRows(parseDiff('@@ -1,1 +1,2 @@\n-a\n+A\n+B').rows);

    expect(more.slice(1).map((r) => (r.type === 'pair' ? [r.left?.text, r.right?.text] : r.type))).toEqual([['a', 'A'], [undefined, 'B']]);
  });

  it('shows a delete with every line on the left and nothing on the right', () => {
    const rows = splitRows(parseDiff(fixture('plan-delete').view.diff).rows).filter((r) => r.type === 'pair');

    expect(rows).toHaveLength(45);
    expect(rows.every((r) => r.type === 'pair' && r.left?.type === 'del' && r.right === undefined)).toBe(true);
  });

  it('keeps sections, hunk headers and notes as full-width rows', () => {
    const rows = splitRows(parseDiff('## Deployment/web: changed\n@@ -1 +1 @@\n-a\n+b\n[truncated: 4 of 9 lines shown]').rows);

    expect(rows.map((r) => (r.type === 'banner' ? r.row.type : 'pair'))).toEqual(['section', 'hunk', 'pair', 'note']);
  });
});
