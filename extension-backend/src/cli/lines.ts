// Lines typed at the prompt, or piped in: a queue over readline, so the REPL and the approval prompt can both take
// the next line, and a prompt can be abandoned (the approval was decided elsewhere) without losing input.
import { createInterface, type Interface } from 'node:readline';

export class LineReader {
  private readonly readline: Interface;
  private readonly queue: string[] = [];
  private waiter?: (line: string | undefined) => void;
  private hasEnded = false;

  /** `isTerminal`: a person types at a terminal (prompts are shown, input is edited and echoed by readline). */
  constructor(
    input: NodeJS.ReadableStream,
    output: NodeJS.WritableStream,
    readonly isTerminal: boolean,
    onInterrupt: (readline: Interface) => void,
  ) {
    this.readline = createInterface({ input, output, terminal: isTerminal });
    onInterrupt(this.readline);
    this.readline.on('line', (line) => {
      if (this.waiter) this.take(line);
      else this.queue.push(line);
    });
    this.readline.on('close', () => {
      this.hasEnded = true;
      this.take(undefined);
    });
  }

  /** The next line; undefined at the end of the input (Ctrl-D) or when `signal` aborts first. */
  next(prompt: string, signal?: AbortSignal): Promise<string | undefined> {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.hasEnded || signal?.aborted) return Promise.resolve(undefined);
    if (this.isTerminal) {
      this.readline.setPrompt(prompt);
      this.readline.prompt();
    }
    return new Promise((resolve) => {
      const abandon = () => this.take(undefined);
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiter = (line) => {
        signal?.removeEventListener('abort', abandon);
        resolve(line);
      };
    });
  }

  close(): void {
    this.readline.close();
  }

  private take(line: string | undefined): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(line);
  }
}
