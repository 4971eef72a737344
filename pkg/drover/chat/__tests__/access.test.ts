import { WebSocket as NodeWebSocket } from 'ws';
import { BackendApi, BackendError } from '../backend-api';
import { isNotAllowed } from '../access';
import type { ChatController } from '../controller';
import {
  PROXY_REFUSAL, roleGatedHost, testController, testHost, until, type ScriptedBackend
} from '../../__tests__/support/chat';
import { healthyBackend } from '../../__tests__/support/panel';

const ME = {
  name: 'u-abc', groups: [], mode: 'rancher'
};
/** An error of the backend's own (such as its refusal of a cross-site cookie): not the proxy's. */
const backendError = (status: number, code: string) => ({
  status,
  json: {
    error: {
      code, message: `refused (${ code })`, retryable: false
    }
  }
});
/** Longer than the test connection's longest retry delay (200 ms): a reconnect loop would show in it. */
const QUIET_MS = 400;

let backend: ScriptedBackend;
let chat: ChatController;
/** Every WebSocket the chat tried to open (a refused upgrade would never reach the scripted backend). */
let sockets: string[];

class CountedWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(url);
  }
}

function startChat(host = roleGatedHost(backend.url)): ChatController {
  chat = testController(backend, { connection: { WebSocketImpl: CountedWebSocket as unknown as typeof WebSocket } }, host);
  chat.start();

  return chat;
}

const meRequests = () => backend.requests.filter((r) => r.url === '/api/me').length;
const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

beforeEach(async() => {
  backend = await healthyBackend();
  sockets = [];
});
afterEach(async() => {
  chat?.disconnect();
  await backend.close();
});

describe('a 403 of Rancher\'s service proxy', () => {
  /** What GET /api/me fails with. */
  const failure = (): Promise<BackendError> => new BackendApi((path) => `${ backend.url }/${ path }`).me().catch((err) => err);

  it('is "not allowed", with the proxy\'s message', async() => {
    backend.answer('GET /api/me', PROXY_REFUSAL);
    const refusal = await failure();

    expect(refusal).toBeInstanceOf(BackendError);
    expect(isNotAllowed(refusal)).toBe(true);
    expect(refusal.message).toBe(PROXY_REFUSAL.json.message);
  });

  it('is told apart from a 403 of the backend itself (its own error body)', async() => {
    backend.answer('GET /api/me', backendError(403, 'forbidden'));
    const refusal = await failure();

    expect(refusal.code).toBe('forbidden');
    expect(isNotAllowed(refusal)).toBe(false);
  });
});

describe('the chat behind a role-gated proxy', () => {
  it('asks once before connecting, and connects at the URL the host found', async() => {
    backend.answer('GET /api/me', { json: ME });
    startChat();
    expect(chat.checkingAccess.value).toBe(true);
    expect(chat.connection.value.state).toBe('connecting');
    await until(() => chat.connection.value.state === 'open', 'the chat to connect');
    expect(chat.notAllowed.value).toBe(false);
    expect(chat.checkingAccess.value).toBe(false);
    expect(backend.requests[0].url).toBe('/api/me');
    expect(sockets).toEqual([`${ backend.url.replace(/^http/, 'ws') }/ws`]);
  });

  it('opens no socket for a user the proxy refuses, and asks nothing more on its own', async() => {
    backend.answer('GET /api/me', PROXY_REFUSAL);
    startChat();
    await until(() => chat.notAllowed.value, 'the refusal');
    expect(chat.connection.value.state).toBe('stopped');
    await quiet();
    expect(sockets).toEqual([]);
    expect(backend.requests.map((r) => r.url)).toEqual(['/api/me']);
  });

  it('asks once more on "Try again": still refused, it stays so; allowed now, it connects', async() => {
    backend.answer('GET /api/me', PROXY_REFUSAL);
    startChat();
    await until(() => chat.notAllowed.value, 'the refusal');

    chat.retryAccess();
    chat.retryAccess(); // a second click while the check runs does nothing
    expect(chat.checkingAccess.value).toBe(true);
    expect(chat.notAllowed.value).toBe(true);
    await until(() => !chat.checkingAccess.value, 'the second check');
    expect(chat.notAllowed.value).toBe(true);
    expect(meRequests()).toBe(2);
    expect(sockets).toEqual([]);

    backend.answer('GET /api/me', { json: ME });
    chat.retryAccess();
    await until(() => chat.connection.value.state === 'open', 'the chat to connect');
    expect(chat.notAllowed.value).toBe(false);
    expect(meRequests()).toBe(3);
  });

  it.each([
    ['the backend\'s own 403', backendError(403, 'forbidden')],
    ['a backend that cannot check the session (503)', backendError(503, 'unauthenticated')],
  ])('connects as before after any other failure of the check: %s', async(_why, reply) => {
    backend.answer('GET /api/me', reply);
    startChat();
    await until(() => chat.connection.value.state === 'open', 'the chat to connect');
    expect(chat.notAllowed.value).toBe(false);
  });

  it('opens nothing when disconnected while the check runs', async() => {
    backend.answer('GET /api/me', { json: ME });
    startChat().disconnect();
    await quiet();
    expect(sockets).toEqual([]);
    expect(chat.checkingAccess.value).toBe(false);
    expect(chat.connection.value.state).toBe('stopped');
  });

  it('does not check where the host has no such gate (the standalone page signs in on its own)', async() => {
    startChat(testHost(backend.url));
    await until(() => chat.connection.value.state === 'open', 'the chat to connect');
    expect(meRequests()).toBe(0);
  });
});
