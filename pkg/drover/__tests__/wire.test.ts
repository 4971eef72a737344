import { decodeServerEvent, encodeClientMessage } from '../utils/wire';

describe('the UI side of the wire protocol', () => {
  it('decodes a valid server event', () => {
    const frame = JSON.stringify({
      type: 'token', turnId: 't1', text: 'Checking pods…'
    });

    expect(decodeServerEvent(frame)).toEqual({
      ok:    true,
      value: {
        type: 'token', turnId: 't1', text: 'Checking pods…'
      }
    });
  });

  it('rejects an event the protocol does not define, so no component sees it', () => {
    expect(decodeServerEvent(JSON.stringify({ type: 'render_html', html: '<img onerror=x>' })).ok).toBe(false);
  });

  it('rejects binary frames', () => {
    expect(decodeServerEvent(new ArrayBuffer(4))).toEqual({ ok: false, error: 'binary frames are not part of the protocol' });
  });

  it('encodes client messages as JSON text', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'cancel', turnId: 't1' }))).toEqual({ type: 'cancel', turnId: 't1' });
  });
});
