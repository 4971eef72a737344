// Added latency: from the moment the scripted model writes a chunk to the moment a WebSocket client has the token
// event with that chunk's text (both clocks are this process's performance.now()).
import { TurnChecker, type Tally } from './checks';
import { watchPhase, type PhaseObservation } from './observe';
import { answers } from './script';
import { runSessions } from './sessions';
import type { BenchStack } from './stack';

export interface LatencyOptions {
  sessions: number;
  turns: number;
  tokens: number;
  chunkDelayMs: number;
}

export interface LatencyResult {
  /** Milliseconds per token. */
  latencies: number[];
  tally: Tally;
  wallMs: number;
  observed: PhaseObservation;
}

export async function tokenLatency(stack: BenchStack, options: LatencyOptions, prefix: string): Promise<LatencyResult> {
  const scripted = answers(prefix, options.sessions * options.turns, options.tokens, options.chunkDelayMs);
  const sentAt = new Map<string, number>();
  stack.ollama.onChunk = (chunk) => sentAt.set(chunk.text, chunk.sentAt);
  stack.ollama.script(...scripted.map((a) => a.reply));
  const checker = new TurnChecker(scripted);
  try {
    const watched = await watchPhase(stack);
    const { sockets, wallMs } = await runSessions(stack, options.sessions, options.turns, checker);
    const observed = await watched();
    const latencies = sockets.flatMap((s) => s.received.flatMap(({ event, at }) => {
      const sent = event.type === 'token' ? sentAt.get(event.text) : undefined;
      return sent === undefined ? [] : [at - sent];
    }));
    return { latencies, tally: checker.finish(), wallMs, observed };
  } finally {
    stack.ollama.onChunk = undefined;
  }
}
