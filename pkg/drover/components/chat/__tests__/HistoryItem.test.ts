import type { SessionSummary } from '@drover/protocol';
import { enableAutoUnmount } from '@vue/test-utils';
import { mountInChat, t, testController } from '../../../__tests__/support/chat';
import HistoryItem from '../HistoryItem.vue';

enableAutoUnmount(afterEach);

const SESSION: SessionSummary = {
  id: 's1', title: 'Why is checkout failing?', createdAt: '2026-05-04T09:00:00Z', updatedAt: '2026-05-04T10:00:00Z'
};

function mountItem(session = SESSION, current = false) {
  return mountInChat(HistoryItem, testController(), { props: { session, current }, attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountItem>;
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="drover-history-${ id }"]`);

describe('HistoryItem', () => {
  it('shows the title and when the conversation last changed, and opens it on click', async() => {
    const wrapper = mountItem();

    expect(wrapper.find('.drover-history-item__title').text()).toBe('Why is checkout failing?');
    expect(wrapper.find('.drover-history-item__when').text()).toBe(new Date('2026-05-04T10:00:00Z').toLocaleString());
    await byTestId(wrapper, 'open').trigger('click');
    expect(wrapper.emitted('open')).toHaveLength(1);
  });

  it('marks the current conversation', () => {
    const wrapper = mountItem(SESSION, true);

    expect(wrapper.classes()).toContain('drover-history-item--current');
    expect(byTestId(wrapper, 'open').attributes('aria-current')).toBe('true');
    expect(wrapper.find('.drover-history-item__when').text()).toContain(`· ${ t('drover.history.current') }`);
  });

  it('names the conversation on each of its actions, for screen readers', () => {
    const wrapper = mountItem();

    expect(['rename', 'export', 'delete'].map((a) => byTestId(wrapper, a).attributes('aria-label'))).toEqual([
      'Rename: Why is checkout failing?', 'Export as Markdown: Why is checkout failing?', 'Delete: Why is checkout failing?',
    ]);
  });

  it('keeps its title and time current when the list reloads with newer ones', async() => {
    const wrapper = mountItem();

    await wrapper.setProps({
      session: {
        ...SESSION, title: 'Checkout crash-loops', updatedAt: '2026-05-05T08:30:00Z'
      }
    });
    expect(wrapper.find('.drover-history-item__title').text()).toBe('Checkout crash-loops');
    expect(wrapper.find('.drover-history-item__when').text()).toBe(new Date('2026-05-05T08:30:00Z').toLocaleString());
  });

  it('renames in place: the field starts with the title, focused, and Save emits the trimmed new title', async() => {
    const wrapper = mountItem();

    await byTestId(wrapper, 'rename').trigger('click');
    const field = byTestId(wrapper, 'title');

    expect((field.element as HTMLInputElement).value).toBe('Why is checkout failing?');
    expect(document.activeElement).toBe(field.element);
    expect(field.attributes('maxlength')).toBe('120');
    await field.setValue(' Checkout crash-loops ');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('rename')).toEqual([['Checkout crash-loops']]);
    expect(byTestId(wrapper, 'title').exists()).toBe(false);
  });

  it('cancels a rename with Escape or Cancel, emitting nothing', async() => {
    const wrapper = mountItem();

    await byTestId(wrapper, 'rename').trigger('click');
    await byTestId(wrapper, 'title').setValue('other');
    await byTestId(wrapper, 'title').trigger('keydown', { key: 'Escape' });
    expect(byTestId(wrapper, 'title').exists()).toBe(false);

    await byTestId(wrapper, 'rename').trigger('click');
    expect((byTestId(wrapper, 'title').element as HTMLInputElement).value).toBe('Why is checkout failing?');
    await wrapper.find('form').findAll('button').find((b) => b.text() === t('drover.history.cancel'))!.trigger('click');
    expect(byTestId(wrapper, 'title').exists()).toBe(false);
    expect(wrapper.emitted('rename')).toBeUndefined();
  });

  it('asks before deleting, and emits the delete only once confirmed', async() => {
    const wrapper = mountItem();

    await byTestId(wrapper, 'delete').trigger('click');
    expect(wrapper.emitted('remove')).toBeUndefined();
    const dialog = wrapper.find('[role="alertdialog"]');

    expect(dialog.attributes('aria-label')).toBe(t('drover.history.delete'));
    expect(dialog.text()).toContain(t('drover.history.confirmDelete', { title: 'Why is checkout failing?' }));
    await byTestId(wrapper, 'confirm-delete').trigger('click');
    expect(wrapper.emitted('remove')).toHaveLength(1);
  });

  it('asks for the export', async() => {
    const wrapper = mountItem();

    await byTestId(wrapper, 'export').trigger('click');
    expect(wrapper.emitted('export')).toHaveLength(1);
  });
});
