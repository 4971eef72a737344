import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { stepsOf, type StepState } from '../../../chat/conversation';
import {
  mountInChat, t, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, fixtureResult, forLatestTurn, openChat
} from '../../../__tests__/support/panel';
import ToolStep from '../ToolStep.vue';

enableAutoUnmount(afterEach);

/** The latest step of the latest turn, kept current. */
const LatestStep = forLatestTurn(ToolStep, (turn) => {
  const step = stepsOf(turn).at(-1);

  return step ? { step } : undefined;
});

type Wrapper = ReturnType<typeof mountInChat>;
const field = (wrapper: Wrapper, name: string) => wrapper.find(`[data-testid="drover-step-${ name }"]`);

describe('ToolStep', () => {
  let backend: ScriptedBackend;
  let chat: ChatController;
  let session: BackendSession;

  beforeEach(async() => {
    ({ backend, chat, session } = await openChat());
    session.start('t1', 'why is checkout failing?');
  });
  afterEach(() => closeChat(backend, chat));

  async function mountStep() {
    const wrapper = mountInChat(LatestStep, chat);

    await until(() => wrapper.find('[data-testid="drover-step"]').exists(), 'the step');

    return wrapper;
  }

  it('shows a running read as the tool and its arguments, where it runs, that it runs, and for how long so far', async() => {
    session.call('t1', 'c1', 'k8s_get', {
      kind: 'pods', namespace: 'shop', labelSelector: { app: 'checkout' }, limit: 50
    }, { namespace: 'shop' });
    const wrapper = await mountStep();
    const step = wrapper.find('[data-testid="drover-step"]');

    expect(step.attributes('role')).toBe('group');
    expect(step.attributes('aria-label')).toBe('Tool call k8s_get');
    expect(field(wrapper, 'command').text()).toBe('k8s_get kind=pods namespace=shop limit=50');
    expect(field(wrapper, 'scope').text()).toBe('local / shop');
    expect(field(wrapper, 'status').text()).toBe(t('drover.step.status.running'));
    expect(field(wrapper, 'elapsed').text()).toMatch(/^\d+\.\d s$/);
    expect(step.find('.icon-spinner').exists()).toBe(true);
    expect(field(wrapper, 'result').exists()).toBe(false);
  });

  it('shows the exact command that ran once the result is in, done, its duration and summary, and the result as a table', async() => {
    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { namespace: 'shop' });
    const wrapper = await mountStep();

    session.result('t1', 'c1', 'k8s_get', fixtureResult('table-pods', ['kubectl get pods -n shop']), 420);
    await until(() => field(wrapper, 'status').text() === t('drover.step.status.done'), 'the call to be done');

    expect(field(wrapper, 'command').text()).toBe('kubectl get pods -n shop');
    expect(field(wrapper, 'command').attributes('title')).toBe('kubectl get pods -n shop');
    expect(field(wrapper, 'elapsed').text()).toBe('0.4 s');
    expect(field(wrapper, 'summary').text()).toBe('pods in namespace ui-shop: 10 of 10 shown');
    expect(field(wrapper, 'summary').classes()).not.toContain('drover-step__summary--error');
    expect(wrapper.find('.icon-checkmark').exists()).toBe(true);
    expect(wrapper.find('.drover-step__commands').exists()).toBe(false);

    await until(() => wrapper.find('[data-testid="drover-table-view"]').exists(), 'the table renderer to load');
    expect(field(wrapper, 'result').text()).toContain('checkout-57b79b7c49-xp2q4');
  });

  it('collapses the result and shows it again', async() => {
    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_get', fixtureResult('table-pods', ['kubectl get pods -n shop']), 420);
    const wrapper = await mountStep();

    await until(() => wrapper.find('[data-testid="drover-table-view"]').exists(), 'the table renderer to load');
    const toggle = field(wrapper, 'toggle');

    expect(toggle.attributes()).toMatchObject({ 'aria-expanded': 'true', 'aria-label': t('drover.step.hideResult') });

    await toggle.trigger('click');
    expect(field(wrapper, 'result').exists()).toBe(false);
    expect(toggle.attributes()).toMatchObject({ 'aria-expanded': 'false', 'aria-label': t('drover.step.showResult') });
    expect(field(wrapper, 'summary').text()).toBe('pods in namespace ui-shop: 10 of 10 shown');

    await toggle.trigger('click');
    expect(wrapper.find('[data-testid="drover-table-view"]').exists()).toBe(true);
  });

  it('lists every command when the call ran several', async() => {
    session.call('t1', 'c1', 'k8s_describe', {
      kind: 'pod', name: 'checkout-1', namespace: 'shop'
    }, { namespace: 'shop' });
    const commands = ['kubectl describe pod checkout-1 -n shop', 'kubectl get events -n shop --field-selector involvedObject.name=checkout-1', 'GET /api/v1/namespaces/shop/pods/checkout-1/log'];

    session.result('t1', 'c1', 'k8s_describe', fixtureResult('describe-pod', commands), 1_250);
    const wrapper = await mountStep();

    await until(() => field(wrapper, 'summary').exists(), 'the result');
    expect(field(wrapper, 'command').text()).toBe(commands[2]);
    const list = wrapper.find('.drover-step__commands');

    expect(list.find('summary').text()).toBe(t('drover.step.commands'));
    expect(list.findAll('code').map((c) => c.text())).toEqual(commands);
    expect(field(wrapper, 'elapsed').text()).toBe('1.3 s');
  });

  it('shows a failed call with its error and no result view', async() => {
    session.call('t1', 'c1', 'k8s_logs', { name: 'checkout-1', namespace: 'shop' }, { namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_logs', {
      isError: true, summary: 'container "checkout" in pod "checkout-1" is waiting to start', commands: ['kubectl logs checkout-1 -n shop']
    }, 90);
    const wrapper = await mountStep();

    await until(() => field(wrapper, 'status').text() === t('drover.step.status.failed'), 'the failure');
    expect(wrapper.find('[data-testid="drover-step"]').classes()).toContain('drover-step--failed');
    expect(wrapper.find('.icon-error').exists()).toBe(true);
    expect(field(wrapper, 'summary').text()).toBe('container "checkout" in pod "checkout-1" is waiting to start');
    expect(field(wrapper, 'summary').classes()).toContain('drover-step__summary--error');
    expect(field(wrapper, 'toggle').exists()).toBe(false);
    expect(field(wrapper, 'result').exists()).toBe(false);
  });

  it('says when a result was cut to fit', async() => {
    session.call('t1', 'c1', 'k8s_get', { kind: 'configmap', name: 'big' }, { namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_get', {
      isError:    false,
      summary:    'configmap big (cut)',
      structured: {
        kind: 'text', title: 'big', text: 'data…', truncated: true
      }
    });
    const wrapper = await mountStep();

    await until(() => field(wrapper, 'status').text() === t('drover.step.status.truncated'), 'the result');
    expect(field(wrapper, 'elapsed').exists()).toBe(true);
  });

  it('shows the planned command of a change, and that it waits for approval', async() => {
    const command = 'kubectl scale deployment/web --replicas=0 -n shop';

    session.call('t1', 'c1', 'k8s_scale', {
      kind: 'deployment', name: 'web', namespace: 'shop', replicas: 0
    }, {
      readOnly: false, command, namespace: 'shop'
    });
    session.approval('t1', 'c1', 'a1', command);
    const wrapper = await mountStep();

    await until(() => field(wrapper, 'status').text() === t('drover.step.status.awaiting-approval'), 'the approval');
    expect(field(wrapper, 'command').text()).toBe(command);
    expect(wrapper.find('[data-testid="drover-step"]').classes()).toContain('drover-step--awaiting-approval');
    expect(wrapper.find('[data-testid="drover-approval-card"]').exists()).toBe(true);

    session.resolved('t1', 'a1', 'denied');
    await until(() => field(wrapper, 'status').text() === t('drover.step.status.denied'), 'the denial');
  });

  it('names only the cluster for a call without a namespace, and the page\'s cluster when the call names none', async() => {
    session.call('t1', 'c1', 'k8s_get', { kind: 'nodes' }, { cluster: 'c-m-prod' });
    const wrapper = await mountStep();

    expect(field(wrapper, 'scope').text()).toBe('c-m-prod');

    session.call('t1', 'c2', 'k8s_get', { kind: 'namespaces' }, { cluster: undefined });
    await until(() => field(wrapper, 'command').text() === 'k8s_get kind=namespaces', 'the second call');
    expect(field(wrapper, 'scope').text()).toBe('local');
  });

  it('names no cluster when neither the call nor the page names one, rather than guessing', async() => {
    chat.host.scope.value = { namespaces: ['shop'] };
    session.call('t1', 'c1', 'k8s_get', { kind: 'pods', namespace: 'shop' }, { cluster: undefined, namespace: 'shop' });
    const wrapper = await mountStep();

    expect(field(wrapper, 'scope').text()).toBe('shop');

    session.call('t1', 'c2', 'k8s_get', { kind: 'nodes' }, { cluster: undefined });
    await until(() => field(wrapper, 'command').text() === 'k8s_get kind=nodes', 'the second call');
    expect(field(wrapper, 'scope').exists()).toBe(false);
  });

  it('marks a call that was still running when the turn was stopped as failed', async() => {
    session.call('t1', 'c1', 'k8s_logs', { name: 'checkout-1', namespace: 'shop' }, { namespace: 'shop' });
    const wrapper = await mountStep();

    session.end('t1', 'cancelled');
    await until(() => field(wrapper, 'status').text() === t('drover.step.status.failed'), 'the step to end');
    expect(wrapper.find('.icon-spinner').exists()).toBe(false);
  });
});

