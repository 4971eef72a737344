import { enableAutoUnmount, mount } from '@vue/test-utils';
import type { ChatController } from '../../chat/controller';
import {
  t, testController, testHost, until, type ScriptedBackend
} from '../../__tests__/support/chat';
import { healthyBackend } from '../../__tests__/support/panel';
import StandalonePage from '../StandalonePage.vue';

enableAutoUnmount(afterEach);

const ME = {
  name: 'system:serviceaccount:shop:dev', groups: ['system:serviceaccounts'], mode: 'standalone'
};
const SIGNED_OUT = {
  status: 401,
  json:   {
    error: {
      code: 'unauthenticated', message: 'sign in first', retryable: false
    }
  }
};

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
  backend.answer('POST /api/logout', { status: 204 });
});
afterEach(async() => {
  chat?.disconnect();
  await backend.close();
  window.localStorage.clear();
  document.body.className = '';
});

function mountPage(namespaces = ['shop']) {
  chat = testController(backend, {}, testHost(backend.url, { cluster: 'local', namespaces }));

  return mount(StandalonePage, { props: { chat, scope: chat.host.scope }, attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountPage>;
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${ id }"]`);
const signInShown = (wrapper: Wrapper) => until(() => byTestId(wrapper, 'drover-sign-in').exists(), 'the sign-in form');
const chatShown = async(wrapper: Wrapper) => {
  await until(() => byTestId(wrapper, 'drover-panel').exists(), 'the chat');
  await until(() => chat.connection.value.state === 'open', 'the chat to connect');
  await until(() => chat.models.value !== undefined && chat.readiness.value !== undefined, 'the backend status');
  await until(() => byTestId(wrapper, 'drover-history-empty').exists(), 'the (empty) history');
};

async function signIn(wrapper: Wrapper, token = 'a-token'): Promise<void> {
  await signInShown(wrapper);
  await byTestId(wrapper, 'drover-sign-in-token').setValue(token);
  await byTestId(wrapper, 'drover-sign-in-submit').trigger('click');
}

describe('StandalonePage', () => {
  it('asks a signed-out user to sign in, and shows no chat and no namespace field', async() => {
    backend.answer('GET /api/me', SIGNED_OUT);
    const wrapper = mountPage();

    await signInShown(wrapper);
    expect(byTestId(wrapper, 'drover-panel').exists()).toBe(false);
    expect(byTestId(wrapper, 'drover-standalone-namespace').exists()).toBe(false);
    expect(byTestId(wrapper, 'drover-sign-out').exists()).toBe(false);
    expect(wrapper.find('.drover-page__brand').text()).toBe(t('drover.product.name'));
  });

  it('goes straight to the chat when the user is signed in already, in the page layout', async() => {
    backend.answer('GET /api/me', { json: ME });
    const wrapper = mountPage();

    await chatShown(wrapper);
    expect(byTestId(wrapper, 'drover-panel').classes()).toContain('drover-panel--page');
    expect(byTestId(wrapper, 'drover-standalone-user').text()).toBe(t('drover.panel.signedInAs', { name: ME.name }));
    expect(byTestId(wrapper, 'drover-sign-in').exists()).toBe(false);
  });

  it('signs in with a token and then shows the chat', async() => {
    backend.answer('GET /api/me', SIGNED_OUT);
    backend.answer('POST /api/login', { json: ME });
    const wrapper = mountPage();

    await signIn(wrapper, 'eyJhbGciOi.token');
    await chatShown(wrapper);
    expect(backend.requests.find((r) => r.url === '/api/login')).toEqual({
      method: 'POST', url: '/api/login', body: { token: 'eyJhbGciOi.token' }
    });
    expect(byTestId(wrapper, 'drover-standalone-user').text()).toBe(t('drover.panel.signedInAs', { name: ME.name }));
    expect(byTestId(wrapper, 'drover-sign-in').exists()).toBe(false);
  });

  it('shows the backend\'s message when it refuses the token', async() => {
    backend.answer('GET /api/me', SIGNED_OUT);
    backend.answer('POST /api/login', {
      status: 401,
      json:   {
        error: {
          code: 'unauthenticated', message: 'the cluster rejected this token', retryable: false
        }
      }
    });
    const wrapper = mountPage();

    await signIn(wrapper, 'bad');
    await until(() => byTestId(wrapper, 'drover-sign-in-error').exists(), 'the error');
    expect(byTestId(wrapper, 'drover-sign-in-error').text()).toBe(t('drover.signIn.failed', { reason: 'the cluster rejected this token' }));
    expect(byTestId(wrapper, 'drover-panel').exists()).toBe(false);
  });

  it('signs out: the backend forgets the token, the chat disconnects and empties, and the sign-in form is back', async() => {
    backend.answer('GET /api/me', { json: ME });
    const wrapper = mountPage();

    await chatShown(wrapper);
    chat.setDraft({ text: 'half-written' });
    await byTestId(wrapper, 'drover-sign-out').trigger('click');

    await signInShown(wrapper);
    expect(backend.requests.filter((r) => r.url === '/api/logout')).toEqual([{
      method: 'POST', url: '/api/logout', body: {}
    }]);
    expect(byTestId(wrapper, 'drover-panel').exists()).toBe(false);
    expect(chat.connection.value.state).toBe('stopped');
    expect(chat.draft.value.text).toBe('');
    expect(byTestId(wrapper, 'drover-standalone-user').exists()).toBe(false);
    expect(byTestId(wrapper, 'drover-sign-out').exists()).toBe(false);
  });

  it('signs in again after signing out, and the chat connects again', async() => {
    backend.answer('GET /api/me', { json: ME });
    backend.answer('POST /api/login', { json: { ...ME, name: 'other' } });
    const wrapper = mountPage();

    await chatShown(wrapper);
    await byTestId(wrapper, 'drover-sign-out').trigger('click');
    await signIn(wrapper);
    await chatShown(wrapper);
    expect(byTestId(wrapper, 'drover-standalone-user').text()).toBe(t('drover.panel.signedInAs', { name: 'other' }));
  });

  it('says when the backend cannot be reached at all', async() => {
    backend.answer('GET /api/me', { status: 502, text: 'Bad Gateway' });
    const wrapper = mountPage();

    await until(() => wrapper.find('.drover-page__problem').exists(), 'the problem');
    expect(wrapper.find('.drover-page__problem').attributes('role')).toBe('alert');
    expect(wrapper.find('.drover-page__problem').text()).toBe('Drover\'s backend answered HTTP 502');
    expect(byTestId(wrapper, 'drover-sign-in').exists()).toBe(false);
  });

  it('sets the namespace the chat works in: the next question carries it, and the page remembers it', async() => {
    backend.answer('GET /api/me', { json: ME });
    const wrapper = mountPage([]);

    await chatShown(wrapper);
    const field = byTestId(wrapper, 'drover-standalone-namespace');

    expect((field.element as HTMLInputElement).value).toBe('');
    expect(field.attributes('placeholder')).toBe(t('drover.standalone.allNamespaces'));
    expect(wrapper.find('label[for="drover-namespace"]').text()).toBe(t('drover.standalone.namespace'));

    await field.setValue(' payments ');
    await field.trigger('blur');
    expect(wrapper.findAll('[data-testid="drover-composer"] [data-testid="drover-chip"]').map((c) => c.text())).toEqual(['Cluster: local', 'Namespace: payments']);
    expect(window.localStorage.getItem('drover.namespace')).toBe('payments');
    await byTestId(wrapper, 'drover-composer-input').setValue('list the pods');
    await byTestId(wrapper, 'drover-composer-input').trigger('keydown', { key: 'Enter' });
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'list the pods', context: { cluster: 'local', namespace: 'payments' }
    });

    await field.setValue('');
    await wrapper.find('form.drover-page__scope').trigger('submit');
    expect(chat.host.scope.value.namespaces).toEqual([]);
    expect(window.localStorage.getItem('drover.namespace')).toBeNull();
  });

  it('starts in the saved theme, toggles between light and dark on the page, and remembers the choice', async() => {
    backend.answer('GET /api/me', SIGNED_OUT);
    window.localStorage.setItem('drover.theme', 'dark');
    const wrapper = mountPage();

    await signInShown(wrapper);
    expect(document.body.classList.contains('theme-dark')).toBe(true);
    const toggle = byTestId(wrapper, 'drover-theme-toggle');

    expect(toggle.attributes('aria-label')).toBe(t('drover.theme.toggle'));

    await toggle.trigger('click');
    expect(document.body.classList.contains('theme-light')).toBe(true);
    expect(document.body.classList.contains('theme-dark')).toBe(false);
    expect(window.localStorage.getItem('drover.theme')).toBe('light');

    await toggle.trigger('click');
    expect([...document.body.classList].filter((c) => c.startsWith('theme-'))).toEqual(['theme-dark']);
    expect(window.localStorage.getItem('drover.theme')).toBe('dark');
  });
});
