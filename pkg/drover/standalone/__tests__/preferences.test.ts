import { applyTheme, saveNamespace, savedNamespace, savedTheme } from '../preferences';

afterEach(() => {
  window.localStorage.clear();
  document.body.className = '';
});

describe('the standalone page\'s preferences', () => {
  it('remembers the namespace the user works in, and forgets it when cleared', () => {
    expect(savedNamespace()).toBeUndefined();
    saveNamespace('shop');
    expect(savedNamespace()).toBe('shop');
    saveNamespace(undefined);
    expect(savedNamespace()).toBeUndefined();
    expect(window.localStorage.getItem('drover.namespace')).toBeNull();
  });

  it('follows the system\'s colour scheme (light, in the test page) until the user picks a theme', () => {
    expect(savedTheme()).toBe('light');
    applyTheme('dark');
    expect(savedTheme()).toBe('dark');
  });

  it('ignores a saved theme it does not know', () => {
    window.localStorage.setItem('drover.theme', 'sepia');
    expect(savedTheme()).toBe('light');
  });

  it('applies a theme to the page as one class, and remembers it', () => {
    document.body.classList.add('keep-me');
    applyTheme('dark');
    expect([...document.body.classList]).toEqual(['keep-me', 'theme-dark']);
    applyTheme('light');
    expect([...document.body.classList]).toEqual(['keep-me', 'theme-light']);
    expect(window.localStorage.getItem('drover.theme')).toBe('light');
  });
});
