import {
  capText,
  ContextTooLongError,
  estimateTokens,
  fitPrompt,
  normalizeHistory,
  toolResultLimitChars,
  type PromptParts,
} from '../../src/agent/context';
import type { ToolDefinition } from '../../src/llm/provider';
import type { ChatMessage, ToolCallRequest } from '../../src/llm/types';

const SYSTEM = 'You are Drover, an assistant for Kubernetes.';
const NUM_CTX = 4096;
/** What fitPrompt leaves for the reply at NUM_CTX: a fifth of the window. */
const REPLY_TOKENS = Math.floor(NUM_CTX * 0.2);

const user = (content: string): ChatMessage => ({ role: 'user', content });
const answer = (content: string): ChatMessage => ({ role: 'assistant', content });
const call = (id: string, name = 'k8s_get'): ToolCallRequest => ({ id, name, arguments: { kind: 'pod' } });
const calling = (...calls: ToolCallRequest[]): ChatMessage => ({ role: 'assistant', content: '', toolCalls: calls });
const result = (id: string, content: string, toolName = 'k8s_get'): ChatMessage => ({ role: 'tool', toolCallId: id, toolName, content });
const noResult = (id: string, toolName = 'k8s_get'): ChatMessage => result(id, 'No result: the turn ended before this call ran.', toolName);

/** A finished earlier turn whose answer is `answerChars` long. */
const turn = (n: number, answerChars: number): ChatMessage[] => [user(`question ${n}`), answer(`answer ${n} `.padEnd(answerChars, '.'))];

/** What the prompt costs by the same estimate the model's window is guarded with (content plus calls). */
function promptTokens(messages: ChatMessage[], tools: ToolDefinition[]): number {
  const text = messages.map((m) => m.content + (m.role === 'assistant' && m.toolCalls ? JSON.stringify(m.toolCalls) : '')).join('');
  return estimateTokens(text) + estimateTokens(JSON.stringify(tools)) + 4 * messages.length;
}

function fit(parts: Partial<PromptParts> & Pick<PromptParts, 'current'>): ChatMessage[] {
  const full: PromptParts = { system: SYSTEM, tools: [], history: [], numCtx: NUM_CTX, ...parts };
  const prompt = fitPrompt(full);
  expect(promptTokens(prompt, full.tools)).toBeLessThanOrEqual(full.numCtx - REPLY_TOKENS);
  return prompt;
}

const notesOf = (prompt: ChatMessage[]) => prompt.filter((m, i) => i > 0 && m.role === 'system').map((m) => m.content);

describe('token estimates and limits', () => {
  it('count about 3.5 characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('x'.repeat(35))).toBe(10);
    expect(estimateTokens('x'.repeat(36))).toBe(11);
  });

  it('let one tool result take its share of the window, in characters', () => {
    expect(toolResultLimitChars(16384, 0.15)).toBe(Math.floor(16384 * 0.15 * 3.5));
    expect(toolResultLimitChars(8192, 0.5)).toBe(14336);
  });
});

describe('capping text', () => {
  const HINT = 'Ask for less.';

  it('leaves text within the limit alone', () => {
    expect(capText('x'.repeat(100), 100, HINT)).toBe('x'.repeat(100));
  });

  it('cuts longer text to the limit, ending with the hint', () => {
    const capped = capText('x'.repeat(1000), 300, HINT);
    expect(capped.length).toBeLessThanOrEqual(300);
    expect(capped.startsWith('x'.repeat(200))).toBe(true);
    expect(capped.endsWith(`${HINT}]`)).toBe(true);
  });

  it('says how many characters it cut', () => {
    const capped = capText('x'.repeat(1000), 300, HINT);
    const kept = capped.indexOf('\n');
    expect(capped.slice(kept)).toContain(`cut: ${1000 - kept} more characters`);
  });
});

