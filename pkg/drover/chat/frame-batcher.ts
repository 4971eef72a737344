// Applies what arrives at once while it comes a few at a time (streamed tokens, a tool call and its result), and at
// most once per frame when it comes in a burst (a history replayed: thousands of events between two frames), so a
// burst costs one render per frame instead of one per event while a lone token is never held back. A hidden page
// gets no animation frames: a timer stands in.
const FALLBACK_MS = 64;
/** Applies within one frame before the rest of that frame's arrivals wait for the next. */
const BURST = 8;

export class FrameBatcher<T> {
  private queue: T[] = [];
  private scheduled = false;
  private appliedThisFrame = 0;
  private frameWatched = false;

  constructor(private readonly apply: (items: T[]) => void) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.scheduled) return;
    if (this.appliedThisFrame < BURST) {
      this.flush();

      return;
    }
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
    setTimeout(() => this.flush(), FALLBACK_MS);
  }

  /** Applies everything queued now (also what the frame or the timer would have). */
  flush(): void {
    const items = this.queue;

    this.scheduled = false;
    this.queue = [];
    if (!items.length) return;
    this.appliedThisFrame += 1;
    this.watchFrame();
    this.apply(items);
  }

  /** Counts applies per frame: the count starts again when a frame is drawn. */
  private watchFrame(): void {
    if (this.frameWatched) return;
    this.frameWatched = true;
    requestAnimationFrame(() => {
      this.frameWatched = false;
      this.appliedThisFrame = 0;
    });
  }
}
