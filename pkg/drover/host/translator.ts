// Translations outside Rancher (the standalone page, and tests): the same l10n files and the same ICU message
// format (intl-messageformat) as Rancher's i18n store, so a string reads the same in both hosts.
import IntlMessageFormat from 'intl-messageformat';
import type { Translate } from './types';

type Messages = { [key: string]: string | Messages };

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;

  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }

  return typeof node === 'string' ? node : undefined;
}

/** A translator over one locale's messages; an unknown key comes back as itself, so it is seen and fixed. */
export function createTranslator(messages: Messages, locale = 'en-us'): Translate {
  const formatters = new Map<string, IntlMessageFormat | string>();

  return (key, args) => {
    let formatter = formatters.get(key);

    if (formatter === undefined) {
      const message = lookup(messages, key);

      if (message === undefined) return key;
      formatter = message.includes('{') ? new IntlMessageFormat(message, locale) : message;
      formatters.set(key, formatter);
    }

    return typeof formatter === 'string' ? formatter : String(formatter.format(args as Record<string, string | number>));
  };
}
