// Stands in for the shell's utils/dynamic-importer.js, which loads translations through webpack's lazy chunks;
// the harness has only the shell's English strings, bundled.
import en from '@shell/assets/translations/en-us.yaml';

export function loadTranslation(locale: string): Promise<Record<string, unknown>> {
  if (locale !== 'en-us') return Promise.reject(new Error(`the harness has no '${ locale }' translations`));
  return Promise.resolve(en);
}
