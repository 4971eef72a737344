import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, t, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, fixtureResult, forLatestTurn, openChat
} from '../../../__tests__/support/panel';
import TurnView from '../TurnView.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;
let session: BackendSession;

beforeEach(async() => {
  ({ backend, chat, session } = await openChat());
});
afterEach(() => closeChat(backend, chat));

const mountTurn = () => mountInChat(forLatestTurn(TurnView), chat);

type Wrapper = ReturnType<typeof mountTurn>;
const turnShown = (wrapper: Wrapper) => until(() => wrapper.find('[data-testid="drover-turn"]').exists(), 'the turn');
const working = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-turn-working"]');

describe('TurnView', () => {
  it('shows the question, then Drover\'s reply: busy and "Working…" until output comes, the footer once it ends', async() => {
    const wrapper = mountTurn();

    session.start('t1', 'why is checkout failing?', { context: { cluster: 'local', namespace: 'shop' } });
    await turnShown(wrapper);
    const turn = wrapper.find('[data-testid="drover-turn"]');

    expect(turn.attributes('aria-busy')).toBe('true');
    expect(wrapper.find('[data-testid="drover-user-message"]').text()).toContain('why is checkout failing?');
    expect(wrapper.find('.drover-turn__who').text()).toBe(t('drover.transcript.drover'));
    expect(working(wrapper).text()).toBe(t('drover.transcript.running'));
    expect(wrapper.find('[data-testid="drover-turn-footer"]').exists()).toBe(false);

    session.tokens('t1', 'Two pods fail.');
    await until(() => !working(wrapper).exists(), 'the indicator to give way to the answer');
    expect(wrapper.find('[data-testid="drover-markdown"]').text()).toBe('Two pods fail.');

    session.end('t1');
    await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the footer');
    expect(wrapper.find('[data-testid="drover-turn"]').attributes('aria-busy')).toBe('false');
  });

  it('does not say it works while a change waits for the user\'s approval: the card says what is awaited', async() => {
    const wrapper = mountTurn();

    session.start('t1', 'scale web to 3');
    session.call('t1', 'c1', 'k8s_scale', {
      name: 'web', namespace: 'shop', replicas: 3
    }, { readOnly: false });
    await until(() => working(wrapper).exists(), 'the call to run');
    session.approval('t1', 'c1', 'a1', 'kubectl scale deployments.apps/web --replicas=3 -n shop');
    await until(() => wrapper.find('[data-testid="drover-approval-card"]').exists(), 'the approval card');
    expect(working(wrapper).exists()).toBe(false);
  });

  it('keeps saying it works while a tool call runs, and shows everything in the order it happened', async() => {
    const wrapper = mountTurn();

    session.start('t1', 'why is checkout failing?');
    session.thinking('t1', 'List the pods.');
    session.tokens('t1', 'Let me look.');
    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { namespace: 'shop' });
    await until(() => wrapper.find('[data-testid="drover-step"]').exists(), 'the step');
    expect(working(wrapper).exists()).toBe(true);

    session.result('t1', 'c1', 'k8s_get', fixtureResult('table-pods', ['kubectl get pods -n shop']), 300);
    session.tokens('t1', 'Two pods fail.');
    session.end('t1');
    await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the end');
    const reply = wrapper.find('[data-testid="drover-turn-reply"]');
    const order = [...reply.element.children].map((el) => (el as HTMLElement).dataset.testid ?? el.className);

    expect(order).toEqual(['drover-turn__who', 'drover-thinking', 'drover-markdown', 'drover-step', 'drover-markdown', 'drover-turn-footer']);
    expect(reply.findAll('[data-testid="drover-markdown"]').map((m) => m.text())).toEqual(['Let me look.', 'Two pods fail.']);
  });

  it('shows an error of the turn as an alert, and a switch to another model as a note', async() => {
    const wrapper = mountTurn();

    session.start('t1', 'why is checkout failing?', { model: 'qwen3:8b' });
    session.fallback('t1', 'qwen3:8b', 'llama3.2:3b', 'out of memory');
    session.error('t1', 'model_error', 'the model returned an invalid tool call');
    session.end('t1', 'failed');
    await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the end');
    expect(wrapper.find('[data-testid="drover-turn-fallback"]').text()).toBe('Switched from qwen3:8b to llama3.2:3b: out of memory');
    const error = wrapper.find('[data-testid="drover-turn-error"]');

    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toBe('the model returned an invalid tool call');
    expect(wrapper.find('[data-testid="drover-turn-ending"]').text()).toBe(t('drover.transcript.endings.failed'));
  });

  it('labels the reply of a /command as a command, not as Drover\'s', async() => {
    const wrapper = mountTurn();

    session.answered('t1', '/pods -n shop', 'web-1 Running', { direct: true });
    await until(() => wrapper.find('[data-testid="drover-turn-footer"]').exists(), 'the end');
    expect(wrapper.find('.drover-turn__who').text()).toBe(t('drover.transcript.direct'));
    expect(wrapper.find('.drover-user__text').classes()).toContain('drover-user__text--command');
  });
});
