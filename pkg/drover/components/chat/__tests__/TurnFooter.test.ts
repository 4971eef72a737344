import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, t, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, fixtureResult, forLatestTurn, openChat, together
} from '../../../__tests__/support/panel';
import ChatComposer from '../ChatComposer.vue';
import TurnFooter from '../TurnFooter.vue';

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
  }]
};
const PODS = () => fixtureResult('table-pods', ['kubectl get pods -n shop']);
const FAILED = {
  isError: true, summary: 'pods is forbidden', forbidden: true, commands: ['kubectl get pods -n kube-system']
};

/** The footer of the latest turn, shown once that turn ended (as TurnView does). */
async function mountFooter() {
  const wrapper = mountInChat(forLatestTurn(TurnFooter, (turn) => (turn.status === 'running' ? undefined : { turn })), chat, { attachTo: document.body });

  await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the turn to end');

  return wrapper;
}

type Wrapper = Awaited<ReturnType<typeof mountFooter>>;
const part = (wrapper: Wrapper, name: string) => wrapper.find(`[data-testid="drover-turn-${ name }"]`);

describe('TurnFooter', () => {
  describe('what an answer is based on', () => {
    it('says it rests on live data when a tool call returned some', async() => {
      session.start('t1', 'why is checkout failing?');
      session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'kube-system' });
      session.result('t1', 'c1', 'k8s_get', FAILED);
      session.call('t1', 'c2', 'k8s_get', { kind: 'pods', namespace: 'shop' });
      session.result('t1', 'c2', 'k8s_get', PODS());
      session.tokens('t1', 'Two pods fail.');
      session.end('t1');
      const wrapper = await mountFooter();

      expect(part(wrapper, 'provenance').text()).toBe(t('drover.transcript.provenance.tools'));
      expect(part(wrapper, 'provenance').find('.icon-checkmark').exists()).toBe(true);
    });

    it('warns when every tool call failed', async() => {
      session.start('t1', 'why is checkout failing?');
      session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'kube-system' });
      session.result('t1', 'c1', 'k8s_get', FAILED);
      session.tokens('t1', 'Probably the image.');
      session.end('t1');
      const wrapper = await mountFooter();

      expect(part(wrapper, 'provenance').text()).toBe(t('drover.transcript.provenance.failedTools'));
      expect(part(wrapper, 'provenance').find('.icon-warning').exists()).toBe(true);
    });

    it('warns when no tool ran', async() => {
      session.answered('t1', 'what is a pod?', 'The smallest unit that runs containers.');
      const wrapper = await mountFooter();

      expect(part(wrapper, 'provenance').text()).toBe(t('drover.transcript.provenance.none'));
    });

    it('says nothing about sources when there is no answer, or for a /command', async() => {
      session.start('t1', 'why is checkout failing?');
      session.error('t1', 'model_error', 'the model failed');
      session.end('t1', 'failed');
      const wrapper = await mountFooter();

      expect(part(wrapper, 'provenance').exists()).toBe(false);
      expect(part(wrapper, 'ending').text()).toBe(t('drover.transcript.endings.failed'));
      expect(wrapper.find('[data-testid="drover-copy"]').exists()).toBe(false);

      session.answered('t2', '/pods -n shop', 'web-1 Running', { direct: true });
      await until(() => part(wrapper, 'usage').exists() && chat.conversation.value.turns.length === 2 && !part(wrapper, 'ending').exists(), 'the command');
      expect(part(wrapper, 'provenance').exists()).toBe(false);
      expect(wrapper.find('[data-testid="drover-feedback"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="drover-copy"]').exists()).toBe(true);
      expect(part(wrapper, 'retry').exists()).toBe(true);
    });
  });

  it('shows the tokens used and how long the turn took', async() => {
    session.answered('t1', 'hello', 'Hi.');
    const wrapper = await mountFooter();

    expect(part(wrapper, 'usage').text()).toBe('812 + 64 tokens · 3.2 s');
  });

  it('leaves out the tokens when none were counted', async() => {
    session.start('t1', '/help', { direct: true });
    session.tokens('t1', 'Commands: …');
    session.end('t1', 'answered', { tokens: { prompt: 0, completion: 0 }, durationMs: 1_500 });
    const wrapper = await mountFooter();

    expect(part(wrapper, 'usage').text()).toBe('1.5 s');
  });

  it('says why a turn stopped early, with the backend\'s notice', async() => {
    session.start('t1', 'check every namespace');
    session.tokens('t1', 'So far: shop is fine.');
    session.end('t1', 'step_limit', { notice: 'Drover made 12 tool calls, the most one answer may make.' });
    const wrapper = await mountFooter();

    expect(part(wrapper, 'ending').text()).toBe('Stopped at the step limit. Drover made 12 tool calls, the most one answer may make.');
    expect(part(wrapper, 'provenance').exists()).toBe(false);
  });

  describe('after Stop', () => {
    it('lists the commands that already ran, with how each ended', async() => {
      session.start('t1', 'why is checkout failing?');
      session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' });
      session.result('t1', 'c1', 'k8s_get', PODS());
      session.call('t1', 'c2', 'k8s_get', { kind: 'pods', namespace: 'kube-system' });
      session.result('t1', 'c2', 'k8s_get', FAILED);
      session.call('t1', 'c3', 'k8s_logs', { name: 'checkout-1', namespace: 'shop' });
      session.end('t1', 'cancelled', { notice: 'Cancelled by the user.' });
      const wrapper = await mountFooter();

      expect(part(wrapper, 'stopped').text()).toBe('Stopped. Already ran: kubectl get pods -n shop (done); kubectl get pods -n kube-system (failed).');
      expect(part(wrapper, 'ending').exists()).toBe(false);
      expect(part(wrapper, 'provenance').exists()).toBe(false);
    });

    it('says when it stopped before any tool ran', async() => {
      session.start('t1', 'why is checkout failing?');
      session.tokens('t1', 'Let me');
      session.end('t1', 'cancelled');
      const wrapper = await mountFooter();

      expect(part(wrapper, 'stopped').text()).toBe(t('drover.transcript.stoppedNothing'));
    });
  });

  describe('copy', () => {
    let writeText: jest.Mock;

    beforeEach(() => {
      writeText = jest.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    });
    afterEach(() => {
      Reflect.deleteProperty(navigator, 'clipboard');
    });

    it('copies the whole answer, and says it did', async() => {
      session.start('t1', 'why is checkout failing?');
      session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' });
      session.result('t1', 'c1', 'k8s_get', PODS());
      session.tokens('t1', 'Two **pods** ', 'fail:\n\n- `checkout-1`');
      session.end('t1');
      const wrapper = await mountFooter();
      const copy = wrapper.find('[data-testid="drover-copy"]');

      expect(copy.attributes('aria-label')).toBe(t('drover.transcript.copy'));
      await copy.trigger('click');
      await until(() => copy.text().includes(t('drover.transcript.copied')), 'Copied');
      expect(writeText).toHaveBeenCalledWith('Two **pods** fail:\n\n- `checkout-1`');
    });

    it('does not claim to have copied when the browser refuses', async() => {
      writeText.mockRejectedValue(new Error('not allowed'));
      session.answered('t1', 'hello', 'Hi.');
      const wrapper = await mountFooter();
      const copy = wrapper.find('[data-testid="drover-copy"]');

      await copy.trigger('click');
      await until(() => writeText.mock.calls.length === 1, 'the copy');
      await wrapper.vm.$nextTick();
      expect(copy.text()).toBe(t('drover.transcript.copy'));
    });
  });

  describe('Ask again', () => {
    it('asks the same question with what it carried, in the same session', async() => {
      session.answered('t1', 'why is checkout-1 failing?', 'OOMKilled.', { context: CONTEXT });
      const wrapper = await mountFooter();
      const retry = part(wrapper, 'retry');

      expect(retry.text()).toBe(t('drover.transcript.retry'));
      await retry.trigger('click');
      expect(await backend.nextMessage('chat')).toEqual({
        type: 'chat', text: 'why is checkout-1 failing?', context: CONTEXT, sessionId: 's1'
      });
    });

    it('puts the question back into the input when it cannot be sent now (not connected)', async() => {
      session.answered('t1', 'why is checkout-1 failing?', 'OOMKilled.', { context: CONTEXT });
      const wrapper = mountInChat(together(forLatestTurn(TurnFooter, (turn) => (turn.status === 'running' ? undefined : { turn })), ChatComposer), chat);

      await until(() => part(wrapper, 'retry').exists(), 'the footer');
      chat.disconnect();
      await part(wrapper, 'retry').trigger('click');
      expect(wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]').element.value).toBe('why is checkout-1 failing?');
      expect(wrapper.findAll('[data-testid="drover-composer"] [data-testid="drover-chip"]').map((c) => c.text()))
        .toEqual(['Cluster: local', 'Namespace: shop', 'Pod/checkout-1 · shop']);
    });

    it('cannot be pressed while another turn runs', async() => {
      session.answered('t1', 'why is checkout-1 failing?', 'OOMKilled.', { context: CONTEXT });
      await until(() => chat.conversation.value.turns[0]?.status === 'answered', 'the first turn');
      const wrapper = mountInChat(TurnFooter, chat, { props: { turn: chat.conversation.value.turns[0] } });

      expect(part(wrapper, 'retry').attributes('disabled')).toBeUndefined();
      session.start('t2', 'and cache-0?');
      await until(() => part(wrapper, 'retry').attributes('disabled') !== undefined, 'Ask again to be disabled');
      session.end('t2');
      await until(() => part(wrapper, 'retry').attributes('disabled') === undefined, 'Ask again to be enabled');
    });
  });
});
