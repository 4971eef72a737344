import type { ReadResult, TableView as Table } from '@drover/protocol';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { nextTick } from 'vue';
import TableView from '../TableView.vue';
import type { StepState } from '../../../chat/conversation';
import {
  mountInChat, startScriptedBackend, testController, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';

interface Fixture { tool: string; arguments: Record<string, unknown>; view: Table }

const fixture = (name: string): Fixture => require(`../../../__tests__/fixtures/views/${ name }.json`);
const pods = fixture('table-pods');
const paged = fixture('table-paged');
const wide = fixture('table-wide');

const stepOf = (f: Pick<Fixture, 'tool' | 'arguments'>): StepState => ({
  callId: 'c1', tool: f.tool, arguments: f.arguments, readOnly: true, status: 'done', cluster: 'local', namespace: 'ui-shop',
});

function mountTable(view: Table, options: { backend?: ScriptedBackend; step?: StepState; controller?: ReturnType<typeof testController> } = {}) {
  const controller = options.controller ?? testController(options.backend);

  return mountInChat(TableView, controller, { props: { view, step: options.step ?? stepOf(pods) } });
}

const what = (wrapper: VueWrapper) => wrapper.get('[data-testid="drover-table-what"]').text();

/** The text a sighted user sees (screen-reader-only words left out). */
function visibleText(element: Element): string {
  const copy = element.cloneNode(true) as Element;

  copy.querySelectorAll('.sr-only').forEach((hidden) => hidden.remove());

  return (copy.textContent ?? '').trim();
}
const rowTexts = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="drover-table-row"]').map((row) => row.findAll('td').map((td) => visibleText(td.element)));
const column = (wrapper: VueWrapper, index: number) => rowTexts(wrapper).map((cells) => cells[index]);
const header = (wrapper: VueWrapper, index: number) => wrapper.get(`[data-testid="drover-table-header-${ index }"]`);
const cellsOf = (view: Table, index: number) => view.rows.map((row) => row.cells[index]);

