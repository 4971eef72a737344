import type { ServerEvent } from '@drover/protocol';
import { flushPromises } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import ApprovalCard from '../ApprovalCard.vue';
import type { ChatController } from '../../../chat/controller';
import { stepsOf, type ApprovalState, type StepState, type StepStatus } from '../../../chat/conversation';
import {
  mountInChat, startScriptedBackend, testController, until, type ScriptedBackend,
} from '../../../__tests__/support/chat';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);
const $ = (id: string) => `[data-testid="drover-approval-${ id }"]`;

/** A step waiting for approval, built from a real plan fixture (its command, diff and warnings). */
function stepFrom(name: string, approval: Partial<ApprovalState> = {}, status: StepStatus = 'awaiting-approval'): StepState {
  const { tool, arguments: args, view } = fixture(name);

  return {
    callId:    `call-${ name }`,
    tool,
    arguments: args,
    readOnly:  false,
    command:   view.command,
    cluster:   'local',
    namespace: args.namespace,
    status,
    approval:  {
      approvalId: `approval-${ name }`,
      plan:       {
        command: view.command, diff: view.diff, warnings: view.warnings
      },
      expiresAt:   new Date(Date.now() + 105_000).toISOString(),
      cluster:     'local',
      namespace:   args.namespace,
      canRemember: true,
      ...approval,
    },
  };
}

const decided = (step: StepState, decision: ApprovalState['decision'], decidedBy: ApprovalState['decidedBy'], status: StepStatus): StepState => ({
  ...step,
  status,
  approval: {
    ...step.approval!, decision, decidedBy
  },
});

const isDisabled = (wrapper: ReturnType<typeof mountInChat>, id: string) => wrapper.get($(id)).attributes('disabled') !== undefined;

describe('ApprovalCard: what it shows', () => {
  it('says what will happen, where, with which exact command, as a named region', () => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale') } });
    const card = wrapper.get($('card'));

    expect(card.attributes('role')).toBe('region');
    expect(card.attributes('aria-label')).toBe('Approval request: Scale deployment web to 5 replicas');
    expect(wrapper.get($('heading')).text()).toBe('Scale deployment web to 5 replicas');
    expect(wrapper.get($('cluster')).text()).toBe('Cluster: local');
    expect(wrapper.get($('namespace')).text()).toBe('Namespace: ui-shop');
    expect(wrapper.get('[data-testid="drover-plan-command"]').text()).toBe('kubectl scale deployments.apps/web --replicas=5 --namespace=ui-shop');
    expect(wrapper.find('[data-testid="drover-copy"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="drover-plan-diff"]').text()).toContain('replicas: 5');
    expect(wrapper.find('[data-testid="drover-plan-warnings"]').exists()).toBe(false);
  });

  it('makes the danger of a real scale-to-zero plan stand out', () => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale-zero') } });
    const warning = wrapper.get('[data-testid="drover-plan-warning"]');

    expect(warning.attributes('data-level')).toBe('danger');
    expect(warning.text()).toContain('Stops every pod');
    expect(warning.text()).toContain('scales Deployment checkout to zero');
  });

  it('shows the object a real delete removes, with its warnings', () => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-delete') } });

    expect(wrapper.get($('heading')).text()).toBe('Delete deployment web');
    expect(wrapper.get('[data-testid="drover-plan-diff-removal"]').text()).toBe('The whole object is removed.');
    expect(wrapper.findAll('[data-testid="drover-plan-diff-line"]')).toHaveLength(45);
    expect(wrapper.get('[data-testid="drover-plan-warning"]').text()).toContain('its 2 pods (selector app=web) are deleted with it');
  });

  it('says "cluster-wide" when the change names no namespace', () => {
    const step = stepFrom('plan-delete', { namespace: undefined });
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: { ...step, namespace: undefined } } });

    expect(wrapper.get($('namespace')).text()).toBe('Cluster-wide (no namespace)');
  });

  it('offers the session rule only when the backend allows it, naming the tool and the namespace', () => {
    const offered = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale') } });

    expect(offered.get($('remember')).element.closest('label')!.textContent!.trim()).toBe('Allow k8s_scale in ui-shop for the rest of this session');
    const withheld = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-delete', { canRemember: false }) } });

    expect(withheld.find($('remember')).exists()).toBe(false);
  });
});

