import DataView from '../DataView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const step: StepState = {
  callId: 'c1', tool: 'grafana_query', arguments: { query: 'up' }, readOnly: true, status: 'done'
};

function mountView(view: Record<string, unknown>) {
  return mountInChat(DataView, testController(), { props: { view, step } });
}

const code = (wrapper: ReturnType<typeof mountView>) => wrapper.findAll('[data-testid="drover-code-line"]').map((l) => l.find('.drover-code-line__code').element.textContent).join('\n');

describe('DataView', () => {
  it('shows the data of another server as highlighted, pretty-printed JSON under the tool name', () => {
    const view = { status: 'success', data: { result: [{ metric: { job: 'api' }, value: [1733320000, '1'] }] } };
    const wrapper = mountView(view);

    expect(wrapper.find('h4').text()).toContain('Data returned by grafana_query');
    expect(code(wrapper)).toBe(JSON.stringify(view, null, 2));
    expect(wrapper.find('.drover-code-line__token--attr').text()).toBe('"status"');
    expect(wrapper.find('[data-testid="drover-data-capped"]').exists()).toBe(false);
  });

  it('folds its objects and arrays', async() => {
    const wrapper = mountView({ a: { b: 1, c: 2 }, d: [1, 2, 3] });

    await wrapper.find('[data-testid="drover-code-fold-all"]').trigger('click');
    expect(code(wrapper)).toBe('{\n  "a": {\n  },\n  "d": [\n  ]\n}');
    await wrapper.find('[data-testid="drover-code-unfold-all"]').trigger('click');
    expect(code(wrapper)).toContain('"c": 2');
  });

  it('copies the whole value', async() => {
    const writeText = jest.fn().mockResolvedValue(undefined);

    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const view = { big: 'x'.repeat(5_000) };

    await mountView(view).find('[data-testid="drover-copy"]').trigger('click');
    expect(writeText).toHaveBeenCalledWith(JSON.stringify(view, null, 2));
  });

  it('shortens very long values until the user asks to see all of them', async() => {
    const view = { log: 'y'.repeat(3_000), items: Array.from({ length: 1_000 }, (_, i) => i) };
    const wrapper = mountView(view);

    expect(code(wrapper)).toContain('(1,000 more characters)');
    expect(code(wrapper)).toContain('"… 800 more items"');
    expect(wrapper.find('[data-testid="drover-data-capped"]').text()).toContain('Long values are shortened in 2 places.');

    await wrapper.find('[data-testid="drover-data-show-all"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-data-capped"]').text()).toContain('Showing everything.');
    expect(wrapper.text()).toContain(`${ JSON.stringify(view, null, 2).split('\n').length.toLocaleString('en-US') } lines`);
    expect(wrapper.findAll('[data-testid="drover-code-line"]').length).toBeLessThan(200);

    await wrapper.find('[data-testid="drover-data-show-all"]').trigger('click');
    expect(code(wrapper)).toContain('"… 800 more items"');
  });

  it('renders markup in values as text', () => {
    const wrapper = mountView({ message: '<img src=x onerror=alert(1)>' });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(code(wrapper)).toContain('"message": "<img src=x onerror=alert(1)>"');
  });
});
