// jsdom lacks what the panel's components use from the browser; each stand-in below is the minimum they need.
// Layout does not exist in jsdom: elements have no size, so virtual lists render their overscan only.
Object.defineProperty(window, 'matchMedia', {
  value: (query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} }),
});
Object.defineProperty(window.HTMLElement.prototype, 'scrollIntoView', { value() {} });
