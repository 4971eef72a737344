import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { BackendSession, closeChat, connectedChat, healthyBackend } from '../../../__tests__/support/panel';
import ThinkingBlock from '../ThinkingBlock.vue';
import TurnView from '../TurnView.vue';

enableAutoUnmount(afterEach);

describe('ThinkingBlock', () => {
  const mountBlock = (live: boolean) => mountInChat(ThinkingBlock, testController(), { props: { text: 'The pods restart; read the logs first.', live } });

  it('keeps the model\'s reasoning collapsed under "Thinking": inside a closed disclosure, below its summary', () => {
    const wrapper = mountBlock(false);
    const details = wrapper.find<HTMLDetailsElement>('details');

    expect(details.element.open).toBe(false);
    expect(details.attributes('open')).toBeUndefined();
    expect(wrapper.find('summary').text()).toBe(t('drover.transcript.thinking'));
    expect(details.find('summary + .drover-thinking__text').text()).toBe('The pods restart; read the logs first.');
  });

  it('spins while the model is still thinking, and stops once it moved on', async() => {
    const wrapper = mountBlock(true);

    expect(wrapper.find('summary .icon-spinner').exists()).toBe(true);
    await wrapper.setProps({ live: false });
    expect(wrapper.find('summary .icon-spinner').exists()).toBe(false);
  });

  describe('in a turn', () => {
    let backend: ScriptedBackend;
    let chat: ChatController;

    beforeEach(async() => {
      backend = await healthyBackend();
    });
    afterEach(() => closeChat(backend, chat));

    it('collects streamed reasoning into one collapsed block, live until the answer starts', async() => {
      chat = await connectedChat(backend);
      const session = new BackendSession(backend);

      session.open();
      session.start('t1', 'why is checkout failing?');
      session.thinking('t1', 'The user asks about checkout. ');
      session.thinking('t1', 'List the pods first.');
      await until(() => chat.conversation.value.turns[0]?.items.length === 1 && chat.conversation.value.lastSeq === 3, 'the reasoning');
      const wrapper = mountInChat(TurnView, chat, { props: { turn: chat.conversation.value.turns[0] } });
      const block = wrapper.find('[data-testid="drover-thinking"]');

      expect((block.element as HTMLDetailsElement).open).toBe(false);
      expect(block.find('.drover-thinking__text').text()).toBe('The user asks about checkout. List the pods first.');
      expect(block.find('.icon-spinner').exists()).toBe(true);

      session.tokens('t1', 'Checking.');
      await until(() => chat.conversation.value.lastSeq === 4, 'the answer');
      await wrapper.setProps({ turn: chat.conversation.value.turns[0] });
      expect(wrapper.findAll('[data-testid="drover-thinking"]')).toHaveLength(1);
      expect(wrapper.find('[data-testid="drover-thinking"] .icon-spinner').exists()).toBe(false);
    });
  });
});
