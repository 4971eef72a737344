import type { FindingsView as FindingsViewType } from '@drover/protocol';
import FindingsView from '../FindingsView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const fixture = require('../../../__tests__/fixtures/views/findings-namespace.json');
const view: FindingsViewType = fixture.view;
const step: StepState = {
  callId: 'c1', tool: fixture.tool, arguments: fixture.arguments, readOnly: true, status: 'done'
};

function mountView(v: FindingsViewType = view, controller = testController()) {
  return mountInChat(FindingsView, controller, { props: { view: v, step } });
}

const cards = (wrapper: ReturnType<typeof mountView>) => wrapper.findAll('[data-testid="drover-finding"]');

describe('FindingsView', () => {
  it('says what was diagnosed, how many problems of each severity, and what was checked', () => {
    const wrapper = mountView();

    expect(wrapper.find('h4').text()).toBe('Diagnosis of namespace ui-shop');
    expect(wrapper.find('[data-testid="drover-findings-counts"]').text()).toBe('4 critical 3 warnings 1 info');
    expect(wrapper.find('[data-testid="drover-findings-checked"]').text())
      .toBe('Checked 22 objects: Pod 10, Deployment 7, Service 3, Job 1, PersistentVolumeClaim 1.');
    expect(wrapper.find('[data-testid="drover-findings-unchecked"]').exists()).toBe(false);
  });

  it('shows the findings worst first, each with its severity in words and an icon', () => {
    const wrapper = mountView();
    const severities = cards(wrapper).map((c) => c.find('[data-testid="drover-findings-severity"]').text());

    expect(severities).toEqual(['Critical', 'Critical', 'Critical', 'Critical', 'Warning', 'Warning', 'Warning', 'Info']);
    expect(cards(wrapper)[0].find('.icon-error').exists()).toBe(true);
    expect(cards(wrapper)[4].find('.icon-warning').exists()).toBe(true);
    expect(wrapper.find('[data-testid="drover-findings-group-critical"] h5').text()).toBe('4 critical');
  });

  it('shows each finding\'s object, problem, evidence and fix', () => {
    const card = cards(mountView())[1];
    const finding = view.findings[1];

    expect(card.find('a').text()).toBe('checkout-57b79b7c49-xp2q4');
    expect(card.find('a').attributes('href')).toBe('#/Pod/ui-shop/checkout-57b79b7c49-xp2q4');
    expect(card.find('[data-testid="drover-finding-problem"]').text()).toBe(finding.problem);
    expect(card.findAll('[data-testid="drover-finding-evidence"] li').map((li) => li.text())).toEqual(finding.evidence);
    expect(card.find('[data-testid="drover-finding-fix"]').text()).toBe(finding.fix);
  });

  it('puts a request to fix a finding into the question box, with the object, without sending it', async() => {
    const controller = testController();
    const wrapper = mountView(view, controller);
    const send = jest.spyOn(controller, 'send');
    const card = cards(wrapper)[0];

    await card.find('[data-testid="drover-finding-ask"]').trigger('click');

    const finding = view.findings[0];

    expect(controller.draft.value.text.split('\n')).toEqual([
      'Fix this problem on Pod cache-678c45cfdf-sx7sg in namespace ui-shop.',
      `Problem: ${ finding.problem }`,
      `Suggested fix: ${ finding.fix }`,
      'Show me the exact change before making it.',
    ]);
    expect(controller.draft.value.resources).toEqual([finding.ref]);
    expect(send).not.toHaveBeenCalled();
    expect(card.text()).toContain('The request is in the question box: review it, then send it.');
    controller.disconnect();
  });

  it('asks to fix a cluster-wide object without naming a namespace', async() => {
    const controller = testController();
    const node = { ...view.findings[0], ref: { kind: 'Node', name: 'worker-1' } };
    const wrapper = mountView({
      ...view, namespace: undefined, findings: [node]
    }, controller);

    expect(wrapper.find('h4').text()).toBe('Diagnosis of the cluster');
    await wrapper.find('[data-testid="drover-finding-ask"]').trigger('click');
    expect(controller.draft.value.text.split('\n')[0]).toBe('Fix this problem on Node worker-1.');
    controller.disconnect();
  });

  it('warns plainly that the diagnosis is partial when kinds could not be checked', () => {
    const wrapper = mountView({ ...view, unchecked: [{ kind: 'Node', reason: 'forbidden' }, { kind: 'PersistentVolumeClaim', reason: 'the server timed out' }] });
    const warning = wrapper.find('[data-testid="drover-findings-unchecked"]');

    expect(warning.attributes('role')).toBe('note');
    expect(warning.text()).toContain('Partial diagnosis');
    expect(warning.findAll('li').map((li) => li.text())).toEqual(['Node: forbidden', 'PersistentVolumeClaim: the server timed out']);
  });

  it('says so when no problem was found', () => {
    const wrapper = mountView({ ...view, findings: [] });

    expect(wrapper.find('[data-testid="drover-findings-none"]').text()).toBe('No problems found in namespace ui-shop.');
    expect(wrapper.find('[data-testid="drover-findings-counts"]').exists()).toBe(false);
    expect(cards(wrapper)).toHaveLength(0);
    const cluster = mountView({
      ...view, namespace: undefined, findings: [], checked: {}
    });

    expect(cluster.find('[data-testid="drover-findings-none"]').text()).toBe('No problems found in the cluster.');
    expect(cluster.find('[data-testid="drover-findings-checked"]').text()).toBe('No objects were checked.');
  });

  it('says when findings were left out', () => {
    expect(mountView().find('[data-testid="drover-findings-truncated"]').exists()).toBe(false);
    expect(mountView({ ...view, truncated: true }).find('[data-testid="drover-findings-truncated"]').text()).toContain('left out to fit');
  });

  it('renders markup in problems and evidence as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const wrapper = mountView({
      ...view,
      findings: [{
        ...view.findings[0], problem: hostile, evidence: [hostile], fix: hostile
      }]
    });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-finding-problem"]').text()).toBe(hostile);
  });
});
