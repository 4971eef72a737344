import type { ServerEvent } from '@drover/protocol';
import { ChatController } from '../controller';
import {
  memoryStorage, startScriptedBackend, testController, testHost, until, type ScriptedBackend
} from '../../__tests__/support/chat';

const MODELS = {
  url: 'http://127.0.0.1:11434', reachable: true, available: ['qwen3:8b', 'llama3.2:3b'], configured: [{ name: 'qwen3:8b', installed: true }]
};
const READY = { ready: true, checks: { ollama: { ok: true }, mcp: { ok: true } } };

let backend: ScriptedBackend;
let chat: ChatController;

async function connected(controller = testController(backend)): Promise<ChatController> {
  controller.start();
  await until(() => controller.connection.value.state === 'open', 'the chat to connect');

  return controller;
}

/** What the backend says when a turn starts in session s1. */
const started = (turnId = 't1', seq = 1): ServerEvent[] => [
  {
    type: 'session', sessionId: 's1', resumed: false, title: 'hello'
  },
  {
    type: 'turn_start', sessionId: 's1', turnId, text: 'hello', direct: false, seq
  },
];

beforeEach(async() => {
  backend = await startScriptedBackend();
  backend.answer('GET /api/models', { json: MODELS });
  backend.answer('GET /readyz', { json: READY });
});
afterEach(async() => {
  chat?.disconnect();
  await backend.close();
});

