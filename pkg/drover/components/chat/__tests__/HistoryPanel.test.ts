import type { SessionSummary } from '@drover/protocol';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, until, type RecordedRequest, type ScriptedBackend
} from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, connectedChat, healthyBackend, together
} from '../../../__tests__/support/panel';
import StatusBanners from '../StatusBanners.vue';
import HistoryPanel from '../HistoryPanel.vue';

enableAutoUnmount(afterEach);

const session = (id: string, title: string, updatedAt = '2026-05-04T10:00:00Z'): SessionSummary => ({
  id, title, createdAt: '2026-05-04T09:00:00Z', updatedAt
});

let backend: ScriptedBackend;
let chat: ChatController;
/** What the backend holds; GET /api/sessions lists it (filtered by ?q=), PATCH and DELETE change it. */
let sessions: SessionSummary[];

beforeEach(async() => {
  backend = await healthyBackend();
  sessions = [session('s1', 'Why is checkout failing?'), session('s2', 'Scale web for the sale'), session('s3', 'Ingress 502s')];
  backend.answer('GET /api/sessions', () => ({ json: { sessions } }));
  chat = await connectedChat(backend);
});
afterEach(() => closeChat(backend, chat));

function answerSearch(query: string, found: SessionSummary[]): void {
  backend.answer(`GET /api/sessions?q=${ encodeURIComponent(query) }`, { json: { sessions: found } });
}

async function mountHistory() {
  const wrapper = mountInChat(together(StatusBanners, HistoryPanel), chat, { attachTo: document.body });

  await until(() => wrapper.find('[data-testid="drover-history-item"]').exists() || wrapper.find('[data-testid="drover-history-empty"]').exists(), 'the history');

  return wrapper;
}

type Wrapper = Awaited<ReturnType<typeof mountHistory>>;
const items = (wrapper: Wrapper) => wrapper.findAll('[data-testid="drover-history-item"]');
const titles = (wrapper: Wrapper) => wrapper.findAll('.drover-history-item__title').map((i) => i.text());
const item = (wrapper: Wrapper, title: string) => items(wrapper).find((i) => i.find('.drover-history-item__title').text() === title)!;
const listRequests = () => backend.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/api/sessions') && !r.url.includes('/export'));

/** Shows session s1 in the chat, as if it had been asked here. */
async function showConversation(): Promise<void> {
  const current = new BackendSession(backend, 's1', 'Why is checkout failing?');

  current.open();
  current.answered('t1', 'why is checkout failing?', 'Two pods fail.');
  await until(() => chat.conversation.value.turns[0]?.status === 'answered', 'the conversation');
}

