import type { Models, Readiness, ServerEvent } from '@drover/protocol';
import { enableAutoUnmount } from '@vue/test-utils';
import { emptyConversation, foldEvents, type ConversationState } from '../../../chat/conversation';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, t, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, connectedChat, healthyBackend, MODELS, together
} from '../../../__tests__/support/panel';
import { bannersFor } from '../banners';
import StatusBanners from '../StatusBanners.vue';
import ChatComposer from '../ChatComposer.vue';

enableAutoUnmount(afterEach);

// The rules (pure): which banners the chat's state calls for.
const OLLAMA: Models = {
  url: 'http://ollama:11434', reachable: true, available: ['qwen3:8b'], configured: [{ name: 'qwen3:8b', installed: true }]
};
const READY: Readiness = { ready: true, checks: { ollama: { ok: true }, mcp: { ok: true } } };

/** A conversation whose one turn went through `events` (numbered from 2). */
function turnWith(...events: ServerEvent[]): ConversationState {
  return foldEvents([
    {
      type: 'session', sessionId: 's1', resumed: false
    },
    {
      type: 'turn_start', sessionId: 's1', turnId: 't1', text: 'q', direct: false, seq: 1
    },
    ...events.map((e, i) => ({ ...e, seq: i + 2 }) as ServerEvent),
  ]);
}

const keys = (conversation: ConversationState, models?: Models, readiness?: Readiness, problem?: string) => bannersFor({
  conversation, models, readiness, problem
}, t).map((b) => b.key);

describe('bannersFor', () => {
  it('shows nothing while everything works', () => {
    expect(bannersFor({
      conversation: emptyConversation(), models: OLLAMA, readiness: READY
    }, t)).toEqual([]);
    expect(bannersFor({ conversation: emptyConversation() }, t)).toEqual([]);
  });

  it('says the model is down when the readiness check fails, offering the /commands', () => {
    const readiness = { ready: false, checks: { ollama: { ok: false, error: 'connect ECONNREFUSED 10.0.0.5:11434' }, mcp: { ok: true } } };

    expect(bannersFor({
      conversation: emptyConversation(), models: OLLAMA, readiness
    }, t)).toEqual([{
      key:           'model:connect ECONNREFUSED 10.0.0.5:11434',
      level:         'error',
      offerCommands: true,
      text:          t('drover.banners.modelDown', { detail: 'connect ECONNREFUSED 10.0.0.5:11434' }),
    }]);
  });

  it('says the model is down when the models list cannot reach it, naming where it looked', () => {
    const models = {
      ...OLLAMA, reachable: false, available: []
    };
    const [banner] = bannersFor({ conversation: emptyConversation(), models }, t);

    expect(banner).toMatchObject({
      level: 'error', offerCommands: true, text: t('drover.banners.modelDown', { detail: 'http://ollama:11434' })
    });
  });

  it('says the model is down when the latest turn failed for want of one', () => {
    const conversation = turnWith({
      type: 'error', turnId: 't1', code: 'model_unavailable', message: 'model "qwen3:8b" not found', retryable: true
    });
    const [banner] = bannersFor({ conversation }, t);

    expect(banner).toMatchObject({
      key: 'model:model "qwen3:8b" not found', offerCommands: true, text: t('drover.banners.modelDown', { detail: 'model "qwen3:8b" not found' })
    });
  });

  it('names the turn\'s own error when the model failed although the last status check found it reachable', () => {
    const conversation = turnWith({
      type: 'error', turnId: 't1', code: 'model_unavailable', message: 'model "qwen3:8b" not found', retryable: true
    });
    const [banner] = bannersFor({
      conversation, models: OLLAMA, readiness: READY
    }, t);

    expect(banner.text).toBe(t('drover.banners.modelDown', { detail: 'model "qwen3:8b" not found' }));
  });

  it('warns when no configured model is installed', () => {
    const models = { ...OLLAMA, configured: [{ name: 'qwen3:8b', installed: false }, { name: 'llama3.2:3b', installed: false }] };

    expect(bannersFor({ conversation: emptyConversation(), models }, t)).toEqual([{
      key: 'missing:qwen3:8b', level: 'warning', offerCommands: true, text: t('drover.banners.modelMissing', { model: 'qwen3:8b' }),
    }]);
    expect(keys(emptyConversation(), { ...models, configured: [{ name: 'qwen3:8b', installed: false }, { name: 'llama3.2:3b', installed: true }] })).toEqual([]);
  });

  it('says the tools are down, from the readiness check or from the latest turn, without offering commands', () => {
    const readiness = { ready: false, checks: { ollama: { ok: true }, mcp: { ok: false, error: 'MCP server 503' } } };

    expect(bannersFor({ conversation: emptyConversation(), readiness }, t)).toEqual([
      {
        key: 'tools:MCP server 503', level: 'error', text: t('drover.banners.toolsDown', { detail: 'MCP server 503' })
      },
    ]);
    const conversation = turnWith({
      type: 'error', turnId: 't1', code: 'tools_unavailable', message: 'mcp: connection refused', retryable: true
    });

    expect(bannersFor({ conversation }, t)[0].text).toBe(t('drover.banners.toolsDown', { detail: 'mcp: connection refused' }));
  });

  it('says the user lacks a permission when the cluster refused a call of the latest turn', () => {
    const conversation = turnWith(
      {
        type: 'tool_call', turnId: 't1', callId: 'c1', tool: 'k8s_get', arguments: {}, readOnly: true
      },
      {
        type: 'tool_result', turnId: 't1', callId: 'c1', tool: 'k8s_get', isError: true, forbidden: true, summary: 'secrets is forbidden in namespace shop'
      },
    );

    expect(bannersFor({ conversation }, t)).toEqual([{
      key: 'forbidden:t1:c1', level: 'warning', text: t('drover.banners.forbidden', { detail: 'secrets is forbidden in namespace shop' }),
    }]);
  });

  it('says an approval expired', () => {
    const conversation = turnWith(
      {
        type: 'tool_call', turnId: 't1', callId: 'c1', tool: 'k8s_scale', arguments: {}, readOnly: false
      },
      {
        type: 'approval_required', turnId: 't1', approvalId: 'a1', callId: 'c1', tool: 'k8s_scale', arguments: {}, plan: { command: 'kubectl scale', warnings: [] }, expiresAt: '2030-01-01T00:00:00.000Z', canRemember: false
      },
      {
        type: 'approval_resolved', turnId: 't1', approvalId: 'a1', decision: 'expired', by: 'timeout'
      },
    );

    expect(bannersFor({ conversation }, t)).toEqual([{
      key: 'expired:a1', level: 'warning', text: t('drover.banners.expired')
    }]);
  });

  it('looks at the latest turn only: an older turn\'s trouble is over', () => {
    const conversation = foldEvents([
      {
        type: 'turn_start', sessionId: 's1', turnId: 't2', text: 'again', direct: false, seq: 9
      },
    ], turnWith({
      type: 'error', turnId: 't1', code: 'model_unavailable', message: 'down', retryable: true
    }));

    expect(keys(conversation)).toEqual([]);
  });

  it('shows errors that belong to no turn, and a failed request, as they are', () => {
    const conversation = foldEvents([{
      type: 'error', code: 'busy', message: 'This session is already answering.', retryable: true, seq: 1
    }]);

    expect(bannersFor({ conversation, problem: 'no session s9' }, t)).toEqual([
      {
        key: 'notice:0:This session is already answering.', level: 'error', text: 'This session is already answering.'
      },
      {
        key: 'problem:no session s9', level: 'error', text: 'no session s9'
      },
    ]);
  });

  it('changes a banner\'s key with its detail, so a new problem is not hidden by an older one the user dismissed', () => {
    const down = (error: string) => ({ ready: false, checks: { ollama: { ok: false, error }, mcp: { ok: true } } });

    expect(keys(emptyConversation(), undefined, down('timeout'))).not.toEqual(keys(emptyConversation(), undefined, down('ECONNREFUSED')));
    expect(keys(emptyConversation(), undefined, undefined, 'a')).not.toEqual(keys(emptyConversation(), undefined, undefined, 'b'));
  });
});

