import { defineComponent, h, ref } from 'vue';
import PlanDiff from '../PlanDiff.vue';
import PlanWarnings from '../PlanWarnings.vue';
import { FIRST_ROWS } from '../diff-split';
import { mountInChat, testController } from '../../../__tests__/support/chat';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);

/** PlanDiff with its mode kept by a parent, as the approval card and the plan view do. */
function mountDiff(diff: string | undefined) {
  const mode = ref<'unified' | 'split'>('unified');
  const Parent = defineComponent(() => () => h(PlanDiff, {
    diff,
    mode:            mode.value,
    'onUpdate:mode': (m: 'unified' | 'split') => {
      mode.value = m;
    }
  }));

  return { wrapper: mountInChat(Parent, testController()), mode };
}

const cells = (row: { findAll: (s: string) => { text: () => string }[] }) => row.findAll('td').map((c) => c.text());

describe('PlanDiff', () => {
  it('shows a real scale diff unified: hunk header, both line numbers, +/- signs and the changed value marked', () => {
    const { wrapper } = mountDiff(fixture('plan-scale').view.diff);

    expect(wrapper.get('[data-type="hunk"]').text()).toBe('@@ -8,5 +8,5 @@');
    const lines = wrapper.findAll('[data-testid="drover-plan-diff-line"]');

    expect(lines).toHaveLength(6);
    expect(cells(lines[0])).toEqual(['8', '8', '', 'spec:']);
    const del = wrapper.get('[data-type="del"]');
    const add = wrapper.get('[data-type="add"]');

    expect(cells(del).slice(0, 2)).toEqual(['10', '']);
    expect(del.get('.drover-diff__sign [aria-hidden="true"]').text()).toBe('-');
    expect(del.get('.drover-diff__sign .sr-only').text()).toBe('removed');
    expect(cells(add).slice(0, 2)).toEqual(['', '10']);
    expect(add.get('.drover-diff__sign [aria-hidden="true"]').text()).toBe('+');
    expect(add.get('.drover-diff__sign .sr-only').text()).toBe('added');
    expect(del.get('mark').text()).toBe('2');
    expect(add.get('mark').text()).toBe('5');
    expect(wrapper.get('[data-testid="drover-plan-diff-stats"] .sr-only').text()).toBe('1 line added, 1 line removed');
  });

  it('switches to side by side and back with the mode button, which says whether it is on', async() => {
    const { wrapper, mode } = mountDiff(fixture('plan-scale').view.diff);
    const toggle = wrapper.get('[data-testid="drover-plan-diff-mode"]');

    expect(toggle.text()).toBe('Side by side');
    expect(toggle.attributes('aria-pressed')).toBe('false');
    await toggle.trigger('click');
    expect(mode.value).toBe('split');
    expect(wrapper.get('[data-testid="drover-plan-diff-mode"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[data-testid="drover-plan-diff-unified"]').exists()).toBe(false);
    const pairs = wrapper.findAll('[data-testid="drover-plan-diff-pair"]');

    expect(pairs).toHaveLength(5);
    const change = pairs[2];

    expect(change.get('[data-side="before"]').text()).toBe('replicas: 2');
    expect(change.get('[data-side="before"]').attributes('data-type')).toBe('del');
    expect(change.get('[data-side="after"]').text()).toBe('replicas: 5');
    expect(change.get('[data-side="after"]').attributes('data-type')).toBe('add');
    expect(change.findAll('.drover-diff__num').map((c) => c.text())).toEqual(['10', '10']);
    await wrapper.get('[data-testid="drover-plan-diff-mode"]').trigger('click');
    expect(mode.value).toBe('unified');
    expect(wrapper.find('[data-testid="drover-plan-diff-unified"]').exists()).toBe(true);
  });

  it('shows a real delete as the whole object removed, every line marked with -', async() => {
    const { wrapper } = mountDiff(fixture('plan-delete').view.diff);

    expect(wrapper.get('[data-testid="drover-plan-diff-removal"]').text()).toBe('The whole object is removed.');
    const lines = wrapper.findAll('[data-testid="drover-plan-diff-line"]');

    expect(lines).toHaveLength(45);
    expect(lines.every((l) => l.attributes('data-type') === 'del')).toBe(true);
    expect(cells(lines[1])).toEqual(['2', '', '-removed', 'kind: Deployment']);
    expect(wrapper.get('[data-testid="drover-plan-diff-stats"] .sr-only').text()).toBe('0 lines added, 45 lines removed');
    await wrapper.get('[data-testid="drover-plan-diff-mode"]').trigger('click');
    const after = wrapper.findAll('[data-side="after"]');

    expect(after).toHaveLength(45);
    expect(after.every((c) => c.attributes('data-type') === 'empty')).toBe(true);
  });

  it('says "No changes" clearly for an empty or missing diff, with no mode button', () => {
    for (const diff of ['', undefined]) {
      const { wrapper } = mountDiff(diff);

      expect(wrapper.get('[data-testid="drover-plan-diff-empty"]').text()).toBe('No changes');
      expect(wrapper.find('[data-testid="drover-plan-diff-mode"]').exists()).toBe(false);
      expect(wrapper.find('table').exists()).toBe(false);
    }
  });

  it('shows the server notes of a diff without lines (an exec) as they are', () => {
    const { wrapper } = mountDiff('(no object changes: the command runs in container web of pod web-1)');

    expect(wrapper.get('[data-type="note"]').text()).toBe('(no object changes: the command runs in container web of pod web-1)');
    expect(wrapper.find('[data-testid="drover-plan-diff-mode"]').exists()).toBe(false);
  });

  it('draws the first rows of a huge diff and the rest on request', async() => {
    const huge = `@@ -0,0 +1,1000 @@\n${ Array.from({ length: 1000 }, (_, i) => `+key${ i }: value`).join('\n') }`;
    const { wrapper } = mountDiff(huge);

    expect(wrapper.findAll('[data-testid="drover-plan-diff-line"]')).toHaveLength(FIRST_ROWS - 1);
    const more = wrapper.get('[data-testid="drover-plan-diff-more"]');

    expect(more.text()).toBe(`Show the remaining ${ 1001 - FIRST_ROWS } lines`);
    await more.trigger('click');
    expect(wrapper.findAll('[data-testid="drover-plan-diff-line"]')).toHaveLength(1000);
    expect(wrapper.find('[data-testid="drover-plan-diff-more"]').exists()).toBe(false);
  });

  it('lets the keyboard reach and scroll the diff', () => {
    const { wrapper } = mountDiff(fixture('plan-scale').view.diff);
    const scroller = wrapper.get('.drover-plan-diff__scroll');

    expect(scroller.attributes('tabindex')).toBe('0');
    expect(scroller.attributes('aria-label')).toBe('Changes');
  });
});

