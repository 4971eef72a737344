import type { PlanView as PlanViewType } from '@drover/protocol';
import PlanView from '../PlanView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);

function mountPlan(name: string, change: Partial<PlanViewType> = {}) {
  const { tool, arguments: args, view } = fixture(name);
  const step: StepState = {
    callId: `call-${ name }`, tool, arguments: args, readOnly: false, status: 'done'
  };

  return mountInChat(PlanView, testController(), { props: { view: { ...view, ...change }, step } });
}

describe('PlanView', () => {
  it('shows a real scale plan: what it would do, its command and its diff, without any button to run it', () => {
    const wrapper = mountPlan('plan-scale');

    expect(wrapper.get('[data-testid="drover-plan-view-heading"]').text()).toBe('Scale deployment web to 5 replicas');
    expect(wrapper.get('[data-testid="drover-plan-view-status"]').text()).toBe('Plan: nothing has changed yet');
    expect(wrapper.get('[data-testid="drover-plan-command"]').text()).toBe('kubectl scale deployments.apps/web --replicas=5 --namespace=ui-shop');
    expect(wrapper.get('[data-type="del"]').text()).toContain('replicas: 2');
    expect(wrapper.get('[data-type="add"]').text()).toContain('replicas: 5');
    expect(wrapper.find('[data-testid="drover-approval-approve"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-approval-deny"]').exists()).toBe(false);
    expect(wrapper.get('time').attributes('datetime')).toBe(fixture('plan-scale').view.expiresAt);
  });

  it('shows a real delete plan with the removed object and its warning', () => {
    const wrapper = mountPlan('plan-delete');

    expect(wrapper.get('[data-testid="drover-plan-view-heading"]').text()).toBe('Delete deployment web');
    expect(wrapper.get('[data-testid="drover-plan-diff-removal"]').text()).toBe('The whole object is removed.');
    expect(wrapper.findAll('[data-type="del"]')).toHaveLength(45);
    expect(wrapper.get('[data-testid="drover-plan-warning"]').attributes('data-level')).toBe('warning');
  });

  it('makes the danger of a real scale-to-zero plan stand out', () => {
    const wrapper = mountPlan('plan-scale-zero');
    const warning = wrapper.get('[data-testid="drover-plan-warning"]');

    expect(warning.attributes('data-level')).toBe('danger');
    expect(warning.get('[data-testid="drover-plan-warning-tag"]').text()).toBe('Stops every pod');
  });

  it('shows the data-loss danger of a real claim delete first', () => {
    const wrapper = mountPlan('plan-delete-claim');

    expect(wrapper.findAll('[data-testid="drover-plan-warning"]').map((w) => w.attributes('data-level'))).toEqual(['danger', 'warning']);
  });

  it('switches the diff to side by side', async() => {
    const wrapper = mountPlan('plan-scale');

    await wrapper.get('[data-testid="drover-plan-diff-mode"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-plan-diff-split"]').exists()).toBe(true);
  });

  it('says when the call turned out to be read-only, and "No changes" for an empty diff', () => {
    const wrapper = mountPlan('plan-scale', {
      requiresConfirmation: false, diff: '', warnings: [], expiresAt: undefined
    });

    expect(wrapper.get('[data-testid="drover-plan-view-status"]').text()).toBe('This call turned out to be read-only and ran without approval.');
    expect(wrapper.get('[data-testid="drover-plan-diff-empty"]').text()).toBe('No changes');
    expect(wrapper.find('time').exists()).toBe(false);
  });
});
