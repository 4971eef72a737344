// What the virtual lists of the table and the log viewer need beyond @tanstack/vue-virtual's defaults: a list that
// is not laid out yet (a result still collapsed, a panel opening) measures 0 px, and a virtualizer would then
// render no row at all until it is resized. Until a real size arrives, assume the list's own maximum height, and
// take a row that measures nothing at its estimated height.
import { observeElementRect, type Rect, type Virtualizer } from '@tanstack/vue-virtual';

export function observeRectOr(fallbackHeight: number) {
  return <S extends Element, I extends Element>(instance: Virtualizer<S, I>, report: (rect: Rect) => void) => observeElementRect(
    instance, (rect) => report(rect.height > 0 ? rect : { width: rect.width, height: fallbackHeight })
  );
}

export function measureOr(estimate: (index: number) => number) {
  return (element: Element, entry?: ResizeObserverEntry): number => {
    const height = Math.round(entry?.borderBoxSize?.[0]?.blockSize ?? (element as HTMLElement).offsetHeight);

    if (height > 0) return height;
    const index = Number(element.getAttribute('data-index'));

    return estimate(Number.isNaN(index) ? 0 : index);
  };
}
