// What the model is sent on each step, fitted to its context window. Ollama cuts an over-long prompt silently, from
// the start, and the model then answers without having seen the question; so the prompt is measured here and shrunk
// in a known order: old turns become one-line notes, then those notes go, then this turn's older tool results are
// cut down. A request that cannot fit even then is refused with a clear error instead of being cut.
import type { ToolDefinition } from '../llm/provider';
import type { ChatMessage } from '../llm/types';

/** Kubernetes output (tables, YAML, JSON) runs about 3.5 characters per token; erring low keeps prompts inside. */
const CHARS_PER_TOKEN = 3.5;
/** Room kept for the reply: a fifth of the window, at most 2,048 tokens. */
const REPLY_SHARE = 0.2;
const MAX_REPLY_TOKENS = 2048;
/** Each message costs a few tokens of template around its content. */
const MESSAGE_OVERHEAD_TOKENS = 4;
const NOTE_CHARS = 160;

export class ContextTooLongError extends Error {}

export const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

function messageTokens(message: ChatMessage): number {
  const calls = message.role === 'assistant' && message.toolCalls ? JSON.stringify(message.toolCalls) : '';
  return estimateTokens(message.content) + estimateTokens(calls) + MESSAGE_OVERHEAD_TOKENS;
}

const sum = (messages: ChatMessage[]) => messages.reduce((n, m) => n + messageTokens(m), 0);

/** The longest text one tool result may put into the prompt. */
export function toolResultLimitChars(numCtx: number, share: number): number {
  return Math.floor(numCtx * share * CHARS_PER_TOKEN);
}

export function capText(text: string, limit: number, hint: string): string {
  if (text.length <= limit) return text;
  const kept = Math.max(0, limit - hint.length - 40); // room for the note below
  return `${text.slice(0, kept)}\n[… cut: ${text.length - kept} more characters. ${hint}]`;
}

/**
 * Every tool call answered by exactly one result, and no result without its call: a history in any other shape
 * makes Ollama's templates (and the model) go wrong. Missing results are filled in, stray ones dropped.
 */
export function normalizeHistory(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let open: { id: string; name: string }[] = [];
  const closeOpen = () => {
    for (const call of open)
      out.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: 'No result: the turn ended before this call ran.' });
    open = [];
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      const index = open.findIndex((c) => c.id === message.toolCallId);
      if (index < 0) continue;
      open.splice(index, 1);
      out.push(message);
      continue;
    }
    closeOpen();
    out.push(message);
    if (message.role === 'assistant' && message.toolCalls?.length) open = message.toolCalls.map((c) => ({ id: c.id, name: c.name }));
  }
  closeOpen();
  return out;
}

/** Splits a history into turns, each starting with a user message. */
function turns(messages: ChatMessage[]): ChatMessage[][] {
  const out: ChatMessage[][] = [];
  for (const m of messages) {
    if (m.role === 'user' || out.length === 0) out.push([]);
    out[out.length - 1].push(m);
  }
  return out;
}

function noteFor(turn: ChatMessage[]): string {
  const question = turn.find((m) => m.role === 'user')?.content ?? '';
  const answer = [...turn].reverse().find((m) => m.role === 'assistant' && m.content.trim())?.content ?? '(no answer)';
  const clip = (s: string) => (s.length > NOTE_CHARS ? `${s.slice(0, NOTE_CHARS)}…` : s).replace(/\s+/g, ' ');
  return `- The user asked: "${clip(question)}" You answered: "${clip(answer)}"`;
}

export interface PromptParts {
  system: string;
  tools: ToolDefinition[];
  /** Earlier turns, oldest first. */
  history: ChatMessage[];
  /** This turn so far: the user's message, then the steps taken. */
  current: ChatMessage[];
  numCtx: number;
}

/** The messages to send, within the context window, or ContextTooLongError. */
export function fitPrompt(parts: PromptParts): ChatMessage[] {
  const reply = Math.min(MAX_REPLY_TOKENS, Math.floor(parts.numCtx * REPLY_SHARE));
  const fixed = estimateTokens(parts.system) + estimateTokens(JSON.stringify(parts.tools)) + MESSAGE_OVERHEAD_TOKENS;
  const room = parts.numCtx - reply - fixed;
  const current = normalizeHistory(parts.current);
  const older = turns(normalizeHistory(parts.history));
  const notes: string[] = [];
  const withNotes = (): ChatMessage[] => {
    const summary: ChatMessage[] = notes.length
      ? [{ role: 'system', content: `Earlier in this conversation (shortened to fit):\n${notes.join('\n')}` }]
      : [];
    return [...summary, ...older.flat()];
  };
  while (older.length && sum(withNotes()) + sum(current) > room) notes.push(noteFor(older.shift()!));
  while (notes.length && sum(withNotes()) + sum(current) > room) notes.shift();
  if (sum(withNotes()) + sum(current) > room) shrinkToolResults(current, room - sum(withNotes()));
  if (sum(current) > room) {
    // When instructions and tool descriptions take most of the window, a shorter message is not the fix.
    const remedy =
      fixed + reply > parts.numCtx / 2
        ? 'raise num_ctx for this model (the instructions and tools alone take most of it)'
        : 'shorten the message, or raise num_ctx for this model';
    throw new ContextTooLongError(
      `this request needs about ${sum(current) + fixed + reply} tokens, more than the model's context of ${parts.numCtx}; ${remedy}`,
    );
  }
  return [{ role: 'system', content: parts.system }, ...withNotes(), ...current];
}

/** Cuts this turn's tool results down, oldest first, until the turn fits `room` (the latest result is cut last). */
function shrinkToolResults(current: ChatMessage[], room: number): void {
  const results = current.map((m, i) => ({ m, i })).filter(({ m }) => m.role === 'tool');
  for (const { m, i } of results) {
    const excess = sum(current) - room;
    if (excess <= 0) return;
    const keep = Math.max(200, m.content.length - Math.ceil(excess * CHARS_PER_TOKEN));
    current[i] = {
      ...m,
      content: capText(m.content, keep, 'Shortened to fit the context; call the tool again with a narrower query if you need more.'),
    } as ChatMessage;
  }
}
