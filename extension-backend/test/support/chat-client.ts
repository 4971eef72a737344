// A WebSocket chat client for tests: sends ClientMessages, records every ServerEvent (validated against the
// protocol, so a malformed event fails the test), and waits for the ones a test expects.
import { parseServerEvent, type ClientMessage, type EventOf, type ServerEvent, type ServerEventType } from '@drover/protocol';
import WebSocket from 'ws';

const WAIT_MS = 30_000;

export class ChatClient {
  readonly events: ServerEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = parseServerEvent(data.toString());
      if (!parsed.ok) throw new Error(`the backend sent an invalid event (${parsed.error}): ${data.toString().slice(0, 300)}`);
      this.events.push(parsed.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static connect(url: string, token?: string, headers: Record<string, string> = {}): Promise<ChatClient> {
    const socket = new WebSocket(url, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ChatClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The position after the events received so far (to wait for events of a later turn only). */
  mark(): number {
    return this.events.length;
  }

  /** The first event at or after `from` that matches; waits for it when it has not arrived. */
  async waitFor<T extends ServerEventType>(type: T, match: (e: EventOf<T>) => boolean = () => true, from = 0): Promise<EventOf<T>> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.events.slice(from).find((e): e is EventOf<T> => e.type === type && match(e as EventOf<T>));
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`the socket closed before a ${type} event arrived`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${type} event within ${WAIT_MS} ms; got: ${this.events
            .slice(from)
            .map((e) => e.type)
            .join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a chat message and waits for its turn to end; returns the turn's events. */
  async chat(text: string, extra: Partial<Extract<ClientMessage, { type: 'chat' }>> = {}): Promise<ServerEvent[]> {
    const from = this.mark();
    this.send({ type: 'chat', text, ...extra });
    const end = await this.waitFor('turn_end', () => true, from);
    return this.events.slice(from, this.events.indexOf(end) + 1);
  }

  /** Chat in the session this client follows (a new one when it follows none yet). */
  say(text: string): Promise<ServerEvent[]> {
    const following = this.events.some((e) => e.type === 'session');
    return this.chat(text, following ? { sessionId: this.sessionId } : {});
  }

  /** The id of the session this client follows (from the latest `session` event). */
  get sessionId(): string {
    const session = this.events.findLast((e): e is EventOf<'session'> => e.type === 'session');
    if (!session) throw new Error('no session yet');
    return session.sessionId;
  }

  close(): void {
    this.socket.close();
  }

  /** Cuts the connection without a closing handshake, like a dropped network. */
  drop(): void {
    this.socket.terminate();
  }
}

/** The types of a list of events, for compact assertions. */
export const typesOf = (events: ServerEvent[]) => events.map((e) => e.type);

/** The answer text of a turn's events. */
export const answerOf = (events: ServerEvent[]) => events.map((e) => (e.type === 'token' ? e.text : '')).join('');
