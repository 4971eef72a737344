// Many sessions at once, each running its turns back to back: errors, lost events, the backend's peak memory,
// throughput, and where the time went. Three shapes of turn:
//   answer    the model streams an answer;
//   command   answers alternate with `/get configmaps` turns (no model: the backend calls the MCP server itself);
//   model     the model calls k8s_get, then answers.
// The scripted Ollama server answers from one FIFO queue, whoever asks. An answer fits any request, so the first two
// shapes are exact. For `model` every turn is scripted as [k8s_get call, answer]; when sessions race, a session may
// take an answer where its pair would have had the call (its turn then runs no tool) or a call where it expected
// the answer (its turn calls again; the backend answers a repeated read from the turn's earlier result). Each turn
// still ends on exactly one answer, and the queue is consumed in order up to its last answer, so every scripted call
// is handed out once; the MCP server's audit log tells how many reached it.
import { TurnChecker, type Tally } from './checks';
import { watchPhase, type PhaseObservation } from './observe';
import { answers, readCommand, readToolCall } from './script';
import { question, runSessions, type Messages } from './sessions';
import type { BenchStack } from './stack';

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
  const call = readToolCall(stack.namespace);
  stack.ollama.script(...scripted.flatMap((a) => (shape === 'model' ? [call, a.reply] : [a.reply])));
  const checker = new TurnChecker(scripted);
  const messages: Messages = (turn) => (shape === 'command' && turn % 2 === 1 ? readCommand(stack.namespace) : question(stack));
  const watched = await watchPhase(stack);
  const run = await runSessions(stack, sessions, turns, checker, messages);
  const observed = await watched();
  return { tally: checker.finish(), wallMs: run.wallMs, turnMs: run.turnMs, observed, leftover: stack.ollama.pending() };
}
