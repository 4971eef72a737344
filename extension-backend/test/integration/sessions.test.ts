// Conversation history end to end: sessions listed, read, renamed, deleted and exported over HTTP; kept to their
// owner; surviving a backend restart; and WebSocket clients that drop mid-turn resuming without gaps or repeats.
import { randomBytes } from 'node:crypto';
import type { ServerEvent } from '@drover/protocol';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { answerOf, ChatClient, typesOf } from '../support/chat-client';
import { ApiClient } from '../support/http';
import { cluster, startStack, TOKENS, type Stack } from '../support/stack';

/** A fresh name per run: a namespace of an earlier run may still be terminating. */
const NS = `be-api-sessions-${randomBytes(3).toString('hex')}`;

let stack: Stack;
let admin: ApiClient;
let viewer: ApiClient;

/** A finished conversation of one question and one scripted answer; returns its session id. */
async function conversation(client: ApiClient, question: string, answer: string): Promise<string> {
  stack.ollama.script({ text: answer });
  const res = await client.post('/api/chat', { text: question });
  expect(res.body).toMatchObject({ status: 'done', answer });
  return res.body.sessionId;
}

const seqOf = (e: ServerEvent) => ('seq' in e ? e.seq : undefined);

/** Starts an answer streamed word by word and drops the socket after the fifth word; returns what it had seen. */
async function dropMidAnswer(words: number) {
  const chunks = Array.from({ length: words }, (_, i) => `w${i} `);
  stack.ollama.script({ text: chunks, chunkDelayMs: 40 });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
  client.send({ type: 'chat', text: `say ${words} words` });
  await client.waitFor('token', (e) => e.text === 'w4 ');
  const seen = [...client.events];
  client.drop();
  return { chunks, seen, sessionId: client.sessionId, lastSeq: Math.max(...seen.map((e) => seqOf(e) ?? 0)) };
}

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS }),
  ]);
  await waitForDeployments(cluster, [NS], ['web']);
  stack = await startStack();
  admin = new ApiClient(stack, TOKENS.admin);
  viewer = new ApiClient(stack, TOKENS.viewer);
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false']);
});

afterEach(() => {
  expect(stack.ollama.pending()).toBe(0);
});

describe('history over HTTP', () => {
  it('lists sessions newest first, and a session used again moves to the top', async () => {
    const first = await conversation(admin, 'first question', 'first answer');
    const second = await conversation(admin, 'second question', 'second answer');
    const third = await conversation(admin, 'third question', 'third answer');
    const order = async () =>
      ((await admin.get('/api/sessions')).body.sessions as { id: string }[])
        .map((s) => s.id)
        .filter((id) => [first, second, third].includes(id));

    expect(await order()).toEqual([third, second, first]);
    stack.ollama.script({ text: 'again' });
    await admin.post('/api/chat', { sessionId: first, text: 'first, once more' });
    expect(await order()).toEqual([first, third, second]);
  });

  it('reads a session with its events, and the events after a seq', async () => {
    const id = await conversation(admin, 'what is a pod?', 'The smallest deployable unit.');
    const res = await admin.get(`/api/sessions/${id}`);

    expect(res.status).toBe(200);
    expect(res.body.session).toMatchObject({ id, title: 'what is a pod?' });
    expect(typesOf(res.body.events)).toEqual(['turn_start', 'token', 'turn_end']);
    expect(res.body.events[0]).toMatchObject({ text: 'what is a pod?' });
    expect(answerOf(res.body.events)).toBe('The smallest deployable unit.');
    const after = await admin.get(`/api/sessions/${id}/events?after=${res.body.events[0].seq}`);
    expect(after.body.events).toEqual(res.body.events.slice(1));
  });

  it('renames a session', async () => {
    const id = await conversation(admin, 'a question with a dull title', 'an answer');
    const renamed = await admin.patch(`/api/sessions/${id}`, { title: 'Pods in production' });

    expect(renamed.status).toBe(200);
    expect(renamed.body.session).toMatchObject({ id, title: 'Pods in production' });
    expect((await admin.get(`/api/sessions/${id}`)).body.session.title).toBe('Pods in production');
    expect((await admin.get('/api/sessions')).body.sessions.find((s: { id: string }) => s.id === id).title).toBe('Pods in production');
  });

  it('deletes a session: afterwards it is gone everywhere (404)', async () => {
    const id = await conversation(admin, 'delete me', 'ok');
    const deleted = await admin.delete(`/api/sessions/${id}`);

    expect(deleted.status).toBe(204);
    for (const path of [`/api/sessions/${id}`, `/api/sessions/${id}/events`, `/api/sessions/${id}/export`]) {
      const res = await admin.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await admin.delete(`/api/sessions/${id}`)).status).toBe(404);
    expect((await admin.get('/api/sessions')).body.sessions.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it('exports a session as Markdown with the question, the tool that ran and the answer', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } }] },
      { text: 'One web pod is running.' },
    );
    const chat = await admin.post('/api/chat', { text: 'which pods run in be-api-sessions?' });
    const res = await admin.get(`/api/sessions/${chat.body.sessionId}/export`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="which-pods-run-in-be-api-sessions-.md"');
    expect(res.text).toContain('# which pods run in be-api-sessions?');
    expect(res.text).toContain('## You\n\nwhich pods run in be-api-sessions?');
    expect(res.text).toContain('**Tool:** `k8s_get`');
    expect(res.text).toContain('One web pod is running.');
  });
});