describe('HistoryPanel', () => {
  it('lists the user\'s earlier conversations, with when each last changed', async() => {
    const wrapper = await mountHistory();

    expect(wrapper.find('nav').attributes('aria-label')).toBe(t('drover.history.title'));
    expect(titles(wrapper)).toEqual(['Why is checkout failing?', 'Scale web for the sale', 'Ingress 502s']);
    expect(items(wrapper)[0].find('.drover-history-item__when').text()).toBe(new Date('2026-05-04T10:00:00Z').toLocaleString());
  });

  it('marks the conversation the chat shows', async() => {
    await showConversation();
    const wrapper = await mountHistory();
    const current = item(wrapper, 'Why is checkout failing?');

    expect(current.find('[data-testid="drover-history-open"]').attributes('aria-current')).toBe('true');
    expect(current.text()).toContain(t('drover.history.current'));
    expect(item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-open"]').attributes('aria-current')).toBeUndefined();
  });

  it('says when there are no conversations yet', async() => {
    sessions = [];
    const wrapper = await mountHistory();

    expect(wrapper.find('[data-testid="drover-history-empty"]').text()).toBe(t('drover.history.empty'));
  });

  it('searches once the user stops typing, and says when nothing matches', async() => {
    answerSearch('checkout', [sessions[0]]);
    answerSearch('nothing like it', []);
    const wrapper = await mountHistory();
    const search = wrapper.find('[data-testid="drover-history-search"]');

    expect(search.attributes('aria-label')).toBe(t('drover.history.search'));
    for (const text of ['c', 'ch', 'che', 'checkout']) await search.setValue(text);

    await until(() => titles(wrapper).length === 1, 'the search results');
    expect(titles(wrapper)).toEqual(['Why is checkout failing?']);
    expect(listRequests().map((r) => r.url)).toEqual(['/api/sessions', '/api/sessions?q=checkout']);

    await search.setValue('nothing like it');
    await until(() => wrapper.find('[data-testid="drover-history-empty"]').exists(), 'no match');
    expect(wrapper.find('[data-testid="drover-history-empty"]').text()).toBe(t('drover.history.noMatch'));

    await search.setValue('');
    await until(() => titles(wrapper).length === 3, 'everything again');
  });

  it('shows the results of the latest search, even when an earlier one answers last', async() => {
    answerSearch('ingress', [sessions[2]]);
    answerSearch('checkout', [sessions[0]]);
    let release: () => void = () => undefined;
    let held = false;
    let answered = false;
    const slowIngress: typeof fetch = async(input, init) => {
      if (!String(input).endsWith('?q=ingress')) return fetch(input, init);
      held = true;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      const response = await fetch(input, init);

      await response.clone().text();
      answered = true;

      return response;
    };

    chat.disconnect();
    chat = await connectedChat(backend, { fetchImpl: slowIngress });
    const wrapper = await mountHistory();
    const search = wrapper.find('[data-testid="drover-history-search"]');

    await search.setValue('ingress');
    await until(() => held, 'the first search to be on its way');
    await search.setValue('checkout');
    await until(() => titles(wrapper).length === 1, 'the second search\'s results');
    expect(titles(wrapper)).toEqual(['Why is checkout failing?']);

    release();
    await until(() => answered, 'the first search to be answered');
    await flushPromises();
    await flushPromises();
    expect(titles(wrapper)).toEqual(['Why is checkout failing?']);
  });

  it('opens a conversation: the backend replays it from the start, and the panel hears it was opened', async() => {
    const wrapper = await mountHistory();

    await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-open"]').trigger('click');
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 's3', afterSeq: 0
    });
    expect(wrapper.findComponent(HistoryPanel).emitted('opened')).toHaveLength(1);

    const replay = new BackendSession(backend, 's3', 'Ingress 502s');

    replay.open(true);
    replay.answered('t1', 'why does the ingress answer 502?', 'The backend service has no endpoints.');
    await until(() => chat.conversation.value.turns.length === 1, 'the replay');
    expect(chat.conversation.value.title).toBe('Ingress 502s');
    await until(() => item(wrapper, 'Ingress 502s').find('[aria-current="true"]').exists(), 'the opened conversation to be marked');
  });

  it('renames a conversation in place: the new title is stored and listed', async() => {
    backend.answer('PATCH /api/sessions/s2', (request: RecordedRequest) => {
      const title = (request.body as { title: string }).title;

      sessions = sessions.map((s) => (s.id === 's2' ? { ...s, title } : s));

      return { json: { session: sessions[1] } };
    });
    const wrapper = await mountHistory();
    const rename = item(wrapper, 'Scale web for the sale').find('[data-testid="drover-history-rename"]');

    expect(rename.attributes('aria-label')).toBe(`${ t('drover.history.rename') }: Scale web for the sale`);
    await rename.trigger('click');

    const field = wrapper.find<HTMLInputElement>('[data-testid="drover-history-title"]');

    expect(field.attributes('aria-label')).toBe(t('drover.history.renameLabel'));
    expect(field.element.value).toBe('Scale web for the sale');
    expect(document.activeElement).toBe(field.element);
    await field.setValue('  Black Friday scaling ');
    await wrapper.find('[data-testid="drover-history-save"]').trigger('click');

    await until(() => titles(wrapper).includes('Black Friday scaling'), 'the new title');
    expect(backend.requests.find((r) => r.method === 'PATCH')).toEqual({
      method: 'PATCH', url: '/api/sessions/s2', body: { title: 'Black Friday scaling' }
    });
    expect(wrapper.find('[data-testid="drover-history-title"]').exists()).toBe(false);
  });

  it('cancels a rename with Escape, or when the title is left blank', async() => {
    const wrapper = await mountHistory();

    await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-rename"]').trigger('click');
    const field = wrapper.find('[data-testid="drover-history-title"]');

    await field.setValue('something else');
    await field.trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="drover-history-title"]').exists()).toBe(false);
    expect(titles(wrapper)).toContain('Ingress 502s');

    await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-rename"]').trigger('click');
    expect(wrapper.find<HTMLInputElement>('[data-testid="drover-history-title"]').element.value).toBe('Ingress 502s');
    await wrapper.find('[data-testid="drover-history-title"]').setValue('   ');
    await wrapper.find('[data-testid="drover-history-title"]').trigger('keydown', { key: 'Enter' });
    await wrapper.find('[data-testid="drover-history-save"]').trigger('click');
    expect(wrapper.find('[data-testid="drover-history-title"]').exists()).toBe(false);
    expect(backend.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('shows the backend\'s message when a rename is refused, and keeps the title', async() => {
    backend.answer('PATCH /api/sessions/s3', {
      status: 400,
      json:   {
        error: {
          code: 'bad_request', message: 'title too long', retryable: false
        }
      }
    });
    const wrapper = await mountHistory();

    await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-rename"]').trigger('click');
    await wrapper.find('[data-testid="drover-history-title"]').setValue('x');
    await wrapper.find('[data-testid="drover-history-save"]').trigger('click');
    await until(() => wrapper.find('[data-testid="drover-banner-problem"]').exists(), 'the problem');
    expect(wrapper.find('[data-testid="drover-banner-problem"]').text()).toBe('title too long');
    expect(titles(wrapper)).toContain('Ingress 502s');
  });

  describe('export', () => {
    const downloads: { filename: string; href: string; blob: Blob }[] = [];
    let blobs: Blob[];

    beforeEach(() => {
      downloads.length = 0;
      blobs = [];
      Object.defineProperty(URL, 'createObjectURL', {
        configurable: true,
        value:        jest.fn((blob: Blob) => {
          blobs.push(blob);

          return `blob:drover/${ blobs.length }`;
        })
      });
      Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: jest.fn() });
      jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function(this: HTMLAnchorElement) {
        downloads.push({
          filename: this.download, href: this.href, blob: blobs[blobs.length - 1]
        });
      });
    });
    afterEach(() => {
      jest.restoreAllMocks();
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });

    const read = (blob: Blob) => new Promise<string>((resolve) => {
      const reader = new FileReader();

      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blob);
    });

    it('downloads a conversation as Markdown, under the name the backend gives it', async() => {
      const markdown = '# Why is checkout failing?\n\n**You:** why is checkout failing?\n\n**Drover:** Two pods fail.\n';

      backend.answer('GET /api/sessions/s1/export', { text: markdown, headers: { 'Content-Type': 'text/markdown', 'Content-Disposition': 'attachment; filename="why-is-checkout-failing.md"' } });
      const wrapper = await mountHistory();

      await item(wrapper, 'Why is checkout failing?').find('[data-testid="drover-history-export"]').trigger('click');

      await until(() => downloads.length === 1, 'the download');
      expect(downloads[0]).toMatchObject({ filename: 'why-is-checkout-failing.md', href: 'blob:drover/1' });
      expect(downloads[0].blob.type).toBe('text/markdown;charset=utf-8');
      expect(await read(downloads[0].blob)).toBe(markdown);
      expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:drover/1');
      expect(document.querySelector('a[download]')).toBeNull();
    });

    it('shows the backend\'s message and downloads nothing when the export fails', async() => {
      backend.answer('GET /api/sessions/s3/export', {
        status: 404,
        json:   {
          error: {
            code: 'not_found', message: 'no session s3', retryable: false
          }
        }
      });
      const wrapper = await mountHistory();

      await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-export"]').trigger('click');
      await until(() => wrapper.find('[data-testid="drover-banner-problem"]').exists(), 'the problem');
      expect(wrapper.find('[data-testid="drover-banner-problem"]').text()).toBe('no session s3');
      expect(downloads).toEqual([]);
    });
  });

  describe('delete', () => {
    const allowDelete = (id: string) => backend.answer(`DELETE /api/sessions/${ id }`, () => {
      sessions = sessions.filter((s) => s.id !== id);

      return { status: 204 };
    });

    it('asks first, and does nothing when the user cancels', async() => {
      const wrapper = await mountHistory();

      await item(wrapper, 'Ingress 502s').find('[data-testid="drover-history-delete"]').trigger('click');
      const confirm = wrapper.find('[role="alertdialog"]');

      expect(confirm.text()).toContain('Delete "Ingress 502s"? This cannot be undone.');
      await confirm.findAll('button').find((b) => b.text() === t('drover.history.cancel'))!.trigger('click');
      expect(wrapper.find('[role="alertdialog"]').exists()).toBe(false);
      expect(titles(wrapper)).toContain('Ingress 502s');
      expect(backend.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });

    it('deletes after confirmation, and clears the chat when it showed that conversation', async() => {
      allowDelete('s1');
      await showConversation();
      const wrapper = await mountHistory();

      await item(wrapper, 'Why is checkout failing?').find('[data-testid="drover-history-delete"]').trigger('click');
      await wrapper.find('[data-testid="drover-history-confirm-delete"]').trigger('click');

      await until(() => items(wrapper).length === 2, 'the conversation to go from the list');
      expect(titles(wrapper)).toEqual(['Scale web for the sale', 'Ingress 502s']);
      expect(backend.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual(['/api/sessions/s1']);
      expect(chat.conversation.value.turns).toEqual([]);
      expect(chat.conversation.value.sessionId).toBeUndefined();
    });

    it('keeps the chat when another conversation is deleted', async() => {
      allowDelete('s2');
      await showConversation();
      const wrapper = await mountHistory();

      await item(wrapper, 'Scale web for the sale').find('[data-testid="drover-history-delete"]').trigger('click');
      await wrapper.find('[data-testid="drover-history-confirm-delete"]').trigger('click');
      await until(() => titles(wrapper).length === 2, 'the conversation to go from the list');
      expect(chat.conversation.value.sessionId).toBe('s1');
      expect(chat.conversation.value.turns).toHaveLength(1);
    });

    it('keeps the chat and shows the backend\'s message when the delete fails', async() => {
      backend.answer('DELETE /api/sessions/s1', {
        status: 500,
        json:   {
          error: {
            code: 'internal', message: 'the session store is read-only', retryable: true
          }
        }
      });
      await showConversation();
      const wrapper = await mountHistory();

      await item(wrapper, 'Why is checkout failing?').find('[data-testid="drover-history-delete"]').trigger('click');
      await wrapper.find('[data-testid="drover-history-confirm-delete"]').trigger('click');

      await until(() => wrapper.find('[data-testid="drover-banner-problem"]').exists(), 'the problem');
      expect(wrapper.find('[data-testid="drover-banner-problem"]').text()).toBe('the session store is read-only');
      expect(chat.conversation.value.sessionId).toBe('s1');
      expect(chat.conversation.value.turns).toHaveLength(1);
    });
  });

  it('lists again when a turn ends (new titles, new order), not on every streamed token', async() => {
    const live = new BackendSession(backend, 's1', 'Why is checkout failing?');

    live.open();
    live.answered('t1', 'why is checkout failing?', 'Two pods fail.');
    await until(() => chat.conversation.value.lastSeq === 3, 'the first turn');
    const wrapper = await mountHistory();

    expect(listRequests()).toHaveLength(1);

    live.start('t2', 'and the cache?');
    await until(() => listRequests().length === 2, 'the list to load again for the new turn');
    for (const token of ['cache-0 ', 'is ', 'out ', 'of ', 'memory.']) {
      live.tokens('t2', token);
      await until(() => chat.conversation.value.lastSeq === live.lastSeq, `the token "${ token }"`);
      await wrapper.vm.$nextTick();
    }
    sessions = [session('s1', 'Checkout crash-loops', '2026-05-04T11:00:00Z'), ...sessions.slice(1)];
    live.end('t2');
    await until(() => titles(wrapper)[0] === 'Checkout crash-loops', 'the list to load after the turn');
    expect(listRequests()).toHaveLength(3);
  });

  it('closes on request', async() => {
    const wrapper = await mountHistory();

    await wrapper.find('[data-testid="drover-history-close"]').trigger('click');
    expect(wrapper.findComponent(HistoryPanel).emitted('close')).toHaveLength(1);
  });
});