// The component: the banners as the user sees them, from the real controller and backend.

let backend: ScriptedBackend;
let chat: ChatController;

type Check = { ok: boolean; error?: string };

const notReady = (ollama: Check, mcp: Check = { ok: true }) => ({ status: 503, json: { ready: false, checks: { ollama, mcp } } });

async function mountBanners() {
  chat = await connectedChat(backend);

  return mountInChat(together(StatusBanners, ChatComposer), chat);
}

type Wrapper = Awaited<ReturnType<typeof mountBanners>>;
const banner = (wrapper: Wrapper, kind: string) => wrapper.find(`[data-testid="drover-banner-${ kind }"]`);
const dismiss = (wrapper: Wrapper, kind: string) => banner(wrapper, kind).find(`button[aria-label="${ t('drover.banners.dismiss') }"]`).trigger('click');

describe('Banners', () => {
  beforeEach(async() => {
    backend = await healthyBackend();
  });
  afterEach(() => closeChat(backend, chat));

  it('shows nothing while the model and the tools answer', async() => {
    const wrapper = await mountBanners();

    expect(wrapper.find('[data-testid="drover-banners"]').exists()).toBe(false);
  });

  it('says when the model is down, as an alert, and offers a /command instead: /help goes into the input', async() => {
    backend.answer('GET /readyz', notReady({ ok: false, error: 'connect ECONNREFUSED 10.0.0.5:11434' }));
    const wrapper = await mountBanners();

    await until(() => banner(wrapper, 'model').exists(), 'the banner');
    expect(banner(wrapper, 'model').attributes('role')).toBe('alert');
    expect(banner(wrapper, 'model').text()).toContain(t('drover.banners.modelDown', { detail: 'connect ECONNREFUSED 10.0.0.5:11434' }));

    const commands = banner(wrapper, 'model').find('[data-testid="drover-banner-commands"]');

    expect(commands.text()).toBe(t('drover.banners.useCommands'));
    await commands.trigger('click');
    expect(wrapper.find<HTMLTextAreaElement>('[data-testid="drover-composer-input"]').element.value).toBe('/help');
  });

  it('says when the model failed during a turn', async() => {
    const wrapper = await mountBanners();
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'why is checkout failing?');
    session.error('t1', 'model_unavailable', 'model "qwen3:8b" not found, try pulling it first', true);
    session.end('t1', 'failed');
    await until(() => banner(wrapper, 'model').exists(), 'the banner');
    expect(banner(wrapper, 'model').text()).toContain(t('drover.banners.modelDown', { detail: 'model "qwen3:8b" not found, try pulling it first' }));
    expect(banner(wrapper, 'model').find('[data-testid="drover-banner-commands"]').exists()).toBe(true);
  });

  it('warns when the configured model is not installed', async() => {
    backend.answer('GET /api/models', { json: { ...MODELS, configured: [{ name: 'qwen3:8b', installed: false }] } });
    const wrapper = await mountBanners();

    await until(() => banner(wrapper, 'missing').exists(), 'the banner');
    expect(banner(wrapper, 'missing').attributes('role')).toBe('status');
    expect(banner(wrapper, 'missing').text()).toContain(t('drover.banners.modelMissing', { model: 'qwen3:8b' }));
  });

  it('says when the cluster tools are down, without offering commands', async() => {
    backend.answer('GET /readyz', notReady({ ok: true }, { ok: false, error: 'MCP server answered 503' }));
    const wrapper = await mountBanners();

    await until(() => banner(wrapper, 'tools').exists(), 'the banner');
    expect(banner(wrapper, 'tools').text()).toContain(t('drover.banners.toolsDown', { detail: 'MCP server answered 503' }));
    expect(banner(wrapper, 'tools').find('[data-testid="drover-banner-commands"]').exists()).toBe(false);
  });

  it('says the user lacks a permission when the cluster refused a call', async() => {
    const wrapper = await mountBanners();
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'show the secrets');
    session.call('t1', 'c1', 'k8s_get', { kind: 'secrets', namespace: 'shop' });
    session.result('t1', 'c1', 'k8s_get', {
      isError: true, forbidden: true, summary: 'secrets is forbidden: User "dev" cannot list secrets in namespace "shop"'
    });
    await until(() => banner(wrapper, 'forbidden').exists(), 'the banner');
    expect(banner(wrapper, 'forbidden').text()).toContain('secrets is forbidden: User "dev" cannot list secrets in namespace "shop"');
  });

  it('says when an approval expired', async() => {
    const wrapper = await mountBanners();
    const session = new BackendSession(backend);

    session.open();
    session.start('t1', 'scale web to zero');
    session.call('t1', 'c1', 'k8s_scale', {
      kind: 'deployment', name: 'web', replicas: 0
    }, { readOnly: false });
    session.approval('t1', 'c1', 'a1', 'kubectl scale deployment/web --replicas=0 -n shop');
    session.resolved('t1', 'a1', 'expired', 'timeout');
    await until(() => banner(wrapper, 'expired').exists(), 'the banner');
    expect(banner(wrapper, 'expired').text()).toContain(t('drover.banners.expired'));
  });

  it('shows an error the backend sent outside any turn', async() => {
    const wrapper = await mountBanners();

    new BackendSession(backend).error(undefined, 'busy', 'This session is already answering a question.', true);
    await until(() => banner(wrapper, 'notice').exists(), 'the banner');
    expect(banner(wrapper, 'notice').text()).toContain('This session is already answering a question.');
  });

  it('hides a dismissed banner, and shows the next, different problem again', async() => {
    backend.answer('GET /readyz', notReady({ ok: false, error: 'timeout' }));
    const wrapper = await mountBanners();

    await until(() => banner(wrapper, 'model').exists(), 'the banner');
    await dismiss(wrapper, 'model');
    expect(banner(wrapper, 'model').exists()).toBe(false);

    const first = chat.readiness.value;

    chat.retryConnection(); // reloads the status: still the same problem, still dismissed
    await until(() => chat.readiness.value !== first, 'the second status check');
    await wrapper.vm.$nextTick();
    expect(banner(wrapper, 'model').exists()).toBe(false);

    backend.answer('GET /readyz', notReady({ ok: false, error: 'connect ECONNREFUSED' }));
    chat.retryConnection();
    await until(() => banner(wrapper, 'model').exists(), 'the new problem');
    expect(banner(wrapper, 'model').text()).toContain('connect ECONNREFUSED');
  });

  it('keeps the other banners when one is dismissed', async() => {
    backend.answer('GET /readyz', notReady({ ok: false, error: 'timeout' }, { ok: false, error: 'MCP down' }));
    const wrapper = await mountBanners();

    await until(() => banner(wrapper, 'tools').exists(), 'the banners');
    await dismiss(wrapper, 'tools');
    expect(banner(wrapper, 'tools').exists()).toBe(false);
    expect(banner(wrapper, 'model').exists()).toBe(true);
  });
});
