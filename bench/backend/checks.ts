// What the clients received, checked against what the model was scripted to say: every turn answered without an
// error, seq numbers without gaps, every scripted token exactly once and in order, every tool call answered.
import type { Received } from './client';
import type { ScriptedAnswer } from './script';

export interface Tally {
  failedConnections: number;
  /** Turns that ended with turn_end 'answered' and no error event. */
  answered: number;
  /** Error events (refused messages included). */
  errorEvents: number;
  /** Turns that ended otherwise, timed out, or never ran because the socket failed. */
  failedTurns: number;
  /** Missing or repeated seq numbers in what a client received. */
  seqFaults: number;
  lostTokens: number;
  duplicatedTokens: number;
  /** Turns whose tokens are not one scripted answer's, in order. */
  garbledTurns: number;
  toolCalls: number;
  /** Tool results with isError, and tool calls without a result. */
  toolFaults: number;
  /** What went wrong, for the first few problems. */
  problems: string[];
}

const MAX_PROBLEMS = 5;

/** Notes a problem (only the first few are kept). */
export function note(tally: Tally, problem: string): void {
  if (tally.problems.length < MAX_PROBLEMS) tally.problems.push(problem);
}

export function emptyTally(): Tally {
  return {
    failedConnections: 0, answered: 0, errorEvents: 0, failedTurns: 0, seqFaults: 0, lostTokens: 0, duplicatedTokens: 0, garbledTurns: 0,
    toolCalls: 0, toolFaults: 0, problems: [],
  };
}

/** Seq-bearing events must count up by one from 1 (a fresh session followed from its first turn). */
export function seqFaults(received: Received[]): number {
  let expected = 1;
  let faults = 0;
  for (const { event } of received) {
    if (!('seq' in event) || event.seq === undefined) continue;
    if (event.seq !== expected) faults += Math.max(1, Math.abs(event.seq - expected));
    expected = Math.max(expected, event.seq + 1);
  }
  return faults;
}

export class TurnChecker {
  readonly tally = emptyTally();
  private readonly owner = new Map<string, { answer: number; index: number }>();
  private readonly seen = new Map<string, number>();

  constructor(scripted: ScriptedAnswer[]) {
    scripted.forEach((a, answer) => a.texts.forEach((text, index) => this.owner.set(text, { answer, index })));
  }

  /** One turn's events, from turn_start (or the refusing error) to turn_end. */
  turn(events: Received[]): void {
    const t = this.tally;
    const errors = events.flatMap((r) => (r.event.type === 'error' ? [r.event] : []));
    t.errorEvents += errors.length;
    for (const e of errors) note(t, `error event ${e.code}: ${e.message}`);
    const end = events.at(-1)?.event;
    if (errors.length === 0 && end?.type === 'turn_end' && end.reason === 'answered') t.answered++;
    else t.failedTurns++;
    if (end?.type === 'turn_end' && end.reason !== 'answered') note(t, `turn_end ${end.reason}: ${end.notice ?? ''}`);
    const tokens = events.flatMap((r) => (r.event.type === 'token' ? [r.event.text] : []));
    for (const text of tokens) this.seen.set(text, (this.seen.get(text) ?? 0) + 1);
    const places = tokens.map((text) => this.owner.get(text));
    if (places.some((p, i) => !p || p.answer !== places[0]!.answer || p.index !== i)) {
      t.garbledTurns++;
      note(t, `garbled turn: ${tokens.join('')}`);
    }
    const results = new Map(events.flatMap((r) => (r.event.type === 'tool_result' ? [[r.event.callId, r] as const] : [])));
    for (const call of events) {
      if (call.event.type !== 'tool_call') continue;
      t.toolCalls++;
      const result = results.get(call.event.callId);
      if (!result || (result.event.type === 'tool_result' && result.event.isError)) {
        t.toolFaults++;
        note(t, `tool fault: ${result?.event.type === 'tool_result' ? result.event.summary : 'no result'}`);
      }
    }
  }

  /** Counts lost and duplicated tokens over everything seen; call once, after the last turn. */
  finish(): Tally {
    for (const text of this.owner.keys()) {
      const count = this.seen.get(text) ?? 0;
      if (count === 0) this.tally.lostTokens++;
      else this.tally.duplicatedTokens += count - 1;
    }
    return this.tally;
  }
}
