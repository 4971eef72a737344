import { createServer } from 'node:net';
import type { ServerEvent } from '@drover/protocol';
import { WebSocket as NodeWebSocket } from 'ws';
import { ChatConnection, type ConnectionHandlers, type ConnectionOptions, type ConnectionStatus } from '../connection';
import { startScriptedBackend, until, type ScriptedBackend } from '../../__tests__/support/chat';

interface Recorder extends ConnectionHandlers {
  events: ServerEvent[];
  statuses: (ConnectionStatus & { at: number })[];
  opens: number;
  invalid: string[];
}

function recorder(): Recorder {
  const r: Recorder = {
    events:   [],
    statuses: [],
    opens:    0,
    invalid:  [],
    onEvent:  (e) => {
      r.events.push(e);
    },
    onStatus: (s) => {
      r.statuses.push({ ...s, at: Date.now() });
    },
    onOpen: () => {
      r.opens += 1;
    },
    onInvalidFrame: (e) => {
      r.invalid.push(e);
    },
  };

  return r;
}

const options = (extra: ConnectionOptions = {}): ConnectionOptions => ({
  WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket, initialDelayMs: 10, maxDelayMs: 40, random: () => 1, ...extra,
});

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  await new Promise((resolve) => server.close(resolve));

  return port;
}

let backend: ScriptedBackend;
let connection: ChatConnection | undefined;

beforeEach(async() => {
  backend = await startScriptedBackend();
});
afterEach(async() => {
  connection?.stop();
  await backend.close();
});

describe('the chat connection', () => {
  it('opens, says so, and hands over every event the protocol defines', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options());
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    expect(r.statuses.map((s) => s.state)).toEqual(['connecting', 'open']);

    backend.push({
      type: 'token', turnId: 't1', text: 'Hello', seq: 3
    });
    await until(() => r.events.length === 1, 'the event');
    expect(r.events[0]).toEqual({
      type: 'token', turnId: 't1', text: 'Hello', seq: 3
    });
  });

  it('drops a frame the protocol does not define and reports it', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options());
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    backend.push({ type: 'render_html', html: '<img onerror=alert(1)>' } as unknown as ServerEvent);
    await until(() => r.invalid.length === 1, 'the report');
    expect(r.events).toEqual([]);
  });

  it('sends client messages as JSON, and refuses to send while closed', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options());
    expect(connection.send({ type: 'ping' })).toBe(false);
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    expect(connection.send({ type: 'cancel', turnId: 't1' })).toBe(true);
    expect(await backend.nextMessage('cancel')).toEqual({ type: 'cancel', turnId: 't1' });
  });

  it('reconnects after the connection drops, and opens again so the owner can resume', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options());
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    backend.dropSockets();
    await until(() => r.opens === 2, 'the socket to open again');
    expect(r.statuses.map((s) => s.state)).toEqual(['connecting', 'open', 'waiting', 'connecting', 'open']);
  });

  it('waits longer after each failed attempt, doubling up to the cap', async() => {
    const port = await closedPort();
    const r = recorder();

    connection = new ChatConnection(() => `ws://127.0.0.1:${ port }/ws`, r, options());
    connection.start();
    await until(() => r.statuses.filter((s) => s.state === 'waiting').length >= 5, 'five failed attempts');
    const delays = r.statuses.flatMap((s) => (s.state === 'waiting' ? [s.retryAt - s.at] : [])).slice(0, 5);

    expect(delays).toEqual([10, 20, 40, 40, 40]);
    expect(r.statuses.filter((s) => s.state === 'waiting').map((s) => (s as { attempt: number }).attempt).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('spreads retries with jitter: half to all of the delay', async() => {
    const port = await closedPort();
    const r = recorder();

    connection = new ChatConnection(() => `ws://127.0.0.1:${ port }/ws`, r, options({
      random: () => 0, initialDelayMs: 40, maxDelayMs: 40
    }));
    connection.start();
    await until(() => r.statuses.some((s) => s.state === 'waiting'), 'a failed attempt');
    const waiting = r.statuses.find((s) => s.state === 'waiting')!;

    expect((waiting as { retryAt: number }).retryAt - waiting.at).toBe(20);
  });

  it('gives up on a connection that does not answer a ping in time, and opens a new one', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options({ pingIntervalMs: 20, pongTimeoutMs: 20 }));
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    expect(await backend.nextMessage('ping')).toEqual({ type: 'ping' });
    await until(() => r.opens === 2, 'a new socket after the missed pong');
  });

  it('stays connected while the server answers pings', async() => {
    const r = recorder();

    connection = new ChatConnection(() => `${ backend.url.replace('http', 'ws') }/ws`, r, options({ pingIntervalMs: 20, pongTimeoutMs: 30 }));
    connection.start();
    await until(() => r.opens === 1, 'the socket to open');
    for (let i = 0; i < 3; i++) {
      await backend.nextMessage('ping');
      backend.push({ type: 'pong' });
    }
    expect(r.opens).toBe(1);
  });

  it('retries at once when asked, and not at all once stopped', async() => {
    const port = await closedPort();
    const r = recorder();

    connection = new ChatConnection(() => `ws://127.0.0.1:${ port }/ws`, r, options({ initialDelayMs: 60_000, maxDelayMs: 60_000 }));
    connection.start();
    await until(() => r.statuses.some((s) => s.state === 'waiting'), 'a failed attempt');
    connection.retryNow();
    await until(() => r.statuses.filter((s) => s.state === 'connecting').length === 2, 'a second attempt right away');
    connection.stop();
    expect(r.statuses.at(-1)?.state).toBe('stopped');
  });
});