describe('ToolStep elapsed time', () => {
  const START = Date.parse('2026-05-04T10:00:00Z');

  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const running: StepState = {
    callId: 'c1', tool: 'k8s_logs', arguments: { name: 'web-1' }, readOnly: true, cluster: 'local', namespace: 'shop', status: 'running', startedAt: START,
  };

  it('counts up while the call runs, and shows the call\'s own duration once it ended', async() => {
    const wrapper = mountInChat(ToolStep, testController(), { props: { step: running } });

    expect(wrapper.find('[data-testid="drover-step-elapsed"]').text()).toBe('0.0 s');
    jest.advanceTimersByTime(1_500);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="drover-step-elapsed"]').text()).toBe('1.5 s');
    jest.advanceTimersByTime(1_000);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="drover-step-elapsed"]').text()).toBe('2.5 s');

    await wrapper.setProps({
      step: {
        ...running, status: 'done', durationMs: 2_345, result: { isError: false, summary: '3 lines' }
      }
    });
    expect(wrapper.find('[data-testid="drover-step-elapsed"]').text()).toBe('2.3 s');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows no time for a call replayed from history without one', () => {
    const wrapper = mountInChat(ToolStep, testController(), {
      props: {
        step: {
          ...running, startedAt: undefined, status: 'done'
        }
      }
    });

    expect(wrapper.find('[data-testid="drover-step-elapsed"]').exists()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});