describe('PlanWarnings', () => {
  it('shows each warning of a real claim delete as an alert line, the data loss first as a danger', () => {
    const wrapper = mountInChat(PlanWarnings, testController(), { props: { warnings: fixture('plan-delete-claim').view.warnings } });

    expect(wrapper.get('[data-testid="drover-plan-warnings"]').attributes('aria-label')).toBe('2 impact warnings');
    const [danger, warning] = wrapper.findAll('[data-testid="drover-plan-warning"]');

    expect(danger.attributes('data-level')).toBe('danger');
    expect(danger.find('.icon-error').exists()).toBe(true);
    expect(danger.get('[data-testid="drover-plan-warning-tag"]').text()).toBe('Data loss');
    expect(danger.text()).toContain('Danger:');
    expect(danger.text()).toContain('its data may be deleted with the claim');
    expect(warning.attributes('data-level')).toBe('warning');
    expect(warning.find('.icon-warning').exists()).toBe(true);
    expect(warning.find('[data-testid="drover-plan-warning-tag"]').exists()).toBe(false);
    expect(warning.text()).toContain('Warning:');
  });

  it('tags scaling to zero as a danger (the real plan)', () => {
    const wrapper = mountInChat(PlanWarnings, testController(), { props: { warnings: fixture('plan-scale-zero').view.warnings } });

    expect(wrapper.get('[data-testid="drover-plan-warning-tag"]').text()).toBe('Stops every pod');
  });

  it('shows nothing when the plan has no warnings', () => {
    const wrapper = mountInChat(PlanWarnings, testController(), { props: { warnings: [] } });

    expect(wrapper.find('[data-testid="drover-plan-warnings"]').exists()).toBe(false);
  });
});
