// A lean WebSocket chat client for the bench (Node's built-in WebSocket): records every event with the time it
// arrived, and runs turns one after another in one session. It parses but does not validate events, so the
// client costs the shared CPU as little as possible; the checks look at what it recorded.
import type { ServerEvent } from '../../extension-backend/protocol/src/events';

export interface Received {
  event: ServerEvent;
  /** performance.now() when the message arrived. */
  at: number;
}

export class BenchSocket {
  readonly received: Received[] = [];
  private sessionId?: string;
  private closed = false;
  private wake = () => {};

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (message) => {
      const at = performance.now();
      const event = JSON.parse(message.data as string) as ServerEvent;
      if (event.type === 'session') this.sessionId = event.sessionId;
      this.received.push({ event, at });
      this.wake();
    });
    socket.addEventListener('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(url: string, token: string): Promise<BenchSocket> {
    const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(new BenchSocket(socket)), { once: true });
      socket.addEventListener('error', () => reject(new Error('the WebSocket connection failed')), { once: true });
    });
  }

  /**
   * Sends a chat message in this socket's session (a new one the first time) and resolves with the events up to
   * its turn_end, or up to an error that refused the message. Rejects on timeout or when the socket closes.
   */
  async turn(text: string, timeoutMs: number): Promise<Received[]> {
    const from = this.received.length;
    this.socket.send(JSON.stringify({ type: 'chat', text, ...(this.sessionId ? { sessionId: this.sessionId } : {}) }));
    const deadline = performance.now() + timeoutMs;
    let next = from;
    for (;;) {
      for (; next < this.received.length; next++) {
        const { event } = this.received[next];
        if (event.type === 'turn_end' || (event.type === 'error' && !event.turnId)) return this.received.slice(from, next + 1);
      }
      if (this.closed) throw new Error('the socket closed during the turn');
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`the turn did not end within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}
