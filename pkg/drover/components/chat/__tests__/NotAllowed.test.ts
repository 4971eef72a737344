import { enableAutoUnmount, mount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  PROXY_REFUSAL, roleGatedHost, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { closeChat, healthyBackend } from '../../../__tests__/support/panel';
import ChatPanel from '../../ChatPanel.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;
let close: jest.Mock;

beforeEach(async() => {
  backend = await healthyBackend();
  backend.answer('GET /api/me', PROXY_REFUSAL);
  close = jest.fn();
});
afterEach(() => closeChat(backend, chat));

async function mountRefusedPanel() {
  chat = testController(backend, {}, roleGatedHost(backend.url, { close }));
  const wrapper = mount(ChatPanel, { props: { chat, layout: 'docked' }, attachTo: document.body });

  await until(() => wrapper.find('[data-testid="drover-not-allowed"]').exists(), 'the refusal');

  return wrapper;
}

type Wrapper = Awaited<ReturnType<typeof mountRefusedPanel>>;
const retry = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-not-allowed-retry"]');

describe('NotAllowed (a user Rancher does not let use Drover)', () => {
  it('says why in place of the chat, and who grants it where', async() => {
    const wrapper = await mountRefusedPanel();
    const message = wrapper.find('[data-testid="drover-not-allowed"]');

    expect(message.attributes('role')).toBe('alert');
    expect(message.find('h3').text()).toBe('You are not allowed to use Drover');
    expect(message.find('p').text()).toBe('An administrator grants it with the global role "Drover user": Users & Authentication → Users → Edit Config.');
    expect(retry(wrapper).text()).toBe('Try again');
    for (const part of ['composer-input', 'empty', 'transcript', 'banners', 'connection', 'header-history', 'header-new']) {
      expect(wrapper.find(`[data-testid="drover-${ part }"]`).exists()).toBe(false);
    }
    await wrapper.find('[data-testid="drover-header-close"]').trigger('click');
    expect(close).toHaveBeenCalled();
  });

  it('checks once per "Try again", saying so meanwhile, and shows the chat once allowed', async() => {
    const wrapper = await mountRefusedPanel();

    await retry(wrapper).trigger('click');
    expect(retry(wrapper).text()).toBe('Checking…');
    expect(retry(wrapper).attributes('disabled')).toBeDefined();
    await until(() => retry(wrapper).text() === 'Try again', 'the second check');
    expect(backend.requests.filter((r) => r.url === '/api/me')).toHaveLength(2);

    backend.answer('GET /api/me', {
      json: {
        name: 'u-abc', groups: [], mode: 'rancher'
      }
    });
    await retry(wrapper).trigger('click');
    await until(() => wrapper.find('[data-testid="drover-composer-input"]').exists(), 'the chat');
    expect(wrapper.find('[data-testid="drover-not-allowed"]').exists()).toBe(false);
    await until(() => chat.connection.value.state === 'open', 'the chat to connect');
  });
});
