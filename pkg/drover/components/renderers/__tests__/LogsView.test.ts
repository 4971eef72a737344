import type { LogsView as Logs, ReadResult } from '@drover/protocol';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import LogsView from '../LogsView.vue';
import type { StepState } from '../../../chat/conversation';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, startScriptedBackend, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';

interface Fixture { tool: string; arguments: Record<string, unknown>; view: Logs }

const fixture = (name: string): Fixture => require(`../../../__tests__/fixtures/views/${ name }.json`);
const web = fixture('logs-web');
const checkout = fixture('logs-checkout-previous');

const ESC = '\u001b';
const stepOf = (f: Pick<Fixture, 'tool' | 'arguments'>): StepState => ({
  callId: 'c1', tool: f.tool, arguments: f.arguments, readOnly: true, status: 'done', cluster: 'local', namespace: 'ui-shop',
});
const synthetic = (texts: string[], extra: Partial<Logs> = {}): Logs => ({
  kind: 'logs',
  ref:  {
    cluster: 'local', kind: 'Pod', namespace: 'shop', name: 'api-0'
  },
  container: 'api',
  previous:  false,
  lines:     texts.map((text) => ({
    pod: 'api-0', container: 'api', text
  })),
  filteredOut: 0,
  truncated:   false,
  ...extra,
});

function mountLogs(view: Logs, options: { backend?: ScriptedBackend; step?: StepState; controller?: ChatController } = {}) {
  const controller = options.controller ?? testController(options.backend);
  const wrapper = mountInChat(LogsView, controller, { props: { view, step: options.step ?? stepOf(web) }, attachTo: document.body });

  return { wrapper, controller };
}