describe('ApprovalCard: answering over the socket', () => {
  let backend: ScriptedBackend;
  let controller: ChatController;

  beforeEach(async() => {
    backend = await startScriptedBackend();
    controller = testController(backend);
    controller.start();
    await until(() => controller.connection.value.state === 'open', 'the chat socket to open');
  });

  afterEach(async() => {
    controller.disconnect();
    await backend.close();
  });

  it('sends approve when Approve is clicked, waits with the buttons locked, then moves focus to the outcome', async() => {
    const step = stepFrom('plan-scale');
    const wrapper = mountInChat(ApprovalCard, controller, { props: { step }, attachTo: document.body });
    const sent = backend.nextMessage('approve');

    await wrapper.get($('approve')).trigger('click');
    expect(await sent).toEqual({ type: 'approve', approvalId: 'approval-plan-scale' });
    expect(isDisabled(wrapper, 'approve')).toBe(true);
    expect(isDisabled(wrapper, 'deny')).toBe(true);
    expect(wrapper.get($('sending')).text()).toBe('Sending…');
    await wrapper.setProps({ step: decided(step, 'approved', 'user', 'running') });
    await flushPromises();
    expect(wrapper.get($('outcome')).text()).toContain('Approved by you');
    expect(wrapper.find($('approve')).exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get($('outcome')).element);
    wrapper.unmount();
  });

  it('asks for a session rule when the box is ticked', async() => {
    const wrapper = mountInChat(ApprovalCard, controller, { props: { step: stepFrom('plan-scale') } });

    await wrapper.get($('remember')).setValue(true);
    const sent = backend.nextMessage('approve');

    await wrapper.get($('approve')).trigger('click');
    expect(await sent).toEqual({
      type: 'approve', approvalId: 'approval-plan-scale', rememberForSession: true
    });
  });

  it('denies with the reason the user gives, which goes back to the model', async() => {
    const wrapper = mountInChat(ApprovalCard, controller, { props: { step: stepFrom('plan-delete') }, attachTo: document.body });

    await wrapper.get($('deny')).trigger('click');
    const reason = wrapper.get($('reason'));

    expect(document.activeElement).toBe(reason.element);
    expect(wrapper.get(`label[for="${ reason.attributes('id') }"]`).text()).toBe('Tell Drover why (optional)');
    expect(reason.attributes('maxlength')).toBe('500');
    await reason.setValue('  Scale it to zero instead; we need the object.  ');
    expect(wrapper.text()).toContain('49 / 500');
    const sent = backend.nextMessage('deny');

    await wrapper.get($('deny-form')).trigger('submit');
    expect(await sent).toEqual({
      type: 'deny', approvalId: 'approval-plan-delete', reason: 'Scale it to zero instead; we need the object.'
    });
    expect(isDisabled(wrapper, 'deny-confirm')).toBe(true);
    expect(wrapper.get($('sending')).text()).toBe('Sending…');
    wrapper.unmount();
  });

  it('denies without a reason, and Cancel or Escape leave without denying', async() => {
    const wrapper = mountInChat(ApprovalCard, controller, { props: { step: stepFrom('plan-scale') }, attachTo: document.body });

    await wrapper.get($('deny')).trigger('click');
    await wrapper.get($('deny-cancel')).trigger('click');
    expect(wrapper.find($('reason')).exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get($('deny')).element);
    await wrapper.get($('deny')).trigger('click');
    await wrapper.get($('reason')).trigger('keydown', { key: 'Escape' });
    expect(wrapper.find($('reason')).exists()).toBe(false);
    await wrapper.get($('deny')).trigger('click');
    const sent = backend.nextMessage('deny');

    await wrapper.get($('reason')).trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(await sent).toEqual({ type: 'deny', approvalId: 'approval-plan-scale' });
    expect(backend.received.filter((m) => m.type === 'deny')).toHaveLength(1);
    wrapper.unmount();
  });

  it('gives the buttons back when the connection drops before the decision arrives', async() => {
    const wrapper = mountInChat(ApprovalCard, controller, { props: { step: stepFrom('plan-scale') } });
    const sent = backend.nextMessage('approve');

    await wrapper.get($('approve')).trigger('click');
    await sent;
    backend.dropSockets();
    await until(() => controller.connection.value.state !== 'open', 'the socket to drop');
    await flushPromises();
    expect(wrapper.get($('error')).text()).toContain('The connection dropped before Drover confirmed your answer');
    expect(isDisabled(wrapper, 'approve')).toBe(false);
  });

  it('follows the conversation: the approval arrives, is answered, and collapses to its outcome', async() => {
    const Live = defineComponent(() => () => {
      const step = controller.conversation.value.turns[0] && stepsOf(controller.conversation.value.turns[0])[0];

      return step ? h(ApprovalCard, { step }) : null;
    });
    const wrapper = mountInChat(Live, controller);
    const { tool, arguments: args, view } = fixture('plan-scale-zero');
    const events: ServerEvent[] = [
      {
        type: 'session', sessionId: 's1', resumed: false, seq: 1
      },
      {
        type: 'turn_start', sessionId: 's1', turnId: 't1', text: 'scale checkout to zero', direct: false, seq: 2
      },
      {
        type: 'tool_call', turnId: 't1', callId: 'c1', tool, arguments: args, readOnly: false, command: view.command, cluster: 'local', namespace: 'ui-shop', seq: 3
      },
      {
        type:       'approval_required',
        turnId:     't1',
        approvalId: 'a1',
        callId:     'c1',
        tool,
        arguments:  args,
        plan:       {
          command: view.command, diff: view.diff, warnings: view.warnings
        },
        expiresAt:   new Date(Date.now() + 60_000).toISOString(),
        cluster:     'local',
        namespace:   'ui-shop',
        canRemember: false,
        seq:         4,
      },
    ];

    backend.push(...events);
    await until(() => wrapper.find($('approve')).exists(), 'the approval card');
    expect(wrapper.get($('heading')).text()).toBe('Scale deployment checkout to 0 replicas');
    const sent = backend.nextMessage('approve');

    await wrapper.get($('approve')).trigger('click');
    expect(await sent).toEqual({ type: 'approve', approvalId: 'a1' });
    backend.push({
      type: 'approval_resolved', turnId: 't1', approvalId: 'a1', decision: 'approved', by: 'user', seq: 5
    });
    await until(() => wrapper.find($('outcome')).exists(), 'the outcome line');
    expect(wrapper.get($('outcome')).text()).toContain('Approved by you');
    expect(wrapper.get('[data-testid="drover-plan-command"]').text()).toBe(view.command);
  });
});