describe('normalizing a history', () => {
  it('keeps a well-formed history as it is', () => {
    const history = [user('pods?'), calling(call('c1')), result('c1', 'web Running'), answer('web runs.')];
    expect(normalizeHistory(history)).toEqual(history);
  });

  it('fills in the results of calls that never ran', () => {
    expect(normalizeHistory([user('pods?'), calling(call('c1')), user('still there?')])).toEqual([
      user('pods?'),
      calling(call('c1')),
      noResult('c1'),
      user('still there?'),
    ]);
  });

  it('fills in missing results at the end of the history too', () => {
    expect(normalizeHistory([user('pods?'), calling(call('c1'), call('c2', 'k8s_logs')), result('c1', 'ok')])).toEqual([
      user('pods?'),
      calling(call('c1'), call('c2', 'k8s_logs')),
      result('c1', 'ok'),
      noResult('c2', 'k8s_logs'),
    ]);
  });

  it('drops results without a call, and second results for one call', () => {
    expect(
      normalizeHistory([
        user('pods?'),
        result('stray', 'x'),
        calling(call('c1')),
        result('c1', 'ok'),
        result('c1', 'again'),
        answer('done'),
      ]),
    ).toEqual([user('pods?'), calling(call('c1')), result('c1', 'ok'), answer('done')]);
  });

  it('drops a result that arrives after the next message', () => {
    expect(normalizeHistory([calling(call('c1')), answer('hm'), result('c1', 'late')])).toEqual([
      calling(call('c1')),
      noResult('c1'),
      answer('hm'),
    ]);
  });

  it('keeps several results of one step in order', () => {
    const history = [calling(call('c1'), call('c2'), call('c3')), result('c1', 'one'), result('c2', 'two'), result('c3', 'three')];
    expect(normalizeHistory(history)).toEqual(history);
  });

  it('matches results that come out of order by their call id', () => {
    const history = [calling(call('c1'), call('c2', 'k8s_logs')), result('c2', 'logs', 'k8s_logs'), result('c1', 'pods')];
    expect(normalizeHistory(history)).toEqual(history);
  });
});

