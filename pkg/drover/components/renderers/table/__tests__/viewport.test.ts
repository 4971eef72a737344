import type { Virtualizer } from '@tanstack/vue-virtual';
import { measureOr, observeRectOr } from '../viewport';

describe('virtual list viewport', () => {
  it('assumes the maximum height while the list has not been laid out', () => {
    const element = document.createElement('div');
    const reported: { width: number; height: number }[] = [];
    const instance = {
      scrollElement: element, targetWindow: window, options: {}
    } as unknown as Virtualizer<HTMLElement, HTMLElement>;

    observeRectOr(360)(instance, (rect) => reported.push(rect));
    expect(reported).toEqual([{ width: 0, height: 360 }]);
  });

  it('takes the estimate for a row that measures nothing, and the measured size otherwise', () => {
    const row = document.createElement('div');

    row.setAttribute('data-index', '3');
    const estimate = jest.fn(() => 18);

    expect(measureOr(estimate)(row)).toBe(18);
    expect(estimate).toHaveBeenCalledWith(3);
    Object.defineProperty(row, 'offsetHeight', { value: 54 });
    expect(measureOr(estimate)(row)).toBe(54);
  });
});
