import type { DescribeView as DescribeViewType } from '@drover/protocol';
import DescribeView from '../DescribeView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const podFixture = require('../../../__tests__/fixtures/views/describe-pod.json');
const deploymentFixture = require('../../../__tests__/fixtures/views/describe-deployment.json');
const pod: DescribeViewType = podFixture.view;
const deployment: DescribeViewType = deploymentFixture.view;
const step: StepState = {
  callId: 'c1', tool: 'k8s_describe', arguments: podFixture.arguments, readOnly: true, status: 'done'
};

function mountView(view: DescribeViewType, controller = testController()) {
  return mountInChat(DescribeView, controller, { props: { view, step } });
}

describe('DescribeView', () => {
  it('titles the object with its kind, a link to it and its namespace', () => {
    const wrapper = mountView(pod);

    expect(wrapper.find('[data-testid="drover-describe-title"]').text()).toBe('Pod checkout-57b79b7c49-xp2q4');
    expect(wrapper.find('[data-testid="drover-describe-title"] a').attributes('href')).toBe('#/Pod/ui-shop/checkout-57b79b7c49-xp2q4');
    expect(wrapper.text()).toContain('in namespace ui-shop');
  });

  it('lists the summary as labels and values, a container\'s facts one per line', () => {
    const summary = mountView(pod).find('[data-testid="drover-describe-summary"]');

    expect(summary.findAll('dt').map((d) => d.text())).toEqual(pod.summary.map((s) => s.label));
    expect(summary.findAll('dd')[1].text()).toBe('kwok-node-1');
    const container = summary.findAll('dd')[7].findAll('.drover-describe__part').map((p) => p.text());

    expect(container).toEqual([
      'registry.example.com/shop/checkout:2.4.1', 'Waiting: CrashLoopBackOff (back-off 2m40s restarting failed container=checkout)',
      'ready no', 'restarts 5', 'last ended Error (exit code 1, 11s ago)', 'requests cpu=50m, memory=64Mi', 'limits memory=128Mi',
    ]);
  });

  it('marks conditions good or bad by what they mean', () => {
    const conditions = mountView(pod).findAll('[data-testid="drover-describe-condition"]');
    const health = conditions.map((c) => [c.find('th').text(), c.find('.drover-health').attributes('data-health')]);

    expect(health).toEqual([['PodScheduled', 'good'], ['Initialized', 'good'], ['Ready', 'bad'], ['ContainersReady', 'bad']]);
    expect(conditions[2].text()).toContain('False');
    expect(conditions[2].find('.icon-error').exists()).toBe(true);
    expect(conditions[2].find('.sr-only').text()).toBe('(problem)');
    expect(conditions[2].text()).toContain('ContainersNotReady');
  });

  it('shows a node pressure condition that is False as good', () => {
    const node: DescribeViewType = {
      ...pod,
      ref:        { kind: 'Node', name: 'worker-1' },
      owners:     [],
      conditions: [{
        type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory'
      }, { type: 'DiskPressure', status: 'True' }],
    };
    const conditions = mountView(node).findAll('[data-testid="drover-describe-condition"]');

    expect(conditions.map((c) => c.find('.drover-health').attributes('data-health'))).toEqual(['good', 'bad']);
    expect(mountView(node).text()).not.toContain('in namespace');
  });

  it('shows the owner chain from the object up, each a link', () => {
    const chain = mountView(pod).find('[data-testid="drover-describe-owners"]');

    expect(chain.findAll('li').map((li) => li.text())).toEqual(['Pod checkout-57b79b7c49-xp2q4', 'ReplicaSet checkout-57b79b7c49', 'Deployment checkout']);
    expect(chain.findAll('a').map((a) => a.attributes('href'))).toEqual([
      '#/Pod/ui-shop/checkout-57b79b7c49-xp2q4', '#/ReplicaSet/ui-shop/checkout-57b79b7c49', '#/Deployment/ui-shop/checkout',
    ]);
    expect(mountView(deployment).find('[data-testid="drover-describe-owners"]').exists()).toBe(false);
  });

  it('lists the pods of a workload with links and marked statuses', () => {
    const pods = mountView(deployment).find('[data-testid="drover-describe-pods"]');

    expect(pods.findAll('th').map((h) => h.text())).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const rows = pods.findAll('[data-testid="drover-describe-pod"]');

    expect(rows).toHaveLength(2);
    expect(rows[0].find('a').text()).toBe('web-6dc9b566d9-ghnpw');
    expect(rows[0].find('a').attributes('href')).toBe('#/Pod/ui-shop/web-6dc9b566d9-ghnpw');
    expect(rows[0].find('.drover-health--good').text()).toContain('Running');
    expect(mountView(pod).find('[data-testid="drover-describe-pods"]').exists()).toBe(false);
  });

  it('shows a workload with many pods fifty at a time, and says how many there are', async() => {
    const row = deployment.pods!.rows[0];
    const rows = Array.from({ length: 120 }, (_, i) => ({ ...row, cells: [`web-${ i }`, '0/1', 'CrashLoopBackOff', '3', '1m'] }));
    const wrapper = mountView({
      ...deployment,
      pods: {
        ...deployment.pods!, rows, total: 300
      }
    });

    expect(wrapper.findAll('[data-testid="drover-describe-pod"]')).toHaveLength(50);
    expect(wrapper.find('.drover-health--bad').text()).toContain('CrashLoopBackOff');
    expect(wrapper.text()).toContain('Showing 50 of 300 pods');
    await wrapper.find('[data-testid="drover-describe-pods-more"]').trigger('click');
    await wrapper.find('[data-testid="drover-describe-pods-more"]').trigger('click');
    expect(wrapper.findAll('[data-testid="drover-describe-pod"]')).toHaveLength(120);
    expect(wrapper.text()).toContain('Showing 120 of 300 pods');
    expect(wrapper.find('[data-testid="drover-describe-pods-more"]').exists()).toBe(false);
  });

  it('shows the object\'s events without repeating the object, and attaches them naming it', async() => {
    const controller = testController();
    const wrapper = mountView(pod, controller);
    const events = wrapper.find('[data-testid="drover-events-table"]');

    expect(events.findAll('th').map((h) => h.text())).toEqual(['Type', 'Reason', 'Message', 'Count', 'Last seen']);
    expect(events.findAll('[data-testid="drover-events-row"]')).toHaveLength(2);
    await events.find('[data-testid="drover-events-attach"]').trigger('click');
    expect(controller.draft.value.attachments[0]).toMatchObject({
      kind: 'events', title: '2 events of Pod checkout-57b79b7c49-xp2q4', ref: pod.ref,
    });
  });

  it('says when the object has no events, and when parts were cut', () => {
    const quiet = mountView({
      ...deployment, events: [], truncated: false
    });

    expect(quiet.find('[data-testid="drover-describe-no-events"]').text()).toBe('No recent events for this object.');
    expect(quiet.find('[data-testid="drover-events-table"]').exists()).toBe(false);
    expect(quiet.find('[data-testid="drover-describe-truncated"]').exists()).toBe(false);
    expect(mountView(pod).find('[data-testid="drover-describe-truncated"]').text()).toContain('left out to fit');
  });

  it('renders markup in summaries and condition messages as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const wrapper = mountView({
      ...pod,
      summary:    [{ label: 'Reason', value: hostile }],
      conditions: [{
        type: 'Ready', status: 'False', message: hostile
      }]
    });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('dd').text()).toBe(hostile);
    expect(wrapper.find('.drover-conditions__message').text()).toBe(hostile);
  });
});