describe('fitting the prompt into the context window', () => {
  it('sends everything unchanged when it fits, the system prompt first', () => {
    const history = [...turn(1, 50), user('pods?'), calling(call('c1')), result('c1', 'web Running'), answer('web runs.')];
    const current = [user('and logs?')];
    expect(fit({ history, current })).toEqual([{ role: 'system', content: SYSTEM }, ...history, ...current]);
  });

  it('sends a history repaired of unanswered calls', () => {
    const prompt = fit({ history: [user('pods?'), calling(call('c1'))], current: [user('hello')] });
    expect(prompt).toEqual([{ role: 'system', content: SYSTEM }, user('pods?'), calling(call('c1')), noResult('c1'), user('hello')]);
  });

  it('turns the oldest turns into notes, oldest first, and keeps the newest turns whole', () => {
    const turns = [1, 2, 3, 4, 5, 6].map((n) => turn(n, 2800));
    const current = [user('what now?')];
    const prompt = fit({ history: turns.flat(), current });

    const notes = notesOf(prompt);
    expect(notes).toHaveLength(1);
    const noted = [...notes[0].matchAll(/The user asked: "question (\d)"/g)].map((m) => Number(m[1]));
    const kept = prompt.filter((m) => m.role === 'user' && m.content.startsWith('question')).map((m) => Number(m.content.split(' ')[1]));
    expect(noted.length).toBeGreaterThan(0);
    expect([...noted, ...kept]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(prompt).toEqual([prompt[0], prompt[1], ...turns.slice(noted.length).flat(), ...current]);
    expect(notes[0]).toMatch(
      /^Earlier in this conversation \(shortened to fit\):\n- The user asked: "question 1" You answered: "answer 1 \.+…"\n/,
    );
  });

  it('drops the oldest notes when even the notes do not fit', () => {
    const turns = [1, 2, 3, 4, 5, 6].map((n) => turn(n, 600));
    const current = [user('q'.repeat(10_800))];
    const prompt = fit({ history: turns.flat(), current });

    const noted = [...(notesOf(prompt)[0] ?? '').matchAll(/question (\d)/g)].map((m) => Number(m[1]));
    expect(noted.length).toBeGreaterThan(0);
    expect(noted.length).toBeLessThan(6);
    expect(noted).toEqual([1, 2, 3, 4, 5, 6].slice(6 - noted.length));
    expect(prompt.at(-1)).toEqual(current[0]);
    expect(prompt.filter((m) => m.role === 'assistant')).toEqual([]);
  });

  it("shortens this turn's oldest tool result first and leaves the latest whole when that is enough", () => {
    const current = [
      user('compare'),
      calling(call('c1')),
      result('c1', 'a'.repeat(6000)),
      calling(call('c2')),
      result('c2', 'b'.repeat(6000)),
    ];
    const prompt = fit({ history: turn(1, 2000), current });

    expect(notesOf(prompt)).toEqual([]);
    expect(prompt.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['compare']);
    const [first, latest] = prompt.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(first.length).toBeLessThan(6000);
    expect(first).toMatch(
      /^a+\n\[… cut: \d+ more characters\. Shortened to fit the context; call the tool again with a narrower query if you need more\.\]$/,
    );
    expect(latest).toBe('b'.repeat(6000));
  });

  it('shortens the latest tool result too when the older ones cannot give enough', () => {
    const current = [
      user('compare'),
      calling(call('c1')),
      result('c1', 'a'.repeat(3000)),
      calling(call('c2')),
      result('c2', 'b'.repeat(12_000)),
    ];
    const [first, latest] = fit({ current })
      .filter((m) => m.role === 'tool')
      .map((m) => m.content);
    expect(first.length).toBeLessThanOrEqual(200);
    expect(latest.length).toBeLessThan(12_000);
    expect(latest.startsWith('b'.repeat(1000))).toBe(true);
  });

  it('does not change the messages it was given', () => {
    const current = [user('compare'), calling(call('c1')), result('c1', 'a'.repeat(14_000))];
    const copy = structuredClone(current);
    fit({ current });
    expect(current).toEqual(copy);
  });

  it('counts the tools: a long tool list leaves less room for the history', () => {
    const history = [1, 2, 3].map((n) => turn(n, 2800)).flat();
    const current = [user('what now?')];
    expect(notesOf(fit({ history, current }))).toEqual([]);

    const tools: ToolDefinition[] = [{ name: 'k8s_get', description: 'd'.repeat(4000), parameters: { type: 'object' } }];
    const prompt = fit({ history, current, tools });
    expect(prompt[0]).toEqual({ role: 'system', content: SYSTEM });
    expect(notesOf(prompt)).toHaveLength(1);
  });

  it('keeps the whole system prompt, however long', () => {
    const system = `${SYSTEM} ${'rule. '.repeat(1000)}`;
    const prompt = fit({ system, history: turn(1, 3000), current: [user('hi')] });
    expect(prompt[0]).toEqual({ role: 'system', content: system });
    expect(prompt.at(-1)).toEqual(user('hi'));
  });

  it('refuses a message that cannot fit on its own, saying what to do', () => {
    const parts: PromptParts = { system: SYSTEM, tools: [], history: turn(1, 100), current: [user('x'.repeat(12_000))], numCtx: NUM_CTX };
    expect(() => fitPrompt(parts)).toThrow(ContextTooLongError);
    expect(() => fitPrompt(parts)).toThrow(
      /needs about \d+ tokens, more than the model's context of 4096; shorten the message, or raise num_ctx/,
    );
  });

  it("never cuts the user's message to make tool results fit", () => {
    const question = `why? ${'context '.repeat(1000)}`;
    const current = [user(question), calling(call('c1')), result('c1', 'r'.repeat(8000))];
    const prompt = fit({ current });
    expect(prompt[1]).toEqual(user(question));
    expect(prompt[3].content.length).toBeLessThan(8000);
  });
});
