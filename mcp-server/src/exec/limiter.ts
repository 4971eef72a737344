// Bounds how many tool processes run at once; further calls wait in a bounded queue (and leave it if cancelled).

export class QueueFullError extends Error {}
export class CancelledError extends Error {}

type Waiter = () => void;

export class Limiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxQueued: number,
  ) {}

  get stats(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError('cancelled before it started'));
    if (this.active < this.maxActive) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(
        new QueueFullError(`too many tool calls in progress (${this.active} running, ${this.waiting.length} queued); try again shortly`),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new CancelledError('cancelled while waiting for a free slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }
}