describe('TableView', () => {
  let backend: ScriptedBackend | undefined;

  afterEach(async() => {
    await backend?.close();
    backend = undefined;
  });

  it('says what the rows are and how many, with the columns and every row of a real pod list', () => {
    const wrapper = mountTable(pods.view);

    expect(what(wrapper)).toBe(`${ pods.view.rows.length } pods`);
    expect(wrapper.findAll('th').map((th) => th.text())).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rowTexts(wrapper)).toEqual(pods.view.rows.map((row) => row.cells));
    expect(wrapper.get('table').attributes('aria-rowcount')).toBe(String(pods.view.rows.length + 1));
  });

  it('links each name to its object in the host, on the cluster the row comes from', () => {
    const links: unknown[] = [];
    const host = {
      ...testHost(),
      resourceLink: (ref: unknown) => {
        links.push(ref);

        return { href: '#/link' };
      }
    };
    const wrapper = mountTable(pods.view, { controller: testController(undefined, {}, host) });
    const anchors = wrapper.findAll('a[data-testid="drover-object-link"]');

    expect(anchors.map((a) => a.text())).toEqual(cellsOf(pods.view, 0));
    expect(links[0]).toEqual(pods.view.rows[0].ref);
    expect(pods.view.rows[0].ref?.cluster).toBe('local');
  });

  it('describes the object in the chat where the host has no pages (standalone)', async() => {
    backend = await startScriptedBackend();
    const host = { ...testHost(backend.url), resourceLink: () => undefined };
    const controller = testController(backend, {}, host);

    controller.start();
    await until(() => controller.connection.value.state === 'open', 'the chat connection');
    const wrapper = mountTable(pods.view, { controller });
    const sent = backend.nextMessage('chat');

    await wrapper.get('button[data-testid="drover-object-link"]').trigger('click');
    const message = await sent;
    const first = pods.view.rows[0].ref!;

    expect(message).toMatchObject({
      type: 'chat', text: `/describe pod/${ first.name } -n ui-shop`, context: { cluster: 'local' }
    });
    controller.disconnect();
  });

  it('colours status cells by health, with an icon and a tooltip as well', () => {
    const wrapper = mountTable(pods.view);
    const statuses = wrapper.findAll('[data-testid="drover-table-status"]');
    const byValue = new Map(statuses.map((s) => [visibleText(s.element), s]));
    const crash = byValue.get('CrashLoopBackOff')!;

    expect(crash.attributes('data-health')).toBe('error');
    expect(crash.find('.icon-error').exists()).toBe(true);
    expect(crash.attributes('title')).toBe('CrashLoopBackOff: a problem');
    expect(byValue.get('Running')!.attributes('data-health')).toBe('good');
    expect(byValue.get('Running')!.find('.icon-checkmark').exists()).toBe(true);
    expect(byValue.get('Pending')!.attributes('data-health')).toBe('warning');
    expect(byValue.get('0/1')!.attributes('data-health')).toBe('warning');
    expect(crash.text()).toContain('(problem)');
  });

  it('filters rows by any cell, ignoring case, and says how many match', async() => {
    const wrapper = mountTable(pods.view);

    await wrapper.get('[data-testid="drover-table-filter"]').setValue('crashloop');
    const expected = pods.view.rows.filter((row) => row.cells[2] === 'CrashLoopBackOff').map((row) => row.cells[0]);

    expect(column(wrapper, 0)).toEqual(expected);
    expect(wrapper.get('[data-testid="drover-table-matches"]').text()).toBe(`${ expected.length } of ${ pods.view.rows.length } match`);
    await wrapper.get('[data-testid="drover-table-filter"]').setValue('no-such-pod');
    expect(wrapper.get('[data-testid="drover-table-no-match"]').text()).toBe('No row matches "no-such-pod".');
  });

  it('sorts by a column when its header is clicked: ascending, descending, then as it came', async() => {
    const wrapper = mountTable(pods.view);
    const restarts = (cells: string[]) => cells.map((c) => Number.parseInt(c, 10));

    await header(wrapper, 3).get('button').trigger('click');
    expect(header(wrapper, 3).attributes('aria-sort')).toBe('ascending');
    const ascending = restarts(column(wrapper, 3));

    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header(wrapper, 3).get('button').trigger('click');
    expect(header(wrapper, 3).attributes('aria-sort')).toBe('descending');
    expect(restarts(column(wrapper, 3))).toEqual([...ascending].sort((a, b) => b - a));
    await header(wrapper, 3).get('button').trigger('click');
    expect(header(wrapper, 3).attributes('aria-sort')).toBe('none');
    expect(column(wrapper, 0)).toEqual(cellsOf(pods.view, 0));
  });

  it('sorts ages as lengths of time, not as text', async() => {
    const view: Table = { ...pods.view, rows: ['14s', '4s', '2d3h', '5m', '90s'].map((age, i) => ({ cells: [`pod-${ i }`, '1/1', 'Running', '0', age] })) };
    const wrapper = mountTable(view);

    await header(wrapper, 4).get('button').trigger('click');
    expect(column(wrapper, 4)).toEqual(['4s', '14s', '90s', '5m', '2d3h']);
    expect(header(wrapper, 4).find('.icon-sort-up').exists()).toBe(true);
  });

  it('makes every header a button, so sorting works from the keyboard', () => {
    const wrapper = mountTable(pods.view);

    for (const th of wrapper.findAll('th')) expect(th.get('button').attributes('type')).toBe('button');
  });

  it('copies the rows shown, after filtering, as CSV with the header row', async() => {
    const writeText = jest.fn().mockResolvedValue(undefined);

    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const view: Table = {
      ...pods.view,
      rows: [
        { cells: ['web-1', '1/1', 'Running', '0', '5m'] },
        { cells: ['node "a"', '0/1', 'Ready,SchedulingDisabled', '2 (1m ago)', '1d'] },
        { cells: ['db-0', '0/1', 'Pending', '0', '1m'] },
      ]
    };
    const wrapper = mountTable(view);

    await wrapper.get('[data-testid="drover-table-filter"]').setValue('0/1');
    await wrapper.get('[data-testid="drover-table-copy-csv"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(
      'NAME,READY,STATUS,RESTARTS,AGE\r\n"node ""a""",0/1,"Ready,SchedulingDisabled",2 (1m ago),1d\r\ndb-0,0/1,Pending,0,1m\r\n',
    );
  });

  it('shows every column of a wide table in a box that scrolls sideways', () => {
    const wrapper = mountTable(wide.view, { step: stepOf(wide) });

    expect(wrapper.findAll('th').map((th) => th.text())).toEqual(wide.view.columns);
    expect(rowTexts(wrapper)[0]).toEqual(wide.view.rows[0].cells);
    expect(wrapper.get('[data-testid="drover-table-scroller"]').classes()).toContain('drover-table-grid');
  });

  it('loads the next page with the continue token and appends its rows', async() => {
    backend = await startScriptedBackend();
    const page: Table = {
      ...pods.view, rows: pods.view.rows.slice(3, 6), next: 'page-3', total: 10
    };

    backend.answer('POST /api/read', {
      json: {
        isError: false, summary: '3 pods', structured: page
      } satisfies ReadResult
    });
    const wrapper = mountTable(paged.view, { backend, step: stepOf(paged) });

    expect(what(wrapper)).toBe(`3 of ${ paged.view.total } pods`);

    await wrapper.get('[data-testid="drover-table-load-more"]').trigger('click');
    await nextTick();
    expect(wrapper.get('[data-testid="drover-table-load-more"]').text()).toBe('Loading…');
    expect(wrapper.get('[data-testid="drover-table-load-more"]').attributes('disabled')).toBeDefined();
    await until(() => wrapper.findAll('[data-testid="drover-table-row"]').length === 6, 'the second page');

    expect(backend.requests[0].body).toEqual({
      tool: 'k8s_get', arguments: { ...paged.arguments, continue: paged.view.next }, cluster: 'local'
    });
    expect(column(wrapper, 0)).toEqual([...cellsOf(paged.view, 0), ...cellsOf(page, 0)]);
    expect(what(wrapper)).toBe('6 of 10 pods');

    backend.answer('POST /api/read', {
      json: {
        isError:    false,
        summary:    'last',
        structured: {
          ...page, rows: pods.view.rows.slice(6), next: undefined
        }
      }
    });
    await wrapper.get('[data-testid="drover-table-load-more"]').trigger('click');
    await until(() => !wrapper.find('[data-testid="drover-table-load-more"]').exists(), 'the last page');
    expect((backend.requests[1].body as { arguments: { continue: string } }).arguments.continue).toBe('page-3');
    expect(what(wrapper)).toBe(`${ pods.view.rows.length } pods`);
  });

  it('keeps the rows shown and says why when the next page cannot be read', async() => {
    backend = await startScriptedBackend();
    backend.answer('POST /api/read', {
      status: 403,
      json:   {
        error: {
          code: 'forbidden', message: 'pods is forbidden: User "ann" cannot list', retryable: false
        }
      }
    });
    const wrapper = mountTable(paged.view, { backend, step: stepOf(paged) });

    await wrapper.get('[data-testid="drover-table-load-more"]').trigger('click');
    await until(() => wrapper.find('[data-testid="drover-table-problem"]').exists(), 'the error');
    expect(wrapper.get('[data-testid="drover-table-problem"]').text()).toBe('Could not load more pods: pods is forbidden: User "ann" cannot list');
    expect(wrapper.get('[data-testid="drover-table-problem"]').attributes('role')).toBe('alert');
    expect(column(wrapper, 0)).toEqual(cellsOf(paged.view, 0));
    expect(wrapper.get('[data-testid="drover-table-load-more"]').attributes('disabled')).toBeUndefined();
  });

  it('shows the tool error of a failed page', async() => {
    backend = await startScriptedBackend();
    backend.answer('POST /api/read', { json: { isError: true, summary: 'the continue token has expired' } satisfies ReadResult });
    const wrapper = mountTable(paged.view, { backend, step: stepOf(paged) });

    await wrapper.get('[data-testid="drover-table-load-more"]').trigger('click');
    await until(() => wrapper.find('[data-testid="drover-table-problem"]').exists(), 'the error');
    expect(wrapper.get('[data-testid="drover-table-problem"]').text()).toBe('Could not load more pods: the continue token has expired');
    expect(wrapper.findAll('[data-testid="drover-table-row"]')).toHaveLength(3);
  });

  it('says when more rows exist than were fetched and there is no next page', () => {
    const wrapper = mountTable({ ...pods.view, truncated: true });

    expect(wrapper.get('[data-testid="drover-table-truncated"]').text()).toContain('More pods exist than were fetched');
    expect(wrapper.find('[data-testid="drover-table-load-more"]').exists()).toBe(false);
  });

  it('says so when nothing was found', () => {
    const wrapper = mountTable({
      kind: 'table', resource: 'helm releases', columns: ['NAME'], rows: [], truncated: false
    });

    expect(wrapper.get('[data-testid="drover-table-empty"]').text()).toBe('No helm releases found.');
    expect(wrapper.find('table').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-table-filter"]').exists()).toBe(false);
  });

  it('renders only the rows in sight of a long list, and still filters and sorts all of them', async() => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ cells: [`pod-${ i }`, '1/1', 'Running', String(i % 7), `${ i }m`] }));
    const wrapper = mountTable({
      kind: 'table', resource: 'pods', columns: pods.view.columns, rows, total: 5000, truncated: false
    });

    expect(wrapper.findAll('[data-testid="drover-table-row"]').length).toBeLessThan(60);
    expect(wrapper.get('table').attributes('aria-rowcount')).toBe('5001');

    await header(wrapper, 4).get('button').trigger('click');
    await header(wrapper, 4).get('button').trigger('click');
    expect(column(wrapper, 4)[0]).toBe('4999m');
    expect(wrapper.findAll('[data-testid="drover-table-row"]')[0].attributes('aria-rowindex')).toBe('2');

    await wrapper.get('[data-testid="drover-table-filter"]').setValue('pod-4321');
    expect(column(wrapper, 0)).toEqual(['pod-4321']);
  });
});
