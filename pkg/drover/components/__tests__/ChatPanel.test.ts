import { enableAutoUnmount, mount } from '@vue/test-utils';
import type { ChatController } from '../../chat/controller';
import {
  t, testController, testHost, until, type ScriptedBackend
} from '../../__tests__/support/chat';
import { BackendSession, closeChat, fixtureResult, healthyBackend } from '../../__tests__/support/panel';
import ChatPanel from '../ChatPanel.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
  backend.answer('GET /api/sessions', {
    json: {
      sessions: [{
        id: 'old', title: 'Earlier: the ingress', createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:05:00Z'
      }]
    }
  });
});
afterEach(() => closeChat(backend, chat));

async function mountPanel(layout: 'docked' | 'page', host = testHost(backend.url)) {
  chat = testController(backend, {}, host);
  const wrapper = mount(ChatPanel, { props: { chat, layout }, attachTo: document.body });

  await until(() => chat.connection.value.state === 'open', 'the panel to connect');
  await until(() => chat.models.value !== undefined && chat.readiness.value !== undefined, 'the backend status');
  if (layout === 'page') await until(() => wrapper.find('[data-testid="drover-history-item"]').exists(), 'the history');

  return wrapper;
}

const input = (wrapper: ReturnType<typeof mount>) => wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]');
const history = (wrapper: ReturnType<typeof mount>) => wrapper.find('[data-testid="drover-history"]');

