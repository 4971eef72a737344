// Ctrl-C: the first one while a turn runs cancels the turn; a second one, or one while nothing runs, quits.
// It arrives as a signal, or, while readline holds the terminal in raw mode, as readline's 'SIGINT' event.
import type { Interface } from 'node:readline';
import { EXIT } from './errors';

export class Interrupts {
  private handler?: () => void;

  constructor(private readonly quit: () => void = () => process.exit(EXIT.interrupted)) {
    process.on('SIGINT', () => this.interrupt());
  }

  watch(readline: Interface): void {
    readline.on('SIGINT', () => this.interrupt());
  }

  /** The next Ctrl-C calls `handler` instead of quitting; the one after quits. */
  onNext(handler: () => void): void {
    this.handler = handler;
  }

  clear(): void {
    this.handler = undefined;
  }

  private interrupt(): void {
    const handler = this.handler;
    this.handler = undefined;
    if (handler) handler();
    else this.quit();
  }
}