describe('ownership', () => {
  it("one user cannot read another's sessions: list, read, rename, delete, export, continue, cancel or resume", async () => {
    const id = await conversation(admin, "the admin's secret plan", 'noted');

    expect((await viewer.get('/api/sessions')).body.sessions.map((s: { id: string }) => s.id)).not.toContain(id);
    const attempts = [
      await viewer.get(`/api/sessions/${id}`),
      await viewer.get(`/api/sessions/${id}/events`),
      await viewer.get(`/api/sessions/${id}/export`),
      await viewer.patch(`/api/sessions/${id}`, { title: 'mine now' }),
      await viewer.delete(`/api/sessions/${id}`),
      await viewer.post('/api/chat', { sessionId: id, text: 'continue it' }),
      await viewer.post(`/api/sessions/${id}/cancel`, {}),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.text).not.toContain('secret plan');
    }

    const socket = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
    socket.send({ type: 'resume', sessionId: id, afterSeq: 0 });
    expect(await socket.waitFor('error')).toMatchObject({ code: 'not_found' });
    const from = socket.mark();
    socket.send({ type: 'chat', sessionId: id, text: 'continue it' });
    expect(await socket.waitFor('error', () => true, from)).toMatchObject({ code: 'not_found' });
    expect(socket.events.filter((e) => e.type !== 'error')).toEqual([]);
    socket.close();

    // The owner's session is untouched.
    const own = await admin.get(`/api/sessions/${id}`);
    expect(own.body.session.title).toBe("the admin's secret plan");
    expect(typesOf(own.body.events)).toEqual(['turn_start', 'token', 'turn_end']);
  });
});

describe('turns and connections', () => {
  it('refuses a second turn in a session while one runs, with error busy', async () => {
    stack.ollama.script({ text: ['slow ', 'and ', 'steady'], delayMs: 300, chunkDelayMs: 100 });
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'chat', text: 'a slow answer, please' });
    await client.waitFor('turn_start');

    const from = client.mark();
    client.send({ type: 'chat', sessionId: client.sessionId, text: 'and another one at the same time' });
    expect(await client.waitFor('error', () => true, from)).toMatchObject({ code: 'busy', retryable: true });
    const overHttp = await admin.post('/api/chat', { sessionId: client.sessionId, text: 'and one over HTTP' });
    expect(overHttp.status).toBe(409);
    expect(overHttp.body.error).toMatchObject({ code: 'busy', retryable: true });

    await client.waitFor('turn_end');
    expect(answerOf(client.events)).toBe('slow and steady');
    expect(client.events.filter((e) => e.type === 'turn_start')).toHaveLength(1);
    client.close();
  });

  it('resumes a dropped WebSocket: the new socket gets the rest of the turn exactly once, in order, up to turn_end', async () => {
    const { chunks, seen, sessionId, lastSeq } = await dropMidAnswer(30);
    const second = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    second.send({ type: 'resume', sessionId, afterSeq: lastSeq });
    await second.waitFor('turn_end');

    expect(second.events[0]).toMatchObject({ type: 'session', sessionId, resumed: true });
    const rest = second.events.slice(1);
    const seqs = rest.map(seqOf);
    expect(seqs).toEqual(Array.from({ length: rest.length }, (_, i) => lastSeq + 1 + i));
    expect(rest.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
    expect(answerOf(seen) + answerOf(rest)).toBe(chunks.join(''));
    second.close();
  });

  it('resumes from inside a streamed answer after a backend restart without repeating text the client has seen', async () => {
    const { seen, sessionId, lastSeq } = await dropMidAnswer(100);
    // The answer streams on while the client is away; then the backend restarts.
    const watcher = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    watcher.send({ type: 'resume', sessionId, afterSeq: lastSeq });
    await watcher.waitFor('token', (e) => e.text === 'w20 ');
    await stack.restartBackend();

    const second = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    second.send({ type: 'resume', sessionId, afterSeq: lastSeq });
    await second.waitFor('turn_end');
    const stored = (await admin.get(`/api/sessions/${sessionId}`)).body.events;
    expect(answerOf(seen) + answerOf(second.events)).toBe(answerOf(stored));
    second.close();
  });

  it('keeps the history across a backend restart: listed, replayed, and given to the model on the next turn', async () => {
    const id = await conversation(admin, 'remember the number 4711', 'I will remember 4711.');
    await stack.restartBackend();

    expect((await admin.get('/api/sessions')).body.sessions.map((s: { id: string }) => s.id)).toContain(id);
    const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
    client.send({ type: 'resume', sessionId: id, afterSeq: 0 });
    const replayedEnd = await client.waitFor('turn_end');
    const replayed = client.events.slice(0, client.events.indexOf(replayedEnd) + 1);
    expect(typesOf(replayed)).toEqual(['session', 'turn_start', 'token', 'turn_end']);
    expect(replayed[1]).toMatchObject({ text: 'remember the number 4711' });
    expect(answerOf(replayed)).toBe('I will remember 4711.');

    stack.ollama.script({ text: 'It was 4711.' });
    const requestsBefore = stack.ollama.chatRequests().length;
    const events = await client.chat('which number was it?', { sessionId: id });
    expect(answerOf(events)).toBe('It was 4711.');
    const messages = stack.ollama.chatRequests()[requestsBefore].body.messages;
    expect(messages.slice(-3)).toEqual([
      { role: 'user', content: 'remember the number 4711' },
      { role: 'assistant', content: 'I will remember 4711.' },
      { role: 'user', content: 'which number was it?' },
    ]);
    client.close();
  });
});
