// The chat WebSocket (/ws) as the CLI holds it: ClientMessages out, validated ServerEvents in. When the socket
// drops, it reconnects and resumes the session after the last seq it saw, so a running turn is followed on without
// gaps or repeats; messages sent meanwhile wait for the new socket.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseServerEvent, type ClientMessage, type ServerEvent } from '@drover/protocol';
import WebSocket from 'ws';
import type { ApiClient } from './api';
import { CliError, EXIT, unauthenticated, unreachable } from './errors';

const CONNECT_TIMEOUT_MS = 10_000;
/** Waits before each reconnect attempt: about 15 s in all, long enough for a backend to restart. */
const RECONNECT_DELAYS_MS = [200, 500, 1_000, 2_000, 3_000, 4_000, 4_000];
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface ConnectionListener {
  event(event: ServerEvent, raw: string): void;
  /** The socket dropped and could not be brought back. */
  lost(error: CliError): void;
}

function connect(api: ApiClient): Promise<WebSocket> {
  const url = api.endpoint('ws');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, { headers: api.authorization, handshakeTimeout: CONNECT_TIMEOUT_MS, maxPayload: MAX_FRAME_BYTES });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      reject(
        response.statusCode === 401
          ? unauthenticated(api.baseUrl, api.token !== undefined)
          : new CliError(`the backend at ${api.baseUrl.origin} refused the chat connection (HTTP ${response.statusCode})`),
      );
    });
    socket.on('error', (err) => reject(unreachable(api.baseUrl, err)));
  });
}

export class ChatConnection {
  private socket?: WebSocket;
  private listener?: ConnectionListener;
  private readonly outbox: string[] = [];
  private sessionId?: string;
  private lastSeq = 0;
  private failure?: CliError;
  private isClosing = false;

  private constructor(
    private readonly api: ApiClient,
    private readonly notice: (text: string) => void,
  ) {}

  static async open(api: ApiClient, notice: (text: string) => void): Promise<ChatConnection> {
    const connection = new ChatConnection(api, notice);
    connection.attach(await connect(api));
    return connection;
  }

  /** Who gets the events from now on (one turn at a time). */
  listen(listener: ConnectionListener | undefined): void {
    this.listener = listener;
  }

  send(message: ClientMessage): void {
    if (this.failure) throw this.failure;
    const frame = JSON.stringify(message);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
    else this.outbox.push(frame);
  }

  close(): void {
    this.isClosing = true;
    this.socket?.close();
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('error', () => {}); // 'close' follows, and reconnecting handles it
    socket.on('close', () => {
      if (this.socket === socket && !this.isClosing) void this.reconnect();
    });
  }

  private receive(raw: string): void {
    const parsed = parseServerEvent(raw);
    if (!parsed.ok) return this.notice(`ignored an event this drover does not understand (${parsed.error})`);
    const event = parsed.value;
    if (event.type === 'session' && event.sessionId !== this.sessionId) {
      this.sessionId = event.sessionId;
      this.lastSeq = 0;
    }
    const seq = 'seq' in event ? event.seq : undefined;
    if (seq !== undefined) {
      if (seq <= this.lastSeq) return; // already seen before a reconnect
      this.lastSeq = seq;
    }
    this.listener?.event(event, raw);
  }

  private async reconnect(): Promise<void> {
    this.socket = undefined;
    this.notice('lost the connection to the backend; reconnecting…');
    let failure: CliError = unreachable(this.api.baseUrl, new Error('connection closed'));
    for (const delay of RECONNECT_DELAYS_MS) {
      await sleep(delay);
      if (this.isClosing) return;
      try {
        const socket = await connect(this.api);
        this.attach(socket);
        if (this.sessionId)
          socket.send(JSON.stringify({ type: 'resume', sessionId: this.sessionId, afterSeq: this.lastSeq } satisfies ClientMessage));
        for (const frame of this.outbox.splice(0)) socket.send(frame);
        this.notice('reconnected');
        return;
      } catch (err) {
        failure = err as CliError;
        if (failure.exitCode === EXIT.unauthenticated) break;
      }
    }
    this.failure = failure;
    this.listener?.lost(failure);
  }
}
