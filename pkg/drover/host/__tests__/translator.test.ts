import { createTranslator } from '../translator';
import messages from '../../l10n/en-us.yaml';

describe('the standalone translator', () => {
  const t = createTranslator(messages);

  it('reads a key of the extension\'s English strings', () => {
    expect(t('drover.composer.send')).toBe('Send');
  });

  it('fills in arguments and plurals the way Rancher\'s i18n does (ICU message format)', () => {
    expect(t('drover.panel.signedInAs', { name: 'viewer' })).toBe('Signed in as viewer');
    expect(t('drover.status.waiting', { seconds: 1 })).toBe('Connection lost. Retrying in 1 second…');
    expect(t('drover.status.waiting', { seconds: 5 })).toBe('Connection lost. Retrying in 5 seconds…');
  });

  it('returns an unknown key as itself, so a missing string is seen', () => {
    expect(t('drover.nothing.here')).toBe('drover.nothing.here');
    expect(t('drover.composer')).toBe('drover.composer');
  });
});

describe('the English strings', () => {
  it('all live under drover. (Rancher merges every extension\'s strings into one table)', () => {
    expect(Object.keys(messages)).toEqual(['drover']);
  });
});