describe('ChatPanel', () => {
  it('connects when it opens and offers starter prompts for a new chat', async() => {
    const wrapper = await mountPanel('docked');

    expect(wrapper.find('[data-testid="drover-panel"]').attributes('aria-label')).toBe(t('drover.panel.label'));
    await until(() => wrapper.find('[data-testid="drover-connection"]').text().includes(t('drover.status.connected')), 'Connected');
    expect(wrapper.find('[data-testid="drover-empty"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="drover-transcript"]').exists()).toBe(false);
  });

  it('docked: keeps the history closed until asked, shows it over the chat, and closes it once a conversation is opened', async() => {
    const wrapper = await mountPanel('docked');

    expect(wrapper.classes()).toContain('drover-panel--docked');
    expect(history(wrapper).exists()).toBe(false);

    await wrapper.find('[data-testid="drover-header-history"]').trigger('click');
    expect(history(wrapper).classes()).toContain('drover-panel__history');
    await until(() => wrapper.findAll('[data-testid="drover-history-item"]').length === 1, 'the earlier conversation');
    await wrapper.find('[data-testid="drover-history-open"]').trigger('click');

    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 'old', afterSeq: 0
    });
    expect(history(wrapper).exists()).toBe(false);
    expect(document.activeElement).toBe(input(wrapper).element);
  });

  it('page: shows the history beside the chat from the start, and keeps it there after opening a conversation', async() => {
    const wrapper = await mountPanel('page');

    expect(wrapper.classes()).toContain('drover-panel--page');
    expect(history(wrapper).exists()).toBe(true);
    expect(wrapper.find('[data-testid="drover-header-close"]').exists()).toBe(false);
    await until(() => wrapper.findAll('[data-testid="drover-history-item"]').length === 1, 'the earlier conversation');

    await wrapper.find('[data-testid="drover-history-open"]').trigger('click');
    await backend.nextMessage('resume');
    expect(history(wrapper).exists()).toBe(true);

    await wrapper.find('[data-testid="drover-history-close"]').trigger('click');
    expect(history(wrapper).exists()).toBe(false);
  });

  it('sends what the user types with the page\'s scope, then streams the answer and the tool step into the conversation', async() => {
    const wrapper = await mountPanel('docked');

    await input(wrapper).setValue('why is checkout failing?');
    await input(wrapper).trigger('keydown', { key: 'Enter' });
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'why is checkout failing?', context: { cluster: 'local', namespace: 'shop' }
    });
    expect(input(wrapper).element.value).toBe('');

    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'why is checkout failing?', { context: { cluster: 'local', namespace: 'shop' } });
    await until(() => wrapper.find('[data-testid="drover-transcript"]').exists(), 'the conversation');
    expect(wrapper.find('[data-testid="drover-empty"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-header-title"]').text()).toBe('Why is checkout failing?');
    expect(wrapper.find('[data-testid="drover-user-message"]').text()).toContain('why is checkout failing?');

    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_get', fixtureResult('table-pods', ['kubectl get pods -n shop']), 420);
    session.tokens('t1', 'Two pods ', 'are crash-looping.');
    session.end('t1');
    await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the turn to end');
    expect(wrapper.find('[data-testid="drover-step-command"]').text()).toBe('kubectl get pods -n shop');
    expect(wrapper.find('[data-testid="drover-markdown"]').text()).toBe('Two pods are crash-looping.');
    expect(wrapper.find('[data-testid="drover-turn-provenance"]').text()).toBe(t('drover.transcript.provenance.tools'));
  });

  it('stops a running answer: Stop cancels the turn, and the footer says what had already run', async() => {
    const wrapper = await mountPanel('page');

    await input(wrapper).setValue('why is checkout failing?');
    await input(wrapper).trigger('keydown', { key: 'Enter' });
    await backend.nextMessage('chat');
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'why is checkout failing?');
    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_get', fixtureResult('table-pods', ['kubectl get pods -n shop']), 420);
    session.call('t1', 'c2', 'k8s_logs', { name: 'checkout-1', namespace: 'shop' }, { namespace: 'shop' });
    await until(() => wrapper.findAll('[data-testid="drover-step"]').length === 2, 'both calls');

    await wrapper.find('[data-testid="drover-composer-stop"]').trigger('click');
    expect(await backend.nextMessage('cancel')).toEqual({ type: 'cancel', turnId: 't1' });
    session.end('t1', 'cancelled');
    await until(() => wrapper.find('[data-testid="drover-turn-stopped"]').exists(), 'the stop notice');
    expect(wrapper.find('[data-testid="drover-turn-stopped"]').text()).toBe('Stopped. Already ran: kubectl get pods -n shop (done).');
    expect(wrapper.findAll('[data-testid="drover-step-status"]').map((s) => s.text())).toEqual([t('drover.step.status.done'), t('drover.step.status.failed')]);
    expect(wrapper.find('[data-testid="drover-composer-send"]').exists()).toBe(true);
  });

  it('sends a starter prompt from the empty chat, and shows the conversation in its place', async() => {
    const wrapper = await mountPanel('docked');
    const starter = wrapper.findAll('[data-testid="drover-starter"]')[0];

    expect(starter.text()).toBe('What is wrong in namespace shop?');
    await starter.trigger('click');
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'What is wrong in namespace shop?', context: { cluster: 'local', namespace: 'shop' }
    });
    expect(document.activeElement).toBe(input(wrapper).element);

    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'What is wrong in namespace shop?', { context: { cluster: 'local', namespace: 'shop' } });
    await until(() => wrapper.find('[data-testid="drover-transcript"]').exists(), 'the conversation');
    expect(wrapper.find('[data-testid="drover-empty"]').exists()).toBe(false);
  });

  it('starts afresh with New chat: the conversation goes, the starters come back and the input has the focus', async() => {
    const wrapper = await mountPanel('docked');
    const session = new BackendSession(backend);

    session.open();
    session.answered('t1', 'hello', 'Hi.');
    await until(() => wrapper.find('[data-testid="drover-turn"]').exists(), 'the conversation');

    await wrapper.find('[data-testid="drover-header-new"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-turn"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-empty"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="drover-header-title"]').text()).toBe(t('drover.panel.title'));
    expect(document.activeElement).toBe(input(wrapper).element);
  });

  it('docked: closes through the host', async() => {
    const close = jest.fn();
    const wrapper = await mountPanel('docked', {
      ...testHost(backend.url), kind: 'rancher', close
    });

    await wrapper.find('[data-testid="drover-header-close"]').trigger('click');
    expect(close).toHaveBeenCalledTimes(1);
  });
});
