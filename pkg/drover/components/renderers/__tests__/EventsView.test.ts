import type { EventRow, EventsView as EventsViewType } from '@drover/protocol';
import EventsView from '../EventsView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController } from '../../../__tests__/support/chat';
import { AGE_TICK_MS } from '../events/relative-time';

const fixture = require('../../../__tests__/fixtures/views/events-namespace.json');
const view: EventsViewType = fixture.view;
const step: StepState = {
  callId: 'c1', tool: fixture.tool, arguments: fixture.arguments, readOnly: true, status: 'done', namespace: 'ui-shop'
};
const NOW = Date.parse('2026-12-04T14:20:24Z');

function mountView(v: EventsViewType = view, controller = testController()) {
  return mountInChat(EventsView, controller, { props: { view: v, step } });
}

const rows = (wrapper: ReturnType<typeof mountView>) => wrapper.findAll('[data-testid="drover-events-row"]');
const cells = (row: ReturnType<typeof rows>[number]) => row.findAll('td').map((c) => c.text());

describe('EventsView', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lists every event, newest first, with its type, reason, object, message, count and age', () => {
    const wrapper = mountView();

    expect(wrapper.find('h4').text()).toBe('Events in namespace ui-shop');
    expect(wrapper.findAll('th').map((h) => h.text())).toEqual(['Type', 'Reason', 'Object', 'Message', 'Count', 'Last seen']);
    expect(rows(wrapper)).toHaveLength(view.events.length);
    expect(wrapper.find('[data-testid="drover-events-count"]').text()).toBe(`${ view.events.length } events`);
    expect(cells(rows(wrapper)[0])).toEqual(['Warning', 'BackoffLimitExceeded', 'Job nightly-report', 'Job has reached the specified backoff limit', '1', '5m ago']);
    expect(wrapper.find('th[aria-sort="descending"]').text()).toBe('Last seen');
  });

  it('shows the exact time of an event on its age', () => {
    const time = rows(mountView())[0].find('time');

    expect(time.attributes('datetime')).toBe('2026-12-04T14:15:24Z');
    expect(time.attributes('title')).toBe(new Date('2026-12-04T14:15:24Z').toLocaleString());
  });

  it('keeps ages current as time passes', async() => {
    const wrapper = mountView();

    jest.advanceTimersByTime(4 * AGE_TICK_MS);
    await wrapper.vm.$nextTick();
    expect(rows(wrapper)[0].find('time').text()).toBe('6m ago');
  });

  it('marks warnings with an icon and words, not colour alone', () => {
    const warning = rows(mountView())[0];

    expect(warning.classes()).toContain('drover-events__row--warning');
    expect(warning.find('.icon-warning').exists()).toBe(true);
    expect(warning.find('.drover-events__type--warning').text()).toBe('Warning');
  });

  it('links each event to its object', () => {
    const link = rows(mountView())[1].find('[data-testid="drover-object-link"]');

    expect(link.text()).toBe('storefront-977f5fcb7-qn2ks');
    expect(link.attributes('href')).toBe('#/Pod/ui-shop/storefront-977f5fcb7-qn2ks');
  });

  it('shows only warnings when asked', async() => {
    const wrapper = mountView();
    const warnings = view.events.filter((e) => e.type === 'Warning').length;

    expect(wrapper.text()).toContain(`Warnings only (${ warnings })`);
    await wrapper.find('[data-testid="drover-events-warnings-only"]').setValue(true);
    expect(rows(wrapper)).toHaveLength(warnings);
    expect(rows(wrapper).every((r) => r.text().startsWith('Warning'))).toBe(true);
    expect(wrapper.find('[data-testid="drover-events-count"]').text()).toBe(`${ warnings } of ${ view.events.length } events`);
  });

  it('filters by text in any column, and says when nothing matches', async() => {
    const wrapper = mountView();

    await wrapper.find('[data-testid="drover-events-filter"]').setValue('NIGHTLY-report-9kjkp');
    expect(rows(wrapper).map((r) => r.find('.drover-events__reason').text())).toEqual(['Scheduled', 'SuccessfulCreate']);

    await wrapper.find('[data-testid="drover-events-filter"]').setValue('no such thing');
    expect(rows(wrapper)).toHaveLength(0);
    expect(wrapper.find('[data-testid="drover-events-no-match"]').text()).toContain('No event matches the filter.');
    expect(wrapper.find('[data-testid="drover-events-attach"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="drover-events-no-match"] button').trigger('click');
    expect(rows(wrapper)).toHaveLength(view.events.length);
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async() => {
    const wrapper = mountView();

    await wrapper.find('[data-testid="drover-events-sort-reason"]').trigger('click');
    const reasons = rows(wrapper).map((r) => r.find('.drover-events__reason').text());

    expect(reasons).toEqual([...reasons].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    expect(wrapper.find('th[aria-sort="ascending"]').text()).toBe('Reason');
    expect(wrapper.find('th.drover-events__col--lastSeen').attributes('aria-sort')).toBe('none');

    await wrapper.find('[data-testid="drover-events-sort-reason"]').trigger('click');
    expect(wrapper.find('th[aria-sort="descending"]').text()).toBe('Reason');
    expect(rows(wrapper).map((r) => r.find('.drover-events__reason').text())).toEqual([...reasons].reverse().sort((a, b) => b.localeCompare(a, undefined, { sensitivity: 'base' })));
  });

  it('attaches the events shown to the question being written', async() => {
    const controller = testController();
    const wrapper = mountView(view, controller);

    await wrapper.find('[data-testid="drover-events-warnings-only"]').setValue(true);
    await wrapper.find('[data-testid="drover-events-attach"]').trigger('click');

    const warnings = view.events.filter((e) => e.type === 'Warning');
    const [attachment] = controller.draft.value.attachments;

    expect(attachment).toMatchObject({ kind: 'events', title: `${ warnings.length } events` });
    expect(attachment.text.split('\n')).toHaveLength(warnings.length);
    expect(attachment.text.split('\n')[0]).toBe('2026-12-04T14:15:24Z Warning BackoffLimitExceeded Job/nightly-report: Job has reached the specified backoff limit (x1)');
    expect(wrapper.find('[data-testid="drover-events-attach"]').text()).toBe('Attached to your question');
  });

  it('renders markup in event messages as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const wrapper = mountView({
      ...view,
      events: [{
        ...view.events[0], message: hostile, reason: `<b>${ hostile }</b>`
      }]
    });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.find('.drover-events__message').text()).toBe(hostile);
  });

  it('renders a long list a hundred rows at a time', async() => {
    const many: EventRow[] = Array.from({ length: 250 }, (_, i) => ({ ...view.events[2], message: `event ${ i }` }));
    const wrapper = mountView({
      events: many, kind: 'events', truncated: false
    });

    expect(rows(wrapper)).toHaveLength(100);
    await wrapper.find('[data-testid="drover-events-more"]').trigger('click');
    expect(rows(wrapper)).toHaveLength(200);
    expect(wrapper.find('[data-testid="drover-events-more"]').text()).toBe('Show 50 more (50 not shown)');
    await wrapper.find('[data-testid="drover-events-more"]').trigger('click');
    expect(rows(wrapper)).toHaveLength(250);
    expect(wrapper.find('[data-testid="drover-events-more"]').exists()).toBe(false);
  });

  it('says when there are no events, and when older ones were left out', () => {
    const empty = mountView({
      kind: 'events', events: [], truncated: false
    });

    expect(empty.find('[data-testid="drover-events-empty"]').text()).toBe('No events.');
    expect(empty.find('[data-testid="drover-events-truncated"]').exists()).toBe(false);
    expect(mountView({ ...view, truncated: true }).find('[data-testid="drover-events-truncated"]').text()).toContain('Only the newest events are shown');
  });
});
