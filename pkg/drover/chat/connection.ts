// The chat WebSocket: opens it, checks every frame against the protocol, keeps it alive with pings, and when it
// drops, reconnects with exponential backoff (and jitter, so a restarted backend is not hit by every browser at
// once). Whoever owns it resumes the session on each (re)open: the backend replays what was missed.
import type { ClientMessage, ServerEvent } from '@drover/protocol';
import { decodeServerEvent, encodeClientMessage } from '../utils/wire';

export type ConnectionStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  /** Dropped; the next attempt starts at `retryAt` (client clock). */
  | { state: 'waiting'; attempt: number; retryAt: number }
  | { state: 'stopped' };

export interface ConnectionHandlers {
  onEvent(event: ServerEvent): void;
  onStatus(status: ConnectionStatus): void;
  /** The socket is open: send what must come first (a resume). */
  onOpen(): void;
  /** A frame the protocol does not define: dropped, and reported. */
  onInvalidFrame(error: string): void;
}

export interface ConnectionOptions {
  WebSocketImpl?: typeof WebSocket;
  /** First retry delay and the cap it doubles up to. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A ping after this much silence; no frame within `pongTimeoutMs` after it means the connection is dead. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  random?: () => number;
}

const DEFAULTS = {
  initialDelayMs: 1_000, maxDelayMs: 30_000, pingIntervalMs: 25_000, pongTimeoutMs: 10_000
};

export class ChatConnection {
  private socket?: WebSocket;
  /** Failed attempts since the connection was last open. */
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private pingTimer?: ReturnType<typeof setTimeout>;
  private pongTimer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private readonly options: Required<ConnectionOptions>;

  constructor(private readonly url: () => string, private readonly handlers: ConnectionHandlers, options: ConnectionOptions = {}) {
    this.options = {
      WebSocketImpl: globalThis.WebSocket, random: Math.random, ...DEFAULTS, ...options
    };
  }

  get isOpen(): boolean {
    return this.socket?.readyState === this.options.WebSocketImpl.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Sends a message; false when the socket is not open (the caller keeps what the user typed). */
  send(message: ClientMessage): boolean {
    if (!this.isOpen) return false;
    this.socket!.send(encodeClientMessage(message));

    return true;
  }

  /** Skips the wait before the next attempt (the user's "retry now"). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;

    this.socket = undefined;
    socket?.close(1000, 'closed by the client');
    this.handlers.onStatus({ state: 'stopped' });
  }

  private open(): void {
    this.handlers.onStatus({ state: 'connecting', attempt: this.attempt + 1 });
    const socket = new this.options.WebSocketImpl(this.url());

    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onStatus({ state: 'open' });
      this.handlers.onOpen();
      this.schedulePing();
    };
    socket.onmessage = (message: MessageEvent) => {
      this.schedulePing();
      const parsed = decodeServerEvent(message.data);

      if (parsed.ok) this.handlers.onEvent(parsed.value);
      else this.handlers.onInvalidFrame(parsed.error);
    };
    // A failed or broken connection is always followed by a close, which handles it; the error itself says nothing more.
    socket.onerror = () => undefined;
    socket.onclose = () => this.drop(socket);
  }

  /** Forgets a socket that closed (or went silent) and plans the next attempt. */
  private drop(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.clearTimers();
    if (!this.stopped) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const { initialDelayMs, maxDelayMs, random } = this.options;

    // Consecutive failures: an open connection that dropped is the first, each failed attempt after it one more.
    this.attempt += 1;
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt - 1, 16));
    const delay = Math.round(ceiling * (0.5 + random() / 2));

    this.handlers.onStatus({
      state: 'waiting', attempt: this.attempt, retryAt: Date.now() + delay
    });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Any frame proves the connection alive; after a quiet interval a ping must be answered in time. */
  private schedulePing(): void {
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = setTimeout(() => {
      if (!this.send({ type: 'ping' })) return;
      const socket = this.socket!;

      // A dead network may not deliver the close for minutes: give up on the socket now.
      this.pongTimer = setTimeout(() => {
        this.drop(socket);
        socket.close(4000, 'no answer to ping');
      }, this.options.pongTimeoutMs);
    }, this.options.pingIntervalMs);
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
