import { capValue, type CapMarkers } from '../cap-value';

const markers: CapMarkers = {
  moreChars:   (n) => `…+${ n }`,
  moreItems:   (n) => `+${ n } items`,
  moreKeysKey: '…',
  moreKeys:    (n) => `+${ n } keys`,
};
const limits = { stringChars: 5, items: 2 };

describe('capValue', () => {
  it('leaves a value within the limits as it is', () => {
    const value = { a: 'short', b: [1, 2] };

    expect(capValue(value, markers, limits)).toEqual({ value, cuts: 0 });
    const nested = { c: { d: null, e: true }, f: 3 };

    expect(capValue(nested, markers, limits)).toEqual({ value: nested, cuts: 0 });
  });

  it('shortens long strings, saying how much was left out', () => {
    expect(capValue({ log: 'abcdefghij' }, markers, limits)).toEqual({ value: { log: 'abcde…+5' }, cuts: 1 });
  });

  it('cuts long arrays and objects, at any depth, and counts every cut', () => {
    const value = {
      items: [{
        a: 1, b: 2, c: 3
      }, 2, 3, 4]
    };

    expect(capValue(value, markers, limits)).toEqual({
      value: {
        items: [{
          a: 1, b: 2, '…': '+1 keys'
        }, 2, '+2 items']
      },
      cuts: 2,
    });
  });

  it('does not change the value it is given', () => {
    const value = { list: [1, 2, 3] };

    capValue(value, markers, limits);
    expect(value).toEqual({ list: [1, 2, 3] });
  });
});