describe('ApprovalCard: not connected', () => {
  it('says the answer was not sent and keeps the buttons enabled', async() => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale') } });

    await wrapper.get($('approve')).trigger('click');
    expect(wrapper.get($('error')).text()).toBe('Not connected: your answer was not sent');
    expect(wrapper.get($('error')).attributes('role')).toBe('alert');
    expect(isDisabled(wrapper, 'approve')).toBe(false);
    expect(wrapper.find($('sending')).exists()).toBe(false);
    await wrapper.get($('deny')).trigger('click');
    await wrapper.get($('deny-form')).trigger('submit');
    expect(wrapper.get($('error')).text()).toBe('Not connected: your answer was not sent');
    expect(isDisabled(wrapper, 'deny-confirm')).toBe(false);
  });
});

describe('ApprovalCard: countdown', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-04T14:00:00.000Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts down every second, then says expired, announces it once and locks the buttons', async() => {
    const step = stepFrom('plan-scale', { expiresAt: '2026-12-04T14:01:45.000Z' });
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step } });
    const countdown = () => wrapper.get($('countdown'));

    expect(countdown().text()).toBe('Expires in 1:45');
    expect(countdown().attributes('aria-live')).toBe('off');
    expect(wrapper.get($('expired')).attributes('role')).toBe('status');
    expect(wrapper.get($('expired')).text()).toBe('');
    jest.advanceTimersByTime(1000);
    await flushPromises();
    expect(countdown().text()).toBe('Expires in 1:44');
    jest.advanceTimersByTime(103_000);
    await flushPromises();
    expect(countdown().text()).toBe('Expires in 0:01');
    expect(isDisabled(wrapper, 'approve')).toBe(false);
    jest.advanceTimersByTime(1000);
    await flushPromises();
    expect(countdown().text()).toBe('Expired');
    expect(wrapper.get($('expired')).text()).toContain('This request expired before an answer');
    expect(isDisabled(wrapper, 'approve')).toBe(true);
    expect(isDisabled(wrapper, 'deny')).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('uses a single interval and stops it when the card goes away', () => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale') } });

    expect(jest.getTimerCount()).toBe(1);
    wrapper.unmount();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not tick once the approval is decided', () => {
    mountInChat(ApprovalCard, testController(), { props: { step: decided(stepFrom('plan-scale'), 'denied', 'user', 'denied') } });
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('ApprovalCard: after the decision', () => {
  it.each([
    ['approved', 'user', 'running', 'Approved by you'],
    ['approved', 'session-rule', 'done', 'Approved by a rule you set in this session'],
    ['denied', 'user', 'denied', 'Denied by you'],
    ['expired', 'timeout', 'expired', 'Expired without an answer'],
  ] as const)('collapses a %s (by %s) approval to the line "%s" with the command', (decision, by, status, line) => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: decided(stepFrom('plan-scale'), decision, by, status) } });

    expect(wrapper.get($('outcome')).text()).toBe(`${ line } Scale deployment web to 5 replicas`);
    expect(wrapper.get('[data-testid="drover-plan-command"]').text()).toBe('kubectl scale deployments.apps/web --replicas=5 --namespace=ui-shop');
    expect(wrapper.find($('approve')).exists()).toBe(false);
    expect(wrapper.find($('countdown')).exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-plan-diff"]').exists()).toBe(false);
  });

  it('says an approval the turn ended without was not answered', () => {
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step: stepFrom('plan-scale', {}, 'failed') } });

    expect(wrapper.get($('outcome')).text()).toContain('Not answered before the turn ended');
  });

  it('shows the diff again on request, in the mode chosen while the card was open', async() => {
    const step = stepFrom('plan-scale');
    const wrapper = mountInChat(ApprovalCard, testController(), { props: { step } });

    await wrapper.get('[data-testid="drover-plan-diff-mode"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-plan-diff-split"]').exists()).toBe(true);
    await wrapper.setProps({ step: decided(step, 'approved', 'user', 'done') });
    const toggle = wrapper.get($('details-toggle'));

    expect(toggle.text()).toBe('Show the changes');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(wrapper.get($('details-toggle')).attributes('aria-expanded')).toBe('true');
    expect(wrapper.get($('details-toggle')).text()).toBe('Hide the changes');
    expect(wrapper.find('[data-testid="drover-plan-diff-split"]').exists()).toBe(true);
    expect(wrapper.get($('namespace')).text()).toBe('Namespace: ui-shop');
    await wrapper.get('[data-testid="drover-plan-diff-mode"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-plan-diff-unified"]').exists()).toBe(true);
  });
});
