// Many sessions at once, each running its turns back to back: errors, lost events, the backend's peak memory,
// throughput, and where the time went. Three shapes of turn:
//   answer    the model streams an answer;
//   command   answers alternate with `/get configmaps` turns (no model: the backend calls the MCP server itself);
//   model     the model calls k8s_get, then answers.
// The scripted Ollama server hands out answers in order, whoever asks, so every turn's answer is unique and its
// tokens can be matched. For `model` it replies from the conversation: a k8s_get call to a question, the next answer
// once the call's result is in, so every turn runs exactly one tool call.
import { TurnChecker, type Tally } from './checks';
import { watchPhase, type PhaseObservation } from './observe';
import { answers, readCommand, readToolCall } from './script';
import { question, runSessions, type Messages } from './sessions';
import type { BenchStack } from './stack';

/** More answers asked for than scripted: a bench bug, reported by the turn that gets it. */
const NO_ANSWER_LEFT = { error: 'bench: no scripted answer left', status: 500 };

export interface LoadOptions {
  sessions: number;
  turns: number;
  tokens: number;
  chunkDelayMs: number;
  shape: 'answer' | 'command' | 'model';
}

export interface LoadResult {
  tally: Tally;
  wallMs: number;
  turnMs: number[];
  observed: PhaseObservation;
  /** Scripted replies nobody asked for (0 when every turn took its share). */
  leftover: number;
}

export async function concurrentLoad(stack: BenchStack, options: LoadOptions, prefix: string): Promise<LoadResult> {
  const { sessions, turns, shape } = options;
  const modelTurns = shape === 'command' ? Math.ceil(turns / 2) : turns;
  const scripted = answers(prefix, sessions * modelTurns, options.tokens, options.chunkDelayMs);
  const queued = scripted.map((a) => a.reply);
  if (shape === 'model') {
    const call = readToolCall(stack.namespace);
    stack.ollama.respondWith((body) => (body.messages?.at(-1)?.role === 'tool' ? queued.shift() ?? NO_ANSWER_LEFT : call));
  } else {
    stack.ollama.script(...queued.splice(0));
  }
  const checker = new TurnChecker(scripted);
  const messages: Messages = (turn) => (shape === 'command' && turn % 2 === 1 ? readCommand(stack.namespace) : question(stack));
  const watched = await watchPhase(stack);
  const run = await runSessions(stack, sessions, turns, checker, messages);
  const observed = await watched();
  stack.ollama.respondWith(undefined);
  return { tally: checker.finish(), wallMs: run.wallMs, turnMs: run.turnMs, observed, leftover: stack.ollama.pending() + queued.length };
}
