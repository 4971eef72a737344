// What the shell normally installs on the Vue app, so shell components mount in unit tests.
import { h } from 'vue';
import { config } from '@vue/test-utils';
import cleanHtmlDirective from '@shell/directives/clean-html';

const t = (key: string) => `%${ key }%`;

config.global.mocks = {
  t,
  $store: {
    getters:  { 'i18n/t': t, 'i18n/exists': () => true },
    dispatch: jest.fn(),
    commit:   jest.fn(),
  },
};
config.global.directives = { 'clean-html': cleanHtmlDirective };
config.global.stubs = { t: { props: ['k'], render(this: { k: string }) { return h('span', t(this.k)); } } };
