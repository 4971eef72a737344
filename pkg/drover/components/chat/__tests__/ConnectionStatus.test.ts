import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { connectedChat, healthyBackend } from '../../../__tests__/support/panel';
import ConnectionStatus from '../ConnectionStatus.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
});
afterEach(async() => {
  jest.useRealTimers();
  chat?.disconnect();
  await backend.close();
});

type Wrapper = ReturnType<typeof mountInChat>;
const status = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-connection"]');
const retry = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-connection-retry"]');

describe('ConnectionStatus', () => {
  it('says it is not connected before the chat starts, then connecting, then connected', async() => {
    chat = testController(backend);
    const wrapper = mountInChat(ConnectionStatus, chat);

    expect(status(wrapper).attributes('role')).toBe('status');
    expect(status(wrapper).text()).toBe(t('drover.status.stopped'));
    chat.start();
    await wrapper.vm.$nextTick();
    expect(status(wrapper).text()).toBe(t('drover.status.connecting'));
    await until(() => status(wrapper).text() === t('drover.status.connected'), 'Connected');
    expect(status(wrapper).classes()).toContain('drover-connection--open');
    expect(retry(wrapper).exists()).toBe(false);
    await until(() => chat.readiness.value !== undefined, 'the status check to finish');
  });

  it('counts down the seconds to the next attempt after the connection dropped, and retries at once on request', async() => {
    // Retries wait seconds; the page clock and the countdown's ticker are fake (frozen until advanced), the sockets real.
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    chat = await connectedChat(backend, {
      connection: {
        initialDelayMs: 20_000, maxDelayMs: 20_000, random: () => 1
      }
    });
    const wrapper = mountInChat(ConnectionStatus, chat);

    backend.dropSockets();
    await until(() => chat.connection.value.state === 'waiting', 'the connection to drop');
    const waiting = chat.connection.value as { retryAt: number };
    const wait = Math.ceil((waiting.retryAt - Date.now()) / 1_000);

    expect(wait).toBeGreaterThan(3);
    await wrapper.vm.$nextTick();
    expect(status(wrapper).text()).toContain(`Connection lost. Retrying in ${ wait } seconds…`);
    expect(status(wrapper).classes()).toContain('drover-connection--waiting');

    jest.advanceTimersByTime(1_000);
    await wrapper.vm.$nextTick();
    expect(status(wrapper).text()).toContain(`Retrying in ${ wait - 1 } seconds…`);
    jest.advanceTimersByTime((wait - 2) * 1_000);
    await wrapper.vm.$nextTick();
    expect(status(wrapper).text()).toContain('Retrying in 1 second…');

    const statusChecks = backend.requests.filter((r) => r.url === '/readyz').length;

    expect(retry(wrapper).text()).toBe(t('drover.status.retryNow'));
    await retry(wrapper).trigger('click');
    await until(() => status(wrapper).text() === t('drover.status.connected'), 'Connected again');
    expect(backend.sockets()).toBe(1);
    await until(() => backend.requests.filter((r) => r.url === '/readyz').length === statusChecks + 1, 'the status to be checked again');
    expect(jest.getTimerCount()).toBe(0);
  });
});
