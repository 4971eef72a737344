import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, t, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import { BackendSession, closeChat, openChat } from '../../../__tests__/support/panel';
import ChatTranscript from '../ChatTranscript.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;
let session: BackendSession;

beforeEach(async() => {
  ({ backend, chat, session } = await openChat());
});
afterEach(() => closeChat(backend, chat));

const mountTranscript = () => mountInChat(ChatTranscript, chat);

/** The user asks here (the backend receives it), so the turn that answers is this page's own. */
async function ask(text: string): Promise<void> {
  chat.send(text, {});
  await backend.nextMessage('chat');
}

type Wrapper = ReturnType<typeof mountTranscript>;
const polite = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-announce"]');
const assertive = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-announce-urgent"]');

/** jsdom has no layout: gives the scroller a content and a viewport height, and a scroll position that can be set. */
function layOut(element: HTMLElement, contentHeight: number, viewportHeight: number): { scrollTop: number } {
  const position = { scrollTop: 0 };

  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: () => contentHeight });
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => viewportHeight });
  Object.defineProperty(element, 'scrollTop', {
    configurable: true,
    get:          () => position.scrollTop,
    set:          (value: number) => {
      position.scrollTop = value;
    }
  });

  return position;
}

describe('Transcript', () => {
  it('is a log of the conversation that a keyboard can reach', () => {
    const log = mountTranscript().find('[data-testid="drover-transcript"]');

    expect(log.attributes()).toMatchObject({
      role: 'log', 'aria-label': t('drover.transcript.label'), tabindex: '0'
    });
  });

  it('shows every turn, oldest first', async() => {
    const wrapper = mountTranscript();

    session.answered('t1', 'first question', 'First answer.');
    session.answered('t2', 'second question', 'Second answer.');
    await until(() => wrapper.findAll('[data-testid="drover-turn"]').length === 2, 'both turns');
    expect(wrapper.findAll('.drover-user__text').map((q) => q.text())).toEqual(['first question', 'second question']);
    expect(wrapper.findAll('[data-testid="drover-markdown"]').map((a) => a.text())).toEqual(['First answer.', 'Second answer.']);
  });

  it('announces a finished answer politely, once, not each streamed token', async() => {
    const wrapper = mountTranscript();

    expect(polite(wrapper).attributes('aria-live')).toBe('polite');
    await ask('why is checkout failing?');
    session.start('t1', 'why is checkout failing?');
    session.tokens('t1', 'Two pods ', 'are crash-looping.');
    await until(() => wrapper.find('[data-testid="drover-markdown"]').exists() && wrapper.find('[data-testid="drover-markdown"]').text() === 'Two pods are crash-looping.', 'the answer');
    expect(polite(wrapper).text()).toBe('');

    session.end('t1');
    await until(() => polite(wrapper).text() !== '', 'the announcement');
    expect(polite(wrapper).text()).toBe(`${ t('drover.transcript.announce.answer') } Two pods are crash-looping.`);
  });

  it('announces an answer that came all at once, as a /command\'s does', async() => {
    const wrapper = mountTranscript();

    await ask('/pods -n shop');
    session.answered('t1', '/pods -n shop', 'web-1 Running', { direct: true });
    await until(() => polite(wrapper).text() !== '', 'the announcement');
    expect(polite(wrapper).text()).toBe(`${ t('drover.transcript.announce.answer') } web-1 Running`);
  });

  it('announces only the start of a long answer', async() => {
    const wrapper = mountTranscript();

    await ask('explain');
    session.answered('t1', 'explain', 'word '.repeat(200));
    await until(() => polite(wrapper).text() !== '', 'the announcement');
    expect(polite(wrapper).element.textContent!.length).toBe(`${ t('drover.transcript.announce.answer') } `.length + 400);
  });

  it('does not announce answers it did not ask for here (a history replayed, another tab\'s)', async() => {
    const wrapper = mountTranscript();

    session.answered('t1', 'an earlier question', 'An earlier answer.');
    await until(() => wrapper.find('[data-testid="drover-markdown"]').exists(), 'the replayed turn');
    expect(polite(wrapper).text()).toBe('');
  });

  it('announces an approval request at once, with its command', async() => {
    const wrapper = mountTranscript();

    expect(assertive(wrapper).attributes('aria-live')).toBe('assertive');
    session.start('t1', 'scale web to zero');
    session.call('t1', 'c1', 'k8s_scale', {
      kind: 'deployment', name: 'web', replicas: 0
    }, { readOnly: false, command: 'kubectl scale deployment/web --replicas=0 -n shop' });
    await until(() => wrapper.find('[data-testid="drover-step"]').exists(), 'the step');
    expect(assertive(wrapper).text()).toBe('');

    session.approval('t1', 'c1', 'a1', 'kubectl scale deployment/web --replicas=0 -n shop');
    await until(() => assertive(wrapper).text() !== '', 'the announcement');
    expect(assertive(wrapper).text()).toBe(t('drover.transcript.announce.approval', { command: 'kubectl scale deployment/web --replicas=0 -n shop' }));
    expect(polite(wrapper).text()).toBe('');
  });

  it('follows new output at the bottom, and stops following while the user reads further up', async() => {
    const wrapper = mountTranscript();
    const scroller = wrapper.find('[data-testid="drover-transcript"]');
    const position = layOut(scroller.element as HTMLElement, 1_000, 200);

    session.start('t1', 'why is checkout failing?');
    session.tokens('t1', 'Two pods');
    await until(() => position.scrollTop === 1_000, 'the transcript to scroll to the newest output');

    position.scrollTop = 300;
    await scroller.trigger('scroll');
    session.tokens('t1', ' are crash-looping.');
    await until(() => wrapper.find('[data-testid="drover-markdown"]').exists() && wrapper.find('[data-testid="drover-markdown"]').text() === 'Two pods are crash-looping.', 'more output');
    await wrapper.vm.$nextTick();
    expect(position.scrollTop).toBe(300);

    position.scrollTop = 780; // back near the bottom
    await scroller.trigger('scroll');
    session.end('t1');
    await until(() => position.scrollTop === 1_000, 'following again');
  });

  it('follows again when the user asks a question while reading further up', async() => {
    const wrapper = mountTranscript();
    const scroller = wrapper.find('[data-testid="drover-transcript"]');
    const position = layOut(scroller.element as HTMLElement, 1_000, 200);

    session.start('t1', 'why is checkout failing?');
    session.tokens('t1', 'Two pods are crash-looping.');
    session.end('t1');
    await until(() => position.scrollTop === 1_000, 'the transcript at the newest output');
    position.scrollTop = 300;
    await scroller.trigger('scroll');

    expect(chat.send('scale web to 3')).toBeUndefined();
    session.start('t2', 'scale web to 3');
    await until(() => position.scrollTop === 1_000, 'the new question in view');
  });
});
