import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  memoryStorage, mountInChat, t, testController, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { BackendSession, closeChat, connectedChat, healthyBackend } from '../../../__tests__/support/panel';
import ChatComposer from '../ChatComposer.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
});
afterEach(() => closeChat(backend, chat));

function mountComposer(controller: ChatController) {
  return mountInChat(ChatComposer, controller, { attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountComposer>;
const input = (wrapper: Wrapper) => wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]');
const hint = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-composer-hint"]').text();
const sendButton = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-composer-send"]');
const chips = (wrapper: Wrapper) => wrapper.findAll('[data-testid="drover-chip"]');
const chatMessages = () => backend.received.filter((m) => m.type === 'chat');

/** Presses a key in the input as a browser would dispatch it; returns whether the default action (a new line) went ahead. */
function press(wrapper: Wrapper, key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', {
    key, bubbles: true, cancelable: true, ...init
  });

  input(wrapper).element.dispatchEvent(event);

  return !event.defaultPrevented;
}

/** Puts the caret at `position` of the input's text. */
function caretAt(wrapper: Wrapper, position: number): void {
  input(wrapper).element.setSelectionRange(position, position);
}

describe('Composer', () => {
  it('sends the question on Enter with the page\'s cluster and namespace, then empties the input and keeps the focus', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('why is checkout failing?');
    expect(press(wrapper, 'Enter')).toBe(false);

    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'why is checkout failing?', context: { cluster: 'local', namespace: 'shop' }
    });
    await until(() => input(wrapper).element.value === '', 'the input to empty');
    expect(document.activeElement).toBe(input(wrapper).element);
    expect(hint(wrapper)).toBe(t('drover.composer.hint'));
  });

  it('sends with the Send button', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('list the pods');
    await sendButton(wrapper).trigger('click');
    expect(await backend.nextMessage('chat')).toMatchObject({ type: 'chat', text: 'list the pods' });
  });

  it('adds a line on Shift+Enter instead of sending, and does not send while an IME composes', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('first line');
    expect(press(wrapper, 'Enter', { shiftKey: true })).toBe(true);
    expect(press(wrapper, 'Enter', { isComposing: true })).toBe(true);
    await input(wrapper).setValue('first line\nsecond line');
    expect(input(wrapper).attributes('rows')).toBe('2');

    expect(press(wrapper, 'Enter')).toBe(false);
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'first line\nsecond line' });
    expect(chatMessages()).toHaveLength(1);
  });

  it('disables Send while there is nothing but blanks to send, and Enter sends nothing then', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    expect(sendButton(wrapper).attributes('disabled')).toBeDefined();
    await input(wrapper).setValue('   \n ');
    expect(sendButton(wrapper).attributes('disabled')).toBeDefined();
    press(wrapper, 'Enter');
    await wrapper.vm.$nextTick();
    expect(hint(wrapper)).toBe(t('drover.composer.hint'));

    await input(wrapper).setValue('x');
    expect(sendButton(wrapper).attributes('disabled')).toBeUndefined();
    press(wrapper, 'Enter');
    await backend.nextMessage('chat');
    expect(chatMessages().map((m) => m.type === 'chat' && m.text)).toEqual(['x']);
  });

  it('recalls earlier questions with Up on the first line and Down on the last, coming back to what was being written', async() => {
    const localStorage = memoryStorage();

    localStorage.setItem('drover.prompts', JSON.stringify(['list the pods', 'why is checkout failing?']));
    chat = await connectedChat(backend, { localStorage });
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('draft');

    expect(press(wrapper, 'ArrowUp')).toBe(false);
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('why is checkout failing?');
    press(wrapper, 'ArrowUp');
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('list the pods');
    expect(press(wrapper, 'ArrowUp')).toBe(true); // the oldest: nothing older, the caret moves as usual
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('list the pods');

    press(wrapper, 'ArrowDown');
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('why is checkout failing?');
    press(wrapper, 'ArrowDown');
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('draft');
  });

  it('moves the caret between lines with Up and Down inside a question of several lines, instead of recalling', async() => {
    const localStorage = memoryStorage();

    localStorage.setItem('drover.prompts', JSON.stringify(['an older question']));
    chat = await connectedChat(backend, { localStorage });
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('line one\nline two');

    caretAt(wrapper, 'line one\nli'.length); // on the second (last) line
    expect(press(wrapper, 'ArrowUp')).toBe(true);
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('line one\nline two');

    caretAt(wrapper, 3); // on the first line
    expect(press(wrapper, 'ArrowDown')).toBe(true);
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('line one\nline two');

    expect(press(wrapper, 'ArrowUp')).toBe(false);
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('an older question');
  });

  it('remembers what was sent, for Up to recall it', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('show the events');
    press(wrapper, 'Enter');
    await backend.nextMessage('chat');
    await until(() => input(wrapper).element.value === '', 'the input to empty');
    press(wrapper, 'ArrowUp');
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('show the events');
  });

  it('keeps the question and says so when not connected, and stops saying so once the connection is back', async() => {
    chat = testController(backend);
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('why is checkout failing?');
    press(wrapper, 'Enter');
    await wrapper.vm.$nextTick();
    expect(hint(wrapper)).toBe(t('drover.composer.disconnected'));
    expect(input(wrapper).element.value).toBe('why is checkout failing?');
    expect(chatMessages()).toEqual([]);

    chat.start();
    await until(() => chat.connection.value.state === 'open', 'the connection');
    await wrapper.vm.$nextTick();
    expect(hint(wrapper)).toBe(t('drover.composer.hint'));
    press(wrapper, 'Enter');
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'why is checkout failing?' });
  });

  it('offers Stop instead of Send while Drover answers, and Stop cancels the running turn', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'why is checkout failing?');
    await until(() => wrapper.find('[data-testid="drover-composer-stop"]').exists(), 'the Stop button');
    expect(sendButton(wrapper).exists()).toBe(false);
    expect(wrapper.find('[data-testid="drover-composer-stop"]').text()).toBe(t('drover.composer.stop'));

    await input(wrapper).setValue('and the payments pod?');
    press(wrapper, 'Enter');
    await wrapper.vm.$nextTick();
    expect(hint(wrapper)).toBe(t('drover.composer.busy'));

    await wrapper.find('[data-testid="drover-composer-stop"]').trigger('click');
    expect(await backend.nextMessage('cancel')).toEqual({ type: 'cancel', turnId: 't1' });
    session.end('t1', 'cancelled');
    await until(() => sendButton(wrapper).exists(), 'Send to come back');
    expect(hint(wrapper)).toBe(t('drover.composer.hint'));
    expect(input(wrapper).element.value).toBe('and the payments pod?');
  });

  it('locks the input while an approval waits for an answer, and says to answer it first', async() => {
    const localStorage = memoryStorage();

    localStorage.setItem('drover.prompts', JSON.stringify(['an older question']));
    chat = await connectedChat(backend, { localStorage });
    const wrapper = mountComposer(chat);

    await input(wrapper).setValue('meanwhile…');
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'scale web to zero');
    session.call('t1', 'c1', 'k8s_scale', {
      kind: 'deployment', name: 'web', replicas: 0
    }, { readOnly: false, command: 'kubectl scale deployment/web --replicas=0 -n shop' });
    session.approval('t1', 'c1', 'a1', 'kubectl scale deployment/web --replicas=0 -n shop');
    await until(() => input(wrapper).attributes('readonly') !== undefined, 'the input to lock');
    expect(hint(wrapper)).toBe(t('drover.composer.approvalPending'));
    expect(wrapper.find('[data-testid="drover-composer-hint"]').classes()).toContain('drover-composer__hint--problem');

    press(wrapper, 'ArrowUp');
    press(wrapper, 'Enter');
    await wrapper.vm.$nextTick();
    expect(input(wrapper).element.value).toBe('meanwhile…');

    session.resolved('t1', 'a1', 'denied');
    session.end('t1');
    await until(() => input(wrapper).attributes('readonly') === undefined, 'the input to unlock');
    expect(hint(wrapper)).toBe(t('drover.composer.hint'));
  });

  it('shows the cluster and namespace as chips: the cluster stays, the namespace can be removed and the next question goes without it', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    expect(chips(wrapper).map((c) => c.text())).toEqual(['Cluster: local', 'Namespace: shop']);
    expect(chips(wrapper)[0].find('[data-testid="drover-chip-remove"]').exists()).toBe(false);

    const remove = chips(wrapper)[1].find('[data-testid="drover-chip-remove"]');

    expect(remove.attributes('aria-label')).toBe('Remove Namespace: shop');
    await remove.trigger('click');
    expect(chips(wrapper).map((c) => c.text())).toEqual(['Cluster: local']);

    await input(wrapper).setValue('list the pods everywhere');
    press(wrapper, 'Enter');
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'list the pods everywhere', context: { cluster: 'local' }
    });
  });

  it('removes an object or an attachment the user does not want to send', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountComposer(chat);

    chat.addResources([{
      kind: 'Pod', name: 'checkout-1', namespace: 'shop'
    }, {
      kind: 'Deployment', name: 'web', namespace: 'shop'
    }]);
    chat.attach({
      kind: 'logs', title: 'logs of checkout-1, 2 lines', text: 'panic: boom\nexit 1'
    });
    await wrapper.vm.$nextTick();
    expect(chips(wrapper).map((c) => c.text())).toEqual([
      'Cluster: local', 'Namespace: shop', 'Pod/checkout-1 · shop', 'Deployment/web · shop', 'logs of checkout-1, 2 lines',
    ]);

    await chips(wrapper)[2].find('[data-testid="drover-chip-remove"]').trigger('click');
    await chips(wrapper)[3].find('[data-testid="drover-chip-remove"]').trigger('click');
    expect(chips(wrapper).map((c) => c.text())).toEqual(['Cluster: local', 'Namespace: shop', 'Deployment/web · shop']);

    await input(wrapper).setValue('is web healthy?');
    press(wrapper, 'Enter');
    expect(await backend.nextMessage('chat')).toEqual({
      type:    'chat',
      text:    'is web healthy?',
      context: {
        cluster:   'local',
        namespace: 'shop',
        resources: [{
          kind: 'Deployment', name: 'web', namespace: 'shop'
        }]
      },
    });
    await until(() => chips(wrapper).length === 2, 'the sent chips to go');
  });
});
