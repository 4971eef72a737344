import { DEFAULT_TAIL, MAX_TAIL, moreTail, tailOf } from '../tail';

describe('more lines', () => {
  it('starts from the tool default when the call did not say', () => {
    expect(tailOf({})).toBe(DEFAULT_TAIL);
    expect(tailOf({ tail: 'many' })).toBe(DEFAULT_TAIL);
    expect(tailOf({ tail: 300 })).toBe(300);
  });

  it('doubles the tail, up to the tool maximum', () => {
    expect(moreTail({})).toBe(200);
    expect(moreTail({ tail: 800 })).toBe(1600);
    expect(moreTail({ tail: 1500 })).toBe(MAX_TAIL);
  });

  it('offers nothing more once the tail is at the maximum', () => {
    expect(moreTail({ tail: MAX_TAIL })).toBeUndefined();
  });
});
