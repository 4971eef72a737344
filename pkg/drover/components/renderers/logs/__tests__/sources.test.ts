import { logFileName, sourceLabels, sourceTone } from '../sources';

const ref = {
  kind: 'Deployment', namespace: 'shop', name: 'web'
};

describe('log sources', () => {
  it('labels nothing when every line comes from one container', () => {
    expect(sourceLabels([{
      pod: 'web-1', container: 'web', text: 'a'
    }, {
      pod: 'web-1', container: 'web', text: 'b'
    }])).toBeUndefined();
    expect(sourceLabels([{ text: 'a' }])).toBeUndefined();
  });

  it('labels each line [pod/container] with a tone per source when several speak', () => {
    const labels = sourceLabels([
      {
        pod: 'web-1', container: 'web', text: 'a'
      },
      {
        pod: 'web-2', container: 'web', text: 'b'
      },
      {
        pod: 'web-1', container: 'web', text: 'c'
      },
      {
        pod: 'web-1', container: 'sidecar', text: 'd'
      },
    ]);

    expect(labels).toEqual({
      labels: ['[web-1/web]', '[web-2/web]', '[web-1/web]', '[web-1/sidecar]'], tones: [0, 1, 0, 2], count: 3
    });
  });

  it('names a downloaded log after the pod and its container, and the run', () => {
    expect(logFileName({
      ref: { kind: 'Pod', name: 'checkout-7f9d' }, container: 'app', previous: false
    })).toBe('checkout-7f9d-app.log');
    expect(logFileName({
      ref: { kind: 'Pod', name: 'checkout-7f9d' }, container: 'app', previous: true
    })).toBe('checkout-7f9d-app-previous.log');
    expect(logFileName({ ref, previous: false })).toBe('web.log');
  });

  it('gives each source a theme colour, in turn', () => {
    expect(sourceTone(0)).toBe('color-mix(in srgb, var(--link) 60%, var(--logs-text))');
    expect(sourceTone(6)).toBe(sourceTone(0));
    expect(sourceTone(1)).not.toBe(sourceTone(0));
    expect(sourceTone(3)).not.toMatch(/#[0-9a-f]{3}|rgba?\(/i);
  });
});
