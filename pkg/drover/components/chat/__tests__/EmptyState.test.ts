import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, testController, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { closeChat, connectedChat, healthyBackend, together } from '../../../__tests__/support/panel';
import ChatComposer from '../ChatComposer.vue';
import EmptyState from '../EmptyState.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
});
afterEach(() => closeChat(backend, chat));

type Wrapper = ReturnType<typeof mountInChat>;
const starters = (wrapper: Wrapper) => wrapper.findAll('[data-testid="drover-starter"]');
const texts = (wrapper: Wrapper) => starters(wrapper).map((s) => s.text());

describe('EmptyState', () => {
  it('introduces Drover and offers questions about the namespace the page shows', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountInChat(EmptyState, chat);

    expect(wrapper.find('h3').text()).toBe(t('drover.empty.title'));
    expect(wrapper.text()).toContain(t('drover.empty.intro'));
    expect(wrapper.find('ul').attributes('aria-labelledby')).toBe('drover-starters');
    expect(texts(wrapper)).toEqual([
      'What is wrong in namespace shop?', 'List the pods in shop', 'Show the warning events in shop', '/diagnose -n shop',
    ]);
  });

  it('offers questions about the cluster when the page shows no single namespace, or the user removed it', async() => {
    chat = await connectedChat(backend, {}, testHost(backend.url, { cluster: 'local', namespaces: ['shop', 'payments'] }));
    const wrapper = mountInChat(EmptyState, chat);
    const cluster = [t('drover.starters.cluster.health'), t('drover.starters.cluster.nodes'), t('drover.starters.cluster.events'), '/diagnose'];

    expect(texts(wrapper)).toEqual(cluster);

    chat.host.scope.value = { cluster: 'local', namespaces: ['shop'] };
    await wrapper.vm.$nextTick();
    expect(texts(wrapper)[0]).toBe('What is wrong in namespace shop?');
    chat.setDraft({ namespace: null });
    await wrapper.vm.$nextTick();
    expect(texts(wrapper)).toEqual(cluster);
  });

  it('offers questions about the object the user is asking about', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountInChat(EmptyState, chat);

    chat.addResources([{
      kind: 'Deployment', name: 'checkout', namespace: 'shop'
    }]);
    await wrapper.vm.$nextTick();
    expect(texts(wrapper)).toEqual([
      'Why is Deployment checkout not healthy?', 'Show the recent logs of Deployment checkout', 'Show the events of Deployment checkout', 'Describe Deployment checkout',
    ]);

    chat.setDraft({
      resources: [{
        kind: 'Service', name: 'web', namespace: 'shop'
      }]
    });
    await wrapper.vm.$nextTick();
    expect(texts(wrapper)).toEqual(['Why is Service web not healthy?', 'Show the events of Service web', 'Describe Service web']);
  });

  it('sends a starter at once, with the context the input shows', async() => {
    chat = await connectedChat(backend);
    const wrapper = mountInChat(EmptyState, chat);

    chat.addResources([{
      kind: 'Pod', name: 'checkout-1', namespace: 'shop'
    }]);
    await wrapper.vm.$nextTick();
    await starters(wrapper)[1].trigger('click');
    expect(await backend.nextMessage('chat')).toEqual({
      type:    'chat',
      text:    'Show the recent logs of Pod checkout-1',
      context: {
        cluster:   'local',
        namespace: 'shop',
        resources: [{
          kind: 'Pod', name: 'checkout-1', namespace: 'shop'
        }]
      },
    });
    expect(wrapper.emitted('pick')).toHaveLength(1);
  });

  it('leaves the starter in the input when it cannot be sent yet', async() => {
    chat = testController(backend);
    const wrapper = mountInChat(together(EmptyState, ChatComposer), chat);

    await starters(wrapper)[0].trigger('click');
    expect(wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]').element.value).toBe('What is wrong in namespace shop?');

    chat.start();
    await until(() => chat.connection.value.state === 'open', 'the connection');
    await wrapper.find('[data-testid="drover-composer-input"]').trigger('keydown', { key: 'Enter' });
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'What is wrong in namespace shop?' });
  });
});
