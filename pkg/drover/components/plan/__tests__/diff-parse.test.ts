import { parseDiff, isEmptyDiff, type DiffRow } from '../diff-parse';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);
const lines = (rows: DiffRow[]) => rows.filter((r) => r.type === 'context' || r.type === 'del' || r.type === 'add');

describe('parseDiff', () => {
  it('reads the hunk of a real scale plan with the line numbers of both sides', () => {
    const diff = parseDiff(fixture('plan-scale').view.diff);

    expect(diff.rows[0]).toEqual({
      type: 'hunk', text: '@@ -8,5 +8,5 @@', oldStart: 8, oldLines: 5, newStart: 8, newLines: 5, context: ''
    });
    expect(diff.rows.slice(1)).toEqual([
      {
        type: 'context', oldLine: 8, newLine: 8, text: 'spec:'
      },
      {
        type: 'context', oldLine: 9, newLine: 9, text: '  progressDeadlineSeconds: 600'
      },
      {
        type: 'del', oldLine: 10, text: '  replicas: 2'
      },
      {
        type: 'add', newLine: 10, text: '  replicas: 5'
      },
      {
        type: 'context', oldLine: 11, newLine: 11, text: '  revisionHistoryLimit: 10'
      },
      {
        type: 'context', oldLine: 12, newLine: 12, text: '  selector:'
      },
    ]);
    expect(diff).toMatchObject({
      added: 1, removed: 1, hunks: 1, removalOnly: false
    });
  });

  it('reads a real delete plan as the whole object removed, numbered from its first line', () => {
    const diff = parseDiff(fixture('plan-delete').view.diff);
    const removed = lines(diff.rows);

    expect(removed).toHaveLength(45);
    expect(removed.every((r) => r.type === 'del')).toBe(true);
    expect(removed[0]).toEqual({
      type: 'del', oldLine: 1, text: 'apiVersion: apps/v1'
    });
    expect(removed[44]).toEqual({
      type: 'del', oldLine: 45, text: '      terminationGracePeriodSeconds: 30'
    });
    expect(diff).toMatchObject({
      added: 0, removed: 45, removalOnly: true
    });
  });

  it('keeps the text after a hunk header and reads headers without counts as one line', () => {
    const diff = parseDiff('@@ -3 +3 @@ metadata:\n-  name: a\n+  name: b');

    expect(diff.rows[0]).toMatchObject({
      type: 'hunk', oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, context: 'metadata:'
    });
    expect(diff.rows.slice(1)).toEqual([{
      type: 'del', oldLine: 3, text: '  name: a'
    }, {
      type: 'add', newLine: 3, text: '  name: b'
    }]);
  });

  it('reads --- and +++ file headers (git prefixes dropped) and a created object starting at line 1', () => {
    const diff = parseDiff('--- a/ConfigMap/app\tnow\n+++ b/ConfigMap/app\n@@ -0,0 +1,2 @@\n+data:\n+  key: value\n');

    expect(diff.rows).toEqual([
      {
        type: 'file', oldName: 'ConfigMap/app', newName: 'ConfigMap/app'
      },
      {
        type: 'hunk', text: '@@ -0,0 +1,2 @@', oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, context: ''
      },
      {
        type: 'add', newLine: 1, text: 'data:'
      },
      {
        type: 'add', newLine: 2, text: '  key: value'
      },
    ]);
  });

  it('does not take a removed YAML document separator inside a hunk for a file header', () => {
    const diff = parseDiff('@@ -1,2 +1,1 @@\n----\n+++ kept\n a: 1');

    expect(lines(diff.rows)).toEqual([
      {
        type: 'del', oldLine: 1, text: '---'
      },
      {
        type: 'add', newLine: 1, text: '++ kept'
      },
      {
        type: 'context', oldLine: 2, newLine: 2, text: 'a: 1'
      },
    ]);
  });

  it('reads the section lines of an apply plan and of a helm plan, with the summary as a note', () => {
    const apply = parseDiff('## Deployment/web in shop: changed\n@@ -1,1 +1,1 @@\n-a\n+b\n## ConfigMap/cfg in shop: unchanged');

    expect(apply.rows.map((r) => r.type)).toEqual(['section', 'hunk', 'del', 'add', 'section']);
    expect(apply.rows[4]).toEqual({ type: 'section', text: 'ConfigMap/cfg in shop: unchanged' });
    const helm = parseDiff('0 to add, 1 to change, 0 to remove, 3 unchanged\n=== changed Deployment web\n@@ -2 +2 @@\n-x\n+y');

    expect(helm.rows[0]).toEqual({ type: 'note', text: '0 to add, 1 to change, 0 to remove, 3 unchanged' });
    expect(helm.rows[1]).toEqual({ type: 'section', text: 'changed Deployment web' });
  });

  it('ends a hunk cut short by the truncation line and shows that line as a note', () => {
    const diff = parseDiff('@@ -1,10 +0,0 @@\n-a: 1\n-b: 2\n[truncated: 3 of 12 lines shown to fit the answer size; the rest of the object is deleted too]');

    expect(diff.rows.map((r) => r.type)).toEqual(['hunk', 'del', 'del', 'note']);
    expect(diff.rows[3]).toMatchObject({ text: expect.stringContaining('[truncated: 3 of 12 lines') });
  });

  it('keeps "no newline at end of file" markers as notes and an exec plan as a plain note', () => {
    const marked = parseDiff('@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y');

    expect(marked.rows.map((r) => r.type)).toEqual(['hunk', 'del', 'note', 'add']);
    const exec = parseDiff('(no object changes: the command runs in container web of pod web-1)');

    expect(exec.rows).toEqual([{ type: 'note', text: '(no object changes: the command runs in container web of pod web-1)' }]);
    expect(exec.added + exec.removed).toBe(0);
  });

  it('reads an empty line inside a hunk as an empty context line', () => {
    const diff = parseDiff('@@ -1,3 +1,3 @@\n a\n\n-b\n+c');

    expect(lines(diff.rows)[1]).toEqual({
      type: 'context', oldLine: 2, newLine: 2, text: ''
    });
  });

  it('says a missing or blank diff is empty', () => {
    expect(isEmptyDiff(parseDiff(undefined))).toBe(true);
    expect(isEmptyDiff(parseDiff(''))).toBe(true);
    expect(isEmptyDiff(parseDiff('\n  \n'))).toBe(true);
    expect(isEmptyDiff(parseDiff(fixture('plan-scale').view.diff))).toBe(false);
  });
});
