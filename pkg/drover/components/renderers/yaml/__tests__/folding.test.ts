import {
  foldAllStarts, foldRanges, jsonFoldRanges, visibleLines, yamlFoldRanges
} from '../folding';

const yaml = (text: string) => yamlFoldRanges(text.split('\n'));

describe('yamlFoldRanges', () => {
  it('folds a key over the more indented lines after it, nested blocks included', () => {
    expect(yaml('metadata:\n  name: web\n  labels:\n    app: web\nspec: {}')).toEqual([
      {
        start: 0, end: 3, depth: 0
      },
      {
        start: 2, end: 3, depth: 1
      },
    ]);
  });

  it('folds a list written at the indentation of its key (as kubectl prints it) under that key, and each item on its own', () => {
    const text = 'containers:\n- name: web\n  image: nginx\n- name: sidecar\n  image: envoy\nrestartPolicy: Always';

    expect(yaml(text)).toEqual([
      {
        start: 0, end: 4, depth: 0
      },
      {
        start: 1, end: 2, depth: 1
      },
      {
        start: 3, end: 4, depth: 1
      },
    ]);
  });

  it('folds indented list items and the blocks inside them', () => {
    const text = 'ports:\n  - name: http\n    containerPort: 8080\n  - name: metrics\nnext: 1';

    expect(yaml(text)).toEqual([
      {
        start: 0, end: 3, depth: 0
      },
      {
        start: 1, end: 2, depth: 1
      },
    ]);
  });

  it('folds a block scalar, blank lines inside it included, ending on its last line of content', () => {
    const text = 'script: |\n  echo one\n\n  echo two\n\nnext: 1';

    expect(yaml(text)).toEqual([{
      start: 0, end: 3, depth: 0
    }]);
  });

  it('lets comments sit anywhere without ending a block', () => {
    const text = 'spec:\n# replicas are managed by the HPA\n  replicas: 2\n  paused: false';

    expect(yaml(text)).toEqual([{
      start: 0, end: 3, depth: 0
    }]);
  });

  it('does not fold a key whose value is on its line, nor a list that is not under a bare key', () => {
    expect(yaml('a: 1\nb: 2\n- x\n- y')).toEqual([]);
  });

  it('starts afresh at a document separator', () => {
    expect(yaml('a:\n  b: 1\n---\nc:\n  d: 2')).toEqual([{
      start: 0, end: 1, depth: 0
    }, {
      start: 3, end: 4, depth: 0
    }]);
  });
});

describe('jsonFoldRanges', () => {
  const json = (text: string) => jsonFoldRanges(text.split('\n'));

  it('folds each object and array from its opening line to the line before its closing bracket', () => {
    const text = JSON.stringify({ metadata: { name: 'x', labels: { app: 'x' } }, items: [1, 2] }, null, 2);

    expect(json(text)).toEqual([
      {
        start: 0, end: 10, depth: 0
      },
      {
        start: 1, end: 5, depth: 1
      },
      {
        start: 3, end: 4, depth: 2
      },
      {
        start: 7, end: 9, depth: 1
      },
    ]);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = '{\n  "a": "{[\\"}",\n  "b": [\n    "]"\n  ]\n}';

    expect(json(text)).toEqual([{
      start: 0, end: 4, depth: 0
    }, {
      start: 2, end: 3, depth: 1
    }]);
  });

  it('does not fold brackets that open and close on one line or on adjacent lines', () => {
    expect(json('{\n  "a": {},\n  "b": [\n  ]\n}')).toEqual([{
      start: 0, end: 3, depth: 0
    }]);
  });
});

describe('visibleLines', () => {
  const ranges = foldRanges('a:\n  b:\n    c: 1\n  d: 2\ne: 3'.split('\n'), 'yaml');

  it('shows every line when nothing is folded', () => {
    expect(visibleLines(5, ranges, new Set())).toEqual([0, 1, 2, 3, 4]);
  });

  it('hides the lines of folded blocks; an outer fold hides the inner ones', () => {
    expect(visibleLines(5, ranges, new Set([1]))).toEqual([0, 1, 3, 4]);
    expect(visibleLines(5, ranges, new Set([0, 1]))).toEqual([0, 4]);
  });

  it('ignores a folded line where no block starts', () => {
    expect(visibleLines(5, ranges, new Set([4]))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('foldAllStarts', () => {
  it('folds every YAML block, but not the outermost brackets of JSON', () => {
    expect(foldAllStarts(foldRanges('a:\n  b:\n    c: 1'.split('\n'), 'yaml'), 'yaml')).toEqual(new Set([0, 1]));
    expect(foldAllStarts(foldRanges('{\n  "a": {\n    "b": 1\n  }\n}'.split('\n'), 'json'), 'json')).toEqual(new Set([1]));
  });
});