const byId = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="drover-logs-${ id }"]`);
const lines = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="drover-logs-line"]');
const lineText = (wrapper: VueWrapper, index: number) => lines(wrapper)[index].get('.drover-log-text').text();
const readResult = (view: Logs): ReadResult => ({
  isError: false, summary: `${ view.lines.length } lines`, structured: view
});

/** What a browser gives a scroll container that jsdom does not: a size, its content's height, and scrolling that moves it. */
function scrollable(wrapper: VueWrapper, lineCount: number): HTMLElement {
  const box = byId(wrapper, 'body').element as HTMLElement;

  Object.defineProperty(box, 'clientHeight', { value: 360, configurable: true });
  Object.defineProperty(box, 'scrollHeight', { value: lineCount * 18, configurable: true });
  box.scrollTo = ((options: ScrollToOptions) => {
    box.scrollTop = options.top ?? box.scrollTop;
    box.dispatchEvent(new Event('scroll'));
  }) as HTMLElement['scrollTo'];

  return box;
}

describe('LogsView', () => {
  let backend: ScriptedBackend | undefined;
  let mounted: VueWrapper | undefined;

  afterEach(async() => {
    mounted?.unmount();
    mounted = undefined;
    await backend?.close();
    backend = undefined;
  });
  const mountTracked = (...args: Parameters<typeof mountLogs>) => {
    const result = mountLogs(...args);

    mounted = result.wrapper;

    return result;
  };

  it('shows the lines of several pods numbered and labelled with their pod and container', () => {
    const { wrapper } = mountTracked(web.view);

    expect(wrapper.text()).toContain('Logs of deployment');
    expect(wrapper.get('[data-testid="drover-object-link"]').text()).toBe('ui-shop/web');
    expect(wrapper.text()).toContain('container web');
    expect(byId(wrapper, 'run').text()).toBe('Current run');
    expect(byId(wrapper, 'count').text()).toBe(`${ web.view.lines.length } lines`);
    expect(lines(wrapper)).toHaveLength(web.view.lines.length);
    const first = lines(wrapper)[0];

    expect(first.get('[data-testid="drover-logs-line-number"]').text()).toBe('1');
    expect(first.get('.drover-logs-body__source').text()).toBe(`[${ web.view.lines[0].pod }/web]`);
    expect(lineText(wrapper, 0)).toBe(web.view.lines[0].text);
    expect(byId(wrapper, 'body').attributes('tabindex')).toBe('0');
  });

  it('shows the previous run of one container without source labels, and offers the current one', () => {
    const { wrapper } = mountTracked(checkout.view, { step: stepOf(checkout) });

    expect(byId(wrapper, 'run').text()).toBe('Previous run (before the last restart)');
    expect(wrapper.find('.drover-logs-body__source').exists()).toBe(false);
    expect(byId(wrapper, 'toggle-previous').text()).toBe('Current container');
    expect(byId(wrapper, 'next-error').text()).toBe('Next error (1)');
  });

  it('highlights search matches, counts them and steps through them with Enter and Shift+Enter', async() => {
    const { wrapper } = mountTracked(web.view);
    const expected = web.view.lines.reduce((n, l) => n + l.text.toLowerCase().split('checkout').length - 1, 0);

    await byId(wrapper, 'search').setValue('CHECKOUT');
    expect(byId(wrapper, 'search-status').text()).toBe(`1 of ${ expected }`);
    expect(wrapper.findAll('[data-testid="drover-logs-match"]').map((m) => m.text().toLowerCase())).toContain('checkout');
    const current = () => wrapper.findAll('[data-testid="drover-logs-match"]').findIndex((m) => m.attributes('data-current-match') !== undefined);

    expect(current()).toBe(0);
    await byId(wrapper, 'search').trigger('keydown', { key: 'Enter' });
    expect(byId(wrapper, 'search-status').text()).toBe(`2 of ${ expected }`);
    expect(current()).toBe(1);
    await byId(wrapper, 'search').trigger('keydown', { key: 'Enter', shiftKey: true });
    expect(byId(wrapper, 'search-status').text()).toBe(`1 of ${ expected }`);
    expect(current()).toBe(0);
    await byId(wrapper, 'search-previous').trigger('click');
    expect(byId(wrapper, 'search-status').text()).toBe(`${ expected } of ${ expected }`);
    await byId(wrapper, 'search').setValue('no such text');
    expect(byId(wrapper, 'search-status').text()).toBe('No matches');
    expect(byId(wrapper, 'search-next').attributes('disabled')).toBeDefined();
  });

  it('jumps to the next line that looks like an error, wrapping around', async() => {
    const { wrapper } = mountTracked(synthetic(['starting', 'ERROR db down', 'ok', 'panic: boom', 'ok']));

    expect(byId(wrapper, 'next-error').text()).toBe('Next error (2)');
    const focused = () => wrapper.find('.drover-logs-body__row--focus').attributes('data-index');

    await byId(wrapper, 'next-error').trigger('click');
    expect(focused()).toBe('1');
    expect(byId(wrapper, 'announcement').text()).toBe('Line 2: error line 1 of 2');
    await byId(wrapper, 'next-error').trigger('click');
    expect(focused()).toBe('3');
    await byId(wrapper, 'next-error').trigger('click');
    expect(focused()).toBe('1');
  });

  it('disables the error jump when no line looks like an error', () => {
    const { wrapper } = mountTracked(synthetic(['all good', 'still good']));

    expect(byId(wrapper, 'next-error').attributes('disabled')).toBeDefined();
    expect(byId(wrapper, 'next-error').attributes('title')).toContain('No line mentions an error');
  });

  it('wraps long lines on request', async() => {
    const { wrapper } = mountTracked(web.view);

    expect(byId(wrapper, 'wrap').attributes('aria-pressed')).toBe('false');
    await byId(wrapper, 'wrap').trigger('click');
    expect(byId(wrapper, 'wrap').attributes('aria-pressed')).toBe('true');
    expect(byId(wrapper, 'body').classes()).toContain('drover-logs-body--wrap');
  });

  it('downloads the log as <pod>-<container>.log, labelled and without colour codes', async() => {
    const blobs: Blob[] = [];
    const names: string[] = [];

    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);

      return 'blob:log';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function(this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const { wrapper } = mountTracked(synthetic([`${ ESC }[31mERROR${ ESC }[0m disk full`, 'ok']));

    await byId(wrapper, 'download').trigger('click');
    click.mockRestore();
    expect(names).toEqual(['api-0-api.log']);
    const text = await new Promise((resolve) => {
      const reader = new FileReader();

      reader.onload = () => resolve(reader.result);
      reader.readAsText(blobs[0]);
    });

    expect(text).toBe('ERROR disk full\nok\n');
  });

  it('reads the other run of the container in place and says which run is shown', async() => {
    backend = await startScriptedBackend();
    const current: Logs = {
      ...checkout.view,
      previous: false,
      lines:    [{
        pod: 'checkout-1', container: 'checkout', text: 'checkout starting, version 2.4.2'
      }]
    };

    backend.answer('POST /api/read', { json: readResult(current) });
    const { wrapper } = mountTracked(checkout.view, { backend, step: stepOf(checkout) });

    await byId(wrapper, 'toggle-previous').trigger('click');
    await until(() => byId(wrapper, 'run').text() === 'Current run', 'the current run');
    expect(backend.requests[0].body).toEqual({
      tool: 'k8s_logs', arguments: { ...checkout.arguments, previous: false }, cluster: 'local'
    });
    expect(lines(wrapper)).toHaveLength(1);
    expect(lineText(wrapper, 0)).toBe('checkout starting, version 2.4.2');
    expect(byId(wrapper, 'toggle-previous').text()).toBe('Previous container');
    expect(byId(wrapper, 'announcement').text()).toBe('Showing the current run: 1 line.');

    backend.answer('POST /api/read', { json: readResult(checkout.view) });
    await byId(wrapper, 'toggle-previous').trigger('click');
    await until(() => byId(wrapper, 'run').text().startsWith('Previous run'), 'the previous run again');
    expect((backend.requests[1].body as { arguments: Record<string, unknown> }).arguments).toEqual({ ...checkout.arguments, previous: true });
  });

  it('keeps the lines and says why when the other run cannot be read', async() => {
    backend = await startScriptedBackend();
    backend.answer('POST /api/read', { json: { isError: true, summary: 'previous terminated container "web" in pod "web-1" not found' } satisfies ReadResult });
    const { wrapper } = mountTracked(web.view, { backend });

    await byId(wrapper, 'toggle-previous').trigger('click');
    await until(() => wrapper.find('[data-testid="drover-logs-problem"]').exists(), 'the error');
    expect(byId(wrapper, 'problem').text()).toBe('Could not read the other run of the container: previous terminated container "web" in pod "web-1" not found');
    expect(byId(wrapper, 'problem').attributes('role')).toBe('alert');
    expect(lines(wrapper)).toHaveLength(web.view.lines.length);
    expect(byId(wrapper, 'run').text()).toBe('Current run');
    expect(backend.requests[0].body).toEqual({
      tool: 'k8s_logs', arguments: { ...web.arguments, previous: true }, cluster: 'local'
    });
  });

  it('reads more lines by doubling the tail, and stops offering them at the tool maximum', async() => {
    backend = await startScriptedBackend();
    const longer: Logs = {
      ...web.view, truncated: true, lines: [...web.view.lines, ...web.view.lines]
    };

    backend.answer('POST /api/read', { json: readResult(longer) });
    const { wrapper } = mountTracked({ ...web.view, truncated: true }, { backend });

    expect(byId(wrapper, 'more').text()).toBe('More lines (last 200)');
    expect(byId(wrapper, 'truncated').text()).toContain('Not every line is shown');
    await byId(wrapper, 'more').trigger('click');
    await until(() => byId(wrapper, 'count').text() === `${ longer.lines.length } lines`, 'the longer log');
    expect(backend.requests[0].body).toEqual({
      tool: 'k8s_logs', arguments: { ...web.arguments, tail: 200 }, cluster: 'local'
    });
    expect(byId(wrapper, 'more').text()).toBe('More lines (last 400)');

    await byId(wrapper, 'more').trigger('click');
    await until(() => backend!.requests.length === 2 && !wrapper.find('[aria-busy="true"]').exists(), 'the second read');
    expect((backend.requests[1].body as { arguments: Record<string, unknown> }).arguments).toEqual({ ...web.arguments, tail: 400 });

    await wrapper.setProps({ view: { ...web.view, truncated: true }, step: stepOf({ ...web, arguments: { ...web.arguments, tail: 2000 } }) });
    expect(wrapper.find('[data-testid="drover-logs-more"]').exists()).toBe(false);
  });

  it('offers no more lines when the log was read in full', () => {
    const { wrapper } = mountTracked(web.view);

    expect(wrapper.find('[data-testid="drover-logs-more"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-logs-truncated"]').exists()).toBe(false);
  });

  it('attaches the newest lines to the question when nothing is selected or searched', async() => {
    const { wrapper, controller } = mountTracked(web.view);

    expect(byId(wrapper, 'attach').text()).toBe(`Attach the last ${ web.view.lines.length } lines`);
    await byId(wrapper, 'attach').trigger('click');
    const [attachment] = controller.draft.value.attachments;

    expect(attachment).toEqual({
      kind:  'logs',
      title: `logs of deployment ui-shop/web, ${ web.view.lines.length } lines`,
      ref:   web.view.ref,
      text:  web.view.lines.map((l) => `[${ l.pod }/${ l.container }] ${ l.text }`).join('\n'),
    });
    expect(byId(wrapper, 'announcement').text()).toBe(`${ web.view.lines.length } lines attached to your question.`);
  });

  it('attaches the lines that match the search', async() => {
    const { wrapper, controller } = mountTracked(web.view);

    await byId(wrapper, 'search').setValue('502');
    const matching = web.view.lines.filter((l) => l.text.includes('502'));

    expect(byId(wrapper, 'attach').text()).toBe(`Attach ${ matching.length } matching lines`);
    await byId(wrapper, 'attach').trigger('click');
    expect(controller.draft.value.attachments[0].text.split('\n')).toHaveLength(matching.length);
  });

  it('attaches a range picked by clicking a line number and Shift+clicking another', async() => {
    const { wrapper, controller } = mountTracked(checkout.view, { step: stepOf(checkout) });
    const numbers = () => wrapper.findAll('[data-testid="drover-logs-line-number"]');

    await numbers()[1].trigger('click');
    await numbers()[3].trigger('click', { shiftKey: true });
    expect(byId(wrapper, 'selection').text()).toContain('Lines 2–4 selected');
    expect(numbers()[2].attributes('aria-pressed')).toBe('true');
    expect(byId(wrapper, 'attach').text()).toBe('Attach 3 selected lines');
    await byId(wrapper, 'attach').trigger('click');
    expect(controller.draft.value.attachments[0]).toEqual({
      kind:  'logs',
      title: 'logs of deployment ui-shop/checkout (previous run), 3 lines',
      ref:   checkout.view.ref,
      text:  checkout.view.lines.slice(1, 4).map((l) => l.text).join('\n'),
    });
    await byId(wrapper, 'clear-selection').trigger('click');
    expect(wrapper.find('[data-testid="drover-logs-selection"]').exists()).toBe(false);
  });

  it('says how many lines the tool filter removed, and when not every line is shown', () => {
    const { wrapper } = mountTracked(synthetic(['a'], { filteredOut: 42, truncated: true }), { step: stepOf({ tool: 'k8s_logs', arguments: { tail: 2000 } }) });

    expect(byId(wrapper, 'filtered').text()).toBe("42 lines filtered out by the tool's filter.");
    expect(byId(wrapper, 'truncated').text()).toContain('already the most the tool reads at once');
  });

  it('says so when there are no lines', () => {
    expect(byId(mountTracked(synthetic([])).wrapper, 'empty').text()).toBe('No log lines.');
    mounted?.unmount();
    expect(byId(mountTracked(synthetic([], { filteredOut: 3 })).wrapper, 'empty').text()).toBe("No lines are left after the tool's filter.");
  });

  it('shows ANSI colours as theme classes and finds text across colour changes', async() => {
    const { wrapper } = mountTracked(synthetic([`${ ESC }[31mERR${ ESC }[0mOR ${ ESC }[1;32mready${ ESC }[0m`]));

    expect(wrapper.get('.drover-ansi-fg-red').text()).toBe('ERR');
    expect(wrapper.get('.drover-ansi-fg-green').classes()).toContain('drover-ansi-bold');
    expect(lineText(wrapper, 0)).toBe('ERROR ready');
    expect(wrapper.html()).not.toContain(ESC);
    await byId(wrapper, 'search').setValue('error');
    expect(wrapper.findAll('[data-testid="drover-logs-match"]').map((m) => m.text())).toEqual(['ERR', 'OR']);
  });

  it('renders only the lines in sight of 10,000, and scrolls a far match into view', async() => {
    const texts = Array.from({ length: 10_000 }, (_, i) => (i === 9_000 ? 'needle in the haystack' : `line ${ i } GET /healthz 200`));
    const { wrapper } = mountTracked(synthetic(texts));

    await flushPromises();
    expect(lines(wrapper).length).toBeLessThan(80);
    const box = scrollable(wrapper, texts.length);

    await byId(wrapper, 'search').setValue('NEEDLE');
    await flushPromises();
    await until(() => wrapper.find('[data-current-match]').exists(), 'the match in view');
    expect(box.scrollTop).toBeGreaterThan(9_000 * 18 - 360);
    expect(byId(wrapper, 'search-status').text()).toBe('1 of 1');
    expect(lines(wrapper).length).toBeLessThan(80);
  });

  it('keeps 10,000 wrapped lines virtual', async() => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `line ${ i } ${ 'x'.repeat(300) }`);
    const { wrapper } = mountTracked(synthetic(texts));

    await byId(wrapper, 'wrap').trigger('click');
    await flushPromises();
    expect(lines(wrapper).length).toBeLessThan(80);
  });
});
