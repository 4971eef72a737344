// Many chat sessions at once, each a WebSocket that runs its turns one after another; every turn goes to the
// checker, and so does every socket's seq sequence once all are done.
import { note, seqFaults, type TurnChecker } from './checks';
import { BenchSocket } from './client';
import type { BenchStack } from './stack';

const TURN_TIMEOUT_MS = 120_000;

export interface SessionsRun {
  sockets: BenchSocket[];
  wallMs: number;
  /** Milliseconds from sending a chat message to its turn_end. */
  turnMs: number[];
}

/** What a session sends as its n-th message (0-based): by default a question for the model. */
export type Messages = (turn: number) => string;

export const question = (stack: BenchStack) => `what is configured in ${stack.namespace}?`;

export async function runSessions(stack: BenchStack, sessions: number, turns: number, checker: TurnChecker,
                                  message: Messages = () => question(stack)): Promise<SessionsRun> {
  const sockets: BenchSocket[] = [];
  const turnMs: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: sessions }, async (_, i) => {
    const user = stack.users[i % stack.users.length];
    let socket: BenchSocket;
    try {
      socket = await BenchSocket.connect(stack.wsUrl, user.token);
    } catch (err) {
      note(checker.tally, (err as Error).message);
      checker.tally.failedConnections++;
      checker.tally.failedTurns += turns;
      return;
    }
    sockets.push(socket);
    for (let t = 0; t < turns; t++) {
      const sent = performance.now();
      try {
        checker.turn(await socket.turn(message(t), TURN_TIMEOUT_MS));
        turnMs.push(performance.now() - sent);
      } catch (err) {
        note(checker.tally, `turn ${t + 1} of a session: ${(err as Error).message}`);
        checker.tally.failedTurns += turns - t;
        return;
      }
    }
  }));
  const wallMs = performance.now() - started;
  for (const socket of sockets) {
    checker.tally.seqFaults += seqFaults(socket.received);
    socket.close();
  }
  return { sockets, wallMs, turnMs };
}
