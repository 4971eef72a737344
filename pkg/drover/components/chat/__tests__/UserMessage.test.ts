import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, t, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, forLatestTurn, openChat, together
} from '../../../__tests__/support/panel';
import ChatComposer from '../ChatComposer.vue';
import UserMessage from '../UserMessage.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;
let session: BackendSession;

beforeEach(async() => {
  ({ backend, chat, session } = await openChat());
});
afterEach(() => closeChat(backend, chat));

const CONTEXT = {
  cluster:   'local',
  namespace: 'shop',
  resources: [{
    kind: 'Pod', name: 'checkout-1', namespace: 'shop'
  }],
  attachments: [{
    kind: 'logs' as const, title: 'logs of checkout-1, 2 lines', text: 'panic: boom\nexit 1'
  }],
};

async function mountWithComposer() {
  const wrapper = mountInChat(together(forLatestTurn(UserMessage), ChatComposer), chat, { attachTo: document.body });

  await until(() => wrapper.find('[data-testid="drover-user-message"]').exists(), 'the question');

  return wrapper;
}

const input = (wrapper: Awaited<ReturnType<typeof mountWithComposer>>) => wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]');

describe('UserMessage', () => {
  it('shows the question as sent, with what it carried as read-only chips', async() => {
    session.answered('t1', 'why is\ncheckout failing?', 'Two pods fail.', { context: CONTEXT });
    const wrapper = await mountWithComposer();
    const message = wrapper.find('[data-testid="drover-user-message"]');

    expect(message.find('.drover-user__who').text()).toBe(t('drover.transcript.you'));
    expect(message.find('.drover-user__text').element.textContent).toBe('why is\ncheckout failing?');
    expect(message.findAll('[data-testid="drover-chip"]').map((c) => c.text())).toEqual([
      'Cluster: local', 'Namespace: shop', 'Pod/checkout-1 · shop', 'logs of checkout-1, 2 lines',
    ]);
    expect(message.find('[data-testid="drover-chip-remove"]').exists()).toBe(false);
  });

  it('puts the question and what it carried back into the input to edit, and sends the edited question with it', async() => {
    session.answered('t1', 'why is checkout failing?', 'Two pods fail.', { context: CONTEXT });
    const wrapper = await mountWithComposer();
    const edit = wrapper.find('[data-testid="drover-user-edit"]');

    expect(edit.attributes('aria-label')).toBe(t('drover.transcript.edit'));
    await edit.trigger('click');

    expect(input(wrapper).element.value).toBe('why is checkout failing?');
    expect(wrapper.find('[data-testid="drover-composer"]').findAll('[data-testid="drover-chip"]').map((c) => c.text())).toEqual([
      'Cluster: local', 'Namespace: shop', 'Pod/checkout-1 · shop', 'logs of checkout-1, 2 lines',
    ]);
    await input(wrapper).setValue('why is checkout-1 failing?');
    await wrapper.find('[data-testid="drover-composer-send"]').trigger('click');
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'why is checkout-1 failing?', context: CONTEXT, sessionId: 's1'
    });
  });

  it('edits a question that went without a namespace without adding the page\'s', async() => {
    session.answered('t1', 'list all the nodes', 'Three nodes.', { context: { cluster: 'local' } });
    const wrapper = await mountWithComposer();

    await wrapper.find('[data-testid="drover-user-edit"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-composer"]').findAll('[data-testid="drover-chip"]').map((c) => c.text())).toEqual(['Cluster: local']);
  });
});
