import { fileNameFor, mimeTypeOf } from '../file-name';

describe('fileNameFor', () => {
  it('names a document after its object: kind, namespace, name', () => {
    expect(fileNameFor({
      kind: 'Deployment', namespace: 'shop', name: 'web'
    }, 'yaml')).toBe('deployment-shop-web.yaml');
    expect(fileNameFor({ kind: 'Node', name: 'worker-1' }, 'json')).toBe('node-worker-1.json');
  });

  it('keeps only characters every file system accepts', () => {
    expect(fileNameFor({
      kind: 'Certificate', namespace: 'a/b', name: '../Evil Name:1'
    }, 'yaml')).toBe('certificate-a-b-evil-name-1.yaml');
  });

  it('falls back to the tool name, or "resource", without an object', () => {
    expect(fileNameFor(undefined, 'yaml', 'helm_get')).toBe('helm_get.yaml');
    expect(fileNameFor(undefined, 'json', '///')).toBe('resource.json');
  });
});

describe('mimeTypeOf', () => {
  it('gives the media type of each format', () => {
    expect(mimeTypeOf('yaml')).toBe('application/yaml');
    expect(mimeTypeOf('json')).toBe('application/json');
  });
});
