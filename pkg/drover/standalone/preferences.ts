// What the standalone page remembers in the browser: the namespace the user works in and the theme.
const NAMESPACE_KEY = 'drover.namespace';
const THEME_KEY = 'drover.theme';

export type Theme = 'light' | 'dark';

export const savedNamespace = (): string | undefined => window.localStorage.getItem(NAMESPACE_KEY) ?? undefined;

export function saveNamespace(namespace: string | undefined): void {
  if (namespace) window.localStorage.setItem(NAMESPACE_KEY, namespace);
  else window.localStorage.removeItem(NAMESPACE_KEY);
}

/** The saved theme, else the system's preference. */
export function savedTheme(): Theme {
  const saved = window.localStorage.getItem(THEME_KEY);

  if (saved === 'light' || saved === 'dark') return saved;

  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  window.localStorage.setItem(THEME_KEY, theme);
  document.body.classList.remove('theme-light', 'theme-dark');
  document.body.classList.add(`theme-${ theme }`);
}
