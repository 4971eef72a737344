import TextView from '../TextView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const step: StepState = {
  callId: 'c1', tool: 'k8s_explain', arguments: { resource: 'pods' }, readOnly: true, status: 'done'
};

describe('TextView', () => {
  it('shows the title and the text as the tool printed it', () => {
    const wrapper = mountInChat(TextView, testController(), {
      props: {
        view: {
          kind: 'text', title: 'kubectl explain pods', text: 'KIND:  Pod\nVERSION:  v1', truncated: false
        },
        step
      },
    });

    expect(wrapper.find('figcaption').text()).toBe('kubectl explain pods');
    expect(wrapper.find('pre').text()).toBe('KIND:  Pod\nVERSION:  v1');
    expect(wrapper.text()).not.toContain('cut to fit');
  });

  it('says when the output was cut', () => {
    const wrapper = mountInChat(TextView, testController(), {
      props: {
        view: {
          kind: 'text', title: 'helm get manifest', text: 'apiVersion: v1', truncated: true
        },
        step
      },
    });

    expect(wrapper.text()).toContain('The output was cut to fit');
  });
});
