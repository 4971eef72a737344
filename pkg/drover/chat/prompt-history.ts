// Up/down in the input recalls earlier prompts, newest first, like a shell. Kept in the browser (per user agent),
// at most MAX_PROMPTS, without duplicates in a row.
const STORAGE_KEY = 'drover.prompts';
const MAX_PROMPTS = 50;

export interface PromptStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class PromptHistory {
  private prompts: string[];
  /** Position while browsing: prompts.length means "the text being written". */
  private cursor: number;
  private draft = '';

  constructor(private readonly storage: PromptStorage | undefined) {
    this.prompts = PromptHistory.load(storage);
    this.cursor = this.prompts.length;
  }

  private static load(storage: PromptStorage | undefined): string[] {
    try {
      const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');

      return Array.isArray(saved) ? saved.filter((p): p is string => typeof p === 'string').slice(-MAX_PROMPTS) : [];
    } catch {
      return [];
    }
  }

  remember(prompt: string): void {
    const text = prompt.trim();

    if (text && this.prompts[this.prompts.length - 1] !== text) this.prompts = [...this.prompts, text].slice(-MAX_PROMPTS);
    this.cursor = this.prompts.length;
    this.draft = '';
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.prompts));
    } catch {
      // Storage full or disabled: the history still works for this page.
    }
  }

  /** The previous prompt (Up), or undefined at the oldest; `current` is kept to come back to. */
  older(current: string): string | undefined {
    if (this.cursor === 0) return undefined;
    if (this.cursor === this.prompts.length) this.draft = current;
    this.cursor -= 1;

    return this.prompts[this.cursor];
  }

  /** The next prompt (Down), then the text that was being written; undefined when already there. */
  newer(): string | undefined {
    if (this.cursor >= this.prompts.length) return undefined;
    this.cursor += 1;

    return this.cursor === this.prompts.length ? this.draft : this.prompts[this.cursor];
  }
}
