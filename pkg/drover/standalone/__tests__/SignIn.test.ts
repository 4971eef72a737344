import { enableAutoUnmount, mount } from '@vue/test-utils';
import {
  startScriptedBackend, t, testController, until, type ScriptedBackend
} from '../../__tests__/support/chat';
import SignIn from '../SignIn.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;

beforeEach(async() => {
  backend = await startScriptedBackend();
});
afterEach(async() => {
  await backend.close();
});

function mountSignIn(chat = testController(backend)) {
  return mount(SignIn, { props: { chat }, attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountSignIn>;
const token = (wrapper: Wrapper) => wrapper.find<HTMLInputElement>('[data-testid="drover-sign-in-token"]');
const submit = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-sign-in-submit"]');

describe('SignIn', () => {
  it('asks for a Kubernetes token in a labelled password field, and cannot be sent empty', async() => {
    const wrapper = mountSignIn();

    expect(wrapper.find('h1').text()).toBe(t('drover.signIn.title'));
    expect(wrapper.find('label').text()).toBe(t('drover.signIn.token'));
    expect(wrapper.find('label').attributes('for')).toBe(token(wrapper).attributes('id'));
    expect(token(wrapper).attributes()).toMatchObject({ type: 'password', autocomplete: 'off' });
    expect(submit(wrapper).attributes('disabled')).toBeDefined();
    await token(wrapper).setValue('   ');
    expect(submit(wrapper).attributes('disabled')).toBeDefined();
  });

  it('sends the token to the backend, and says who signed in', async() => {
    backend.answer('POST /api/login', {
      json: {
        name: 'system:serviceaccount:shop:dev', groups: ['system:serviceaccounts'], mode: 'standalone'
      }
    });
    const wrapper = mountSignIn();

    await token(wrapper).setValue('  eyJhbGciOi.token  ');
    await submit(wrapper).trigger('click');

    await until(() => wrapper.emitted('signed-in') !== undefined, 'the sign-in');
    expect(backend.requests.at(-1)).toEqual({
      method: 'POST', url: '/api/login', body: { token: 'eyJhbGciOi.token' }
    });
    expect(wrapper.emitted('signed-in')).toEqual([[{
      name: 'system:serviceaccount:shop:dev', groups: ['system:serviceaccounts'], mode: 'standalone'
    }]]);
    expect(token(wrapper).element.value).toBe('');
  });

  it('shows why the backend refused the token, and keeps it to correct', async() => {
    backend.answer('POST /api/login', {
      status: 401,
      json:   {
        error: {
          code: 'unauthenticated', message: 'the cluster rejected this token', retryable: false
        }
      }
    });
    const wrapper = mountSignIn();

    await token(wrapper).setValue('expired-token');
    await wrapper.find('form').trigger('submit');

    await until(() => wrapper.find('[data-testid="drover-sign-in-error"]').exists(), 'the error');
    expect(wrapper.find('[data-testid="drover-sign-in-error"]').attributes('role')).toBe('alert');
    expect(wrapper.find('[data-testid="drover-sign-in-error"]').text()).toBe(t('drover.signIn.failed', { reason: 'the cluster rejected this token' }));
    expect(token(wrapper).element.value).toBe('expired-token');
    expect(submit(wrapper).attributes('disabled')).toBeUndefined();
    expect(wrapper.emitted('signed-in')).toBeUndefined();
  });

  it('says when the backend cannot be reached', async() => {
    const wrapper = mountSignIn(testController()); // a backend URL where nothing listens

    await token(wrapper).setValue('a-token');
    await wrapper.find('form').trigger('submit');
    await until(() => wrapper.find('[data-testid="drover-sign-in-error"]').exists(), 'the error');
    expect(wrapper.find('[data-testid="drover-sign-in-error"]').text()).toMatch(/^Sign-in failed: Drover's backend cannot be reached/);
  });

  it('cannot be sent twice while the first attempt is on its way', async() => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });

    backend.answer('POST /api/login', {
      json: {
        name: 'dev', groups: [], mode: 'standalone'
      }
    });
    const wrapper = mountSignIn(testController(backend, {
      fetchImpl: async(...args) => {
        await answered;

        return fetch(...args);
      }
    }));

    await token(wrapper).setValue('a-token');
    await wrapper.find('form').trigger('submit');
    expect(submit(wrapper).attributes('disabled')).toBeDefined();
    release();
    await until(() => wrapper.emitted('signed-in') !== undefined, 'the sign-in');
  });
});
