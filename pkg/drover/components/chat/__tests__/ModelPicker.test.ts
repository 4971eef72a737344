import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  memoryStorage, mountInChat, t, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { closeChat, connectedChat, healthyBackend, MODELS } from '../../../__tests__/support/panel';
import ModelPicker from '../ModelPicker.vue';

enableAutoUnmount(afterEach);

let backend: ScriptedBackend;
let chat: ChatController;

beforeEach(async() => {
  backend = await healthyBackend();
  backend.answer('GET /api/models', {
    json: {
      ...MODELS,
      available:  ['qwen3:8b', 'mistral:latest', 'llama3.2:3b', 'phi4:latest'],
      configured: [{ name: 'qwen3:8b', installed: true }, { name: 'mistral', installed: true }, { name: 'gemma3:4b', installed: false }],
    },
  });
});
afterEach(() => closeChat(backend, chat));

async function mountPicker(options = {}) {
  chat = await connectedChat(backend, options);
  await until(() => chat.models.value !== undefined, 'the models');

  return mountInChat(ModelPicker, chat);
}

type Wrapper = Awaited<ReturnType<typeof mountPicker>>;
const select = (wrapper: Wrapper) => wrapper.find<HTMLSelectElement>('[data-testid="drover-model-select"]');
const options = (wrapper: Wrapper) => select(wrapper).findAll('option').map((o) => [o.attributes('value'), o.text()]);

describe('ModelPicker', () => {
  it('lists the configured models first, the default marked and a missing one marked, then the others the server has', async() => {
    const wrapper = await mountPicker();

    expect(options(wrapper)).toEqual([
      ['qwen3:8b', 'qwen3:8b (default)'], ['mistral', 'mistral'], ['gemma3:4b', 'gemma3:4b (not installed)'],
      ['llama3.2:3b', 'llama3.2:3b'], ['phi4:latest', 'phi4:latest'],
    ]);
    expect(select(wrapper).element.value).toBe('qwen3:8b');
    expect(wrapper.find('.sr-only').text()).toBe(t('drover.models.label'));
  });

  it('marks the default model too when it is not installed', async() => {
    backend.answer('GET /api/models', { json: { ...MODELS, configured: [{ name: 'qwen3:8b', installed: false }] } });
    const wrapper = await mountPicker();

    expect(options(wrapper)[0][1]).toBe(t('drover.models.notInstalled', { model: t('drover.models.configured', { model: 'qwen3:8b' }) }));
  });

  it('makes the next question go to the model the user picks, and remembers it', async() => {
    const localStorage = memoryStorage();
    const wrapper = await mountPicker({ localStorage });

    await select(wrapper).setValue('llama3.2:3b');
    chat.send('why is checkout failing?');
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'why is checkout failing?', model: 'llama3.2:3b' });
    expect(localStorage.getItem('drover.model')).toBe('llama3.2:3b');
  });

  it('names no model when the user goes back to the default', async() => {
    const wrapper = await mountPicker();

    await select(wrapper).setValue('mistral');
    await select(wrapper).setValue('qwen3:8b');
    chat.send('hello');
    expect(await backend.nextMessage('chat')).not.toHaveProperty('model');
    expect(select(wrapper).element.value).toBe('qwen3:8b');
  });

  it('shows the model picked earlier in this browser', async() => {
    const localStorage = memoryStorage();

    localStorage.setItem('drover.model', 'phi4:latest');
    const wrapper = await mountPicker({ localStorage });

    expect(select(wrapper).element.value).toBe('phi4:latest');
  });

  it('says the model is unknown when the backend does not say', async() => {
    backend.answer('GET /api/models', {
      status: 500,
      json:   {
        error: {
          code: 'internal', message: 'boom', retryable: true
        }
      }
    });
    chat = await connectedChat(backend);
    const wrapper = mountInChat(ModelPicker, chat);

    expect(select(wrapper).exists()).toBe(false);
    expect(wrapper.text()).toBe(t('drover.status.modelUnknown'));
  });
});