describe('the chat controller', () => {
  it('connects and learns which models there are and whether the model and the tools answer', async() => {
    chat = await connected();
    await until(() => chat.models.value !== undefined && chat.readiness.value !== undefined, 'the status');
    expect(chat.models.value?.configured[0].name).toBe('qwen3:8b');
    expect(chat.readiness.value?.ready).toBe(true);
  });

  it('reads a 503 from /readyz as "not ready", with the failing check', async() => {
    backend.answer('GET /readyz', { status: 503, json: { ready: false, checks: { ollama: { ok: false, error: 'connect ECONNREFUSED' }, mcp: { ok: true } } } });
    chat = await connected();
    await until(() => chat.readiness.value !== undefined, 'the status');
    expect(chat.readiness.value?.checks.ollama).toEqual({ ok: false, error: 'connect ECONNREFUSED' });
  });

  it('sends the draft with the page\'s cluster and namespace and the chips, then clears it and remembers the prompt', async() => {
    chat = await connected();
    chat.setDraft({ text: '  why is checkout crash-looping?  ' });
    chat.addResources([{
      kind: 'Pod', name: 'checkout-1', namespace: 'shop'
    }]);
    chat.attach({
      kind: 'logs', title: '2 lines', text: 'panic: boom\nexit 1'
    });
    expect(chat.send()).toBeUndefined();

    expect(await backend.nextMessage('chat')).toEqual({
      type:    'chat',
      text:    'why is checkout crash-looping?',
      context: {
        cluster:   'local',
        namespace: 'shop',
        resources: [{
          kind: 'Pod', name: 'checkout-1', namespace: 'shop'
        }],
        attachments: [{
          kind: 'logs', title: '2 lines', text: 'panic: boom\nexit 1'
        }]
      },
    });
    expect(chat.draft.value).toMatchObject({
      text: '', resources: [], attachments: []
    });
    expect(chat.prompts.older('')).toBe('why is checkout crash-looping?');
    expect(chat.sending.value).toBe(true);
  });

  it('leaves the namespace out once the user removed its chip, and sends a picked model', async() => {
    chat = await connected();
    await until(() => chat.models.value !== undefined, 'the models');
    chat.selectModel('llama3.2:3b');
    chat.setDraft({ text: 'hello', namespace: null });
    chat.send();
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'hello', context: { cluster: 'local' }, model: 'llama3.2:3b'
    });
  });

  it('says why a message cannot go, and keeps it: empty, not connected, busy, approval pending', async() => {
    chat = testController(backend);
    expect(chat.send('')).toBe('empty');
    expect(chat.send('hello')).toBe('disconnected');
    chat = await connected(chat);
    backend.push(...started());
    await until(() => chat.running.value !== undefined, 'the turn to start');
    expect(chat.send('again')).toBe('busy');
    backend.push(
      {
        type:      'tool_call',
        turnId:    't1',
        callId:    'c1',
        tool:      'k8s_scale',
        arguments: {
          name: 'web', namespace: 'shop', replicas: 5
        },
        readOnly: false,
        seq:      2
      },
      {
        type:        'approval_required',
        turnId:      't1',
        approvalId:  'a1',
        callId:      'c1',
        tool:        'k8s_scale',
        arguments:   {},
        plan:        { command: 'kubectl scale', warnings: [] },
        expiresAt:   '2030-01-01T00:00:00.000Z',
        canRemember: false,
        seq:         3
      },
    );
    await until(() => chat.pending.value !== undefined, 'the approval');
    expect(chat.send('again')).toBe('approval-pending');
  });

  it('continues the session it shows: the next message names it, and a reconnect resumes after the last event', async() => {
    chat = await connected();
    backend.push(...started(), {
      type: 'turn_end', turnId: 't1', reason: 'answered', tokens: { prompt: 1, completion: 1 }, durationMs: 5, seq: 2
    });
    await until(() => chat.conversation.value.lastSeq === 2, 'the turn');
    chat.send('and now?');
    expect(await backend.nextMessage('chat')).toMatchObject({ sessionId: 's1', text: 'and now?' });

    backend.dropSockets();
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 's1', afterSeq: 2
    });
  });

  it('finds the conversation again after a reload: the tab\'s saved session is replayed from the start', async() => {
    const sessionStorage = memoryStorage();

    chat = await connected(testController(backend, { sessionStorage }));
    backend.push(...started());
    await until(() => sessionStorage.getItem('drover.session') === 's1', 'the session to be saved');
    chat.disconnect();

    chat = testController(backend, { sessionStorage });
    chat.start();
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 's1', afterSeq: 0
    });
  });

  it('opens with a prompt and objects from another extension, and sends at once when asked to', async() => {
    chat = await connected();
    chat.open({
      prompt:  'Why is this pod failing?',
      context: {
        resources: [{
          kind: 'Pod', name: 'web-1', namespace: 'shop'
        }]
      }
    });
    expect(chat.draft.value).toMatchObject({ text: 'Why is this pod failing?', resources: [{ kind: 'Pod', name: 'web-1' }] });
    expect(backend.received.filter((m) => m.type === 'chat')).toEqual([]);

    chat.open({ prompt: 'Diagnose web-1', autoSubmit: true });
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'Diagnose web-1', context: { resources: [{ kind: 'Pod', name: 'web-1' }] } });
  });

  it('sends an auto-submitted question once the first connection opens, not into a socket that is still connecting', async() => {
    chat = testController(backend);
    chat.open({ prompt: '/diagnose shop', autoSubmit: true });
    expect(chat.draft.value.text).toBe('/diagnose shop');
    expect(await backend.nextMessage('chat')).toMatchObject({ type: 'chat', text: '/diagnose shop' });
    expect(chat.draft.value.text).toBe('');
  });

  it('after a reload, sends an auto-submitted question once the saved session is resumed, so it continues that session', async() => {
    const sessionStorage = memoryStorage();

    sessionStorage.setItem('drover.session', 's1');
    chat = testController(backend, { sessionStorage });
    chat.open({ prompt: 'why?', autoSubmit: true });
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 's1', afterSeq: 0
    });
    expect(backend.received.filter((m) => m.type === 'chat')).toEqual([]);
    backend.push({
      type: 'session', sessionId: 's1', resumed: true, title: 'hello'
    });
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'why?', sessionId: 's1' });
  });

  it('continues a given session (a detail page\'s diagnosis): switches to it, then fills in or sends the question', async() => {
    chat = await connected();
    backend.push(...started());
    await until(() => chat.conversation.value.sessionId === 's1', 'session s1');
    chat.open({ sessionId: 'diag-1', prompt: 'And how do I fix it?' });
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 'diag-1', afterSeq: 0
    });
    expect(chat.conversation.value.turns).toEqual([]);
    expect(chat.draft.value.text).toBe('And how do I fix it?');

    chat.open({
      sessionId: 'diag-2', prompt: 'Why?', autoSubmit: true
    });
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 'diag-2', afterSeq: 0
    });
    backend.push({
      type: 'session', sessionId: 'diag-2', resumed: true
    });
    expect(await backend.nextMessage('chat')).toMatchObject({ text: 'Why?', sessionId: 'diag-2' });
  });

  it('shows a request in the host\'s panel where it has one, else opens it in this chat', () => {
    const open = jest.fn();

    chat = testController(backend, {}, { ...testHost(backend.url), open });
    chat.show({ prompt: 'Fix it' });
    expect(open).toHaveBeenCalledWith({ prompt: 'Fix it' });
    expect(chat.draft.value.text).toBe('');
    chat.disconnect();

    chat = testController(backend);
    chat.show({ prompt: 'Fix it' });
    expect(chat.draft.value.text).toBe('Fix it');
  });

  it('stops the running turn, and answers approvals with the user\'s reason', async() => {
    chat = await connected();
    backend.push(...started());
    await until(() => chat.running.value !== undefined, 'the turn to start');
    chat.stop();
    expect(await backend.nextMessage('cancel')).toEqual({ type: 'cancel', turnId: 't1' });
    expect(chat.approve('a1', true)).toBe(true);
    expect(await backend.nextMessage('approve')).toEqual({
      type: 'approve', approvalId: 'a1', rememberForSession: true
    });
    chat.deny('a2', '  not during the sale ');
    expect(await backend.nextMessage('deny')).toEqual({
      type: 'deny', approvalId: 'a2', reason: 'not during the sale'
    });
  });

  it('asks a question again with what it carried, or puts it back into the input to edit', async() => {
    chat = await connected();
    const turn = {
      turnId: 't0', text: 'scale web', direct: false, status: 'answered' as const, items: [], context: { cluster: 'local', resources: [{ kind: 'Deployment', name: 'web' }] }
    };

    chat.edit(turn);
    expect(chat.draft.value).toEqual({
      text: 'scale web', resources: [{ kind: 'Deployment', name: 'web' }], attachments: [], namespace: null
    });
    chat.retry(turn);
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: 'scale web', context: turn.context
    });
  });

  it('stores a rating over HTTP, and shows the backend\'s message when that fails', async() => {
    chat = await connected();
    backend.push(...started());
    await until(() => chat.running.value !== undefined, 'the turn');
    backend.answer('PUT /api/sessions/s1/turns/t1/feedback', { status: 204, text: '' });
    await chat.rate(chat.running.value!, 'down', ' wrong pod ');
    expect(backend.requests.at(-1)).toEqual({
      method: 'PUT', url: '/api/sessions/s1/turns/t1/feedback', body: { rating: 'down', comment: 'wrong pod' }
    });

    backend.answer('PUT /api/sessions/s1/turns/t1/feedback', {
      status: 404,
      json:   {
        error: {
          code: 'not_found', message: 'no turn t1 in session s1', retryable: false
        }
      }
    });
    await chat.rate(chat.running.value!, 'up');
    expect(chat.problem.value).toBe('no turn t1 in session s1');
  });

  it('starts afresh for a new chat, and shows a session from the history by replaying it', async() => {
    const sessionStorage = memoryStorage();

    chat = await connected(testController(backend, { sessionStorage }));
    backend.push(...started());
    await until(() => chat.conversation.value.turns.length === 1, 'the turn');
    chat.newChat();
    expect(chat.conversation.value.turns).toEqual([]);
    expect(sessionStorage.getItem('drover.session')).toBeNull();

    chat.openSession('older');
    expect(await backend.nextMessage('resume')).toEqual({
      type: 'resume', sessionId: 'older', afterSeq: 0
    });
    expect(sessionStorage.getItem('drover.session')).toBe('older');
  });

  it('leaves the old session behind on New chat: its events are not shown until the new session starts', async() => {
    chat = await connected();
    backend.push(...started());
    await until(() => chat.conversation.value.turns.length === 1, 'the turn');
    chat.newChat();
    backend.push({
      type: 'token', turnId: 't1', text: 'still streaming', seq: 2
    }, {
      type: 'turn_start', sessionId: 's1', turnId: 't2', text: 'old', direct: false, seq: 3
    });
    chat.send('a new question', {});
    await backend.nextMessage('chat');
    backend.push({
      type: 'session', sessionId: 's2', resumed: false, title: 'a new question'
    },
    {
      type: 'turn_start', sessionId: 's2', turnId: 'n1', text: 'a new question', direct: false, seq: 1
    });
    await until(() => chat.conversation.value.turns.length === 1 && chat.conversation.value.sessionId === 's2', 'the new session');
    expect(chat.conversation.value.turns.map((turn) => turn.text)).toEqual(['a new question']);
  });

  it('shows an object on its page where the host has pages, else describes it in the chat', async() => {
    const followed: string[] = [];
    const host = { ...testHost(backend.url), resourceLink: () => ({ href: '/c/local/explorer/pod/shop/web-1', follow: () => followed.push('web-1') }) };

    chat = await connected(testController(backend, {}, host));
    chat.showObject({
      kind: 'Pod', name: 'web-1', namespace: 'shop'
    });
    expect(followed).toEqual(['web-1']);

    const standalone = await connected(testController(backend, {}, { ...testHost(backend.url), resourceLink: () => undefined }));

    standalone.showObject({
      cluster: 'local', kind: 'Deployment', name: 'web', namespace: 'shop'
    });
    expect(await backend.nextMessage('chat')).toEqual({
      type: 'chat', text: '/describe deployment/web -n shop', context: { cluster: 'local' }
    });
    standalone.disconnect();
  });

  it('reads outside the conversation through POST /api/read', async() => {
    chat = await connected();
    backend.answer('POST /api/read', {
      json: {
        isError:    false,
        summary:    '2 pods',
        structured: {
          kind: 'text', title: 't', text: 'x', truncated: false
        }
      }
    });
    const result = await chat.read({
      tool: 'k8s_get', arguments: { kind: 'pods', continue: 'abc' }, cluster: 'local'
    });

    expect(result.summary).toBe('2 pods');
    expect(backend.requests.at(-1)?.body).toEqual({
      tool: 'k8s_get', arguments: { kind: 'pods', continue: 'abc' }, cluster: 'local'
    });
  });
});
