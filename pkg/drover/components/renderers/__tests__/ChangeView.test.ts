import type { ChangeView as ChangeViewType } from '@drover/protocol';
import ChangeView from '../ChangeView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const fixture = require('../../../__tests__/fixtures/views/change-scale.json');
const view: ChangeViewType = fixture.view;
const step: StepState = {
  callId: 'c1', tool: fixture.tool, arguments: fixture.arguments, readOnly: false, status: 'done', command: view.command
};

const mountView = (v: ChangeViewType = view) => mountInChat(ChangeView, testController(), { props: { view: v, step } });

describe('ChangeView', () => {
  it('says the change was made, with a success icon and the tool that made it', () => {
    const header = mountView().find('header');

    expect(header.find('h4').text()).toBe('Changed');
    expect(header.find('.icon-checkmark').exists()).toBe(true);
    expect(header.text()).toContain('k8s_scale');
  });

  it('shows the exact command that ran, and copies it', async() => {
    const writeText = jest.fn().mockResolvedValue(undefined);

    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const wrapper = mountView();

    expect(wrapper.find('[data-testid="drover-change-command"]').text()).toBe('kubectl scale deployments.apps/storefront --replicas=3 --namespace=ui-shop');
    const copy = wrapper.find('[data-testid="drover-copy"]');

    expect(copy.attributes('aria-label')).toBe('Copy command');
    await copy.trigger('click');
    expect(writeText).toHaveBeenCalledWith(view.command);
  });

  it('shows what the command printed and links to the changed objects', () => {
    const wrapper = mountView();

    expect(wrapper.find('[data-testid="drover-change-output"]').text()).toBe('deployment.apps/storefront scaled');
    const objects = wrapper.find('[data-testid="drover-change-objects"]');

    expect(objects.text()).toBe('Deployment storefront in ui-shop');
    expect(objects.find('a').attributes('href')).toBe('#/Deployment/ui-shop/storefront');
    expect(wrapper.text()).toContain('Object changed');
  });

  it('leaves out the output and objects sections when there are none', () => {
    const wrapper = mountView({
      ...view, output: '  \n', objects: []
    });

    expect(wrapper.find('[data-testid="drover-change-output"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-change-objects"]').exists()).toBe(false);
  });

  it('renders markup in the output as text', () => {
    const wrapper = mountView({ ...view, output: '<img src=x onerror=alert(1)>' });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-change-output"]').text()).toBe('<img src=x onerror=alert(1)>');
  });
});
