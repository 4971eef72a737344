import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { BackendSession, closeChat, connectedChat, healthyBackend } from '../../../__tests__/support/panel';
import PanelHeader from '../PanelHeader.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
});
afterEach(() => closeChat(backend, chat));

function mountHeader(layout: 'docked' | 'page' = 'docked', historyOpen = false) {
  return mountInChat(PanelHeader, chat, { props: { layout, historyOpen } });
}

type Wrapper = ReturnType<typeof mountHeader>;
const title = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-header-title"]');
const button = (wrapper: Wrapper, name: string) => wrapper.find(`[data-testid="drover-header-${ name }"]`);

describe('PanelHeader', () => {
  it('is titled "Drover" for a new chat, then after the conversation', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountHeader();

    expect(title(wrapper).text()).toBe(t('drover.panel.title'));
    const session = new BackendSession(backend, 's1', 'Checkout crash-loops after the 2.4.1 rollout');

    session.open();
    await until(() => title(wrapper).text() !== t('drover.panel.title'), 'the title');
    expect(title(wrapper).text()).toBe('Checkout crash-loops after the 2.4.1 rollout');
    expect(title(wrapper).attributes('title')).toBe('Checkout crash-loops after the 2.4.1 rollout');
  });

  it('shows which model answers and whether the chat is connected', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountHeader();

    expect(wrapper.find('[data-testid="drover-model-select"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="drover-connection"]').text()).toBe(t('drover.status.connected'));
  });

  it('starts a new chat: the conversation and the input empty, and the panel hears of it', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountHeader();
    const session = new BackendSession(backend);

    session.open();
    session.answered('t1', 'hello', 'Hi.');
    await until(() => chat.conversation.value.turns.length === 1, 'the conversation');
    chat.setDraft({ text: 'half-written' });

    const newChat = button(wrapper, 'new');

    expect(newChat.attributes('aria-label')).toBe(t('drover.panel.newChat'));
    await newChat.trigger('click');
    expect(chat.conversation.value.turns).toEqual([]);
    expect(chat.draft.value.text).toBe('');
    expect(title(wrapper).text()).toBe(t('drover.panel.title'));
    expect(wrapper.emitted('new-chat')).toHaveLength(1);

    chat.send('a fresh question');
    expect(await backend.nextMessage('chat')).not.toHaveProperty('sessionId');
  });

  it('toggles the history, saying whether it is open', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountHeader();
    const history = button(wrapper, 'history');

    expect(history.attributes()).toMatchObject({ 'aria-label': t('drover.panel.history'), 'aria-pressed': 'false' });
    await history.trigger('click');
    expect(wrapper.emitted('toggle-history')).toHaveLength(1);
    await wrapper.setProps({ historyOpen: true });
    expect(history.attributes('aria-pressed')).toBe('true');
  });

  it('closes the panel through the host when docked', async() => {
    const close = jest.fn();

    chat = await connectedChat(backend, {}, {
      ...testHost(backend.url), kind: 'rancher', close
    });
    const wrapper = mountHeader('docked');

    expect(button(wrapper, 'close').attributes('aria-label')).toBe(t('drover.panel.close'));
    await button(wrapper, 'close').trigger('click');
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('has no Close on a full page, nor when the host cannot close the chat', async() => {
    chat = await connectedChat(backend, {}, { ...testHost(backend.url), close: jest.fn() });
    expect(button(mountHeader('page'), 'close').exists()).toBe(false);
    const noClose = await connectedChat(backend);

    expect(button(mountInChat(PanelHeader, noClose, { props: { layout: 'docked', historyOpen: false } }), 'close').exists()).toBe(false);
    noClose.disconnect();
  });
});
