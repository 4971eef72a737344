// Following one turn for the HTTP transports: its events after a given seq, as they come, until the turn ends — or,
// for callers that cannot answer mid-stream (plain JSON requests), until it waits for the user's approval.
import type { LiveSession } from '../sessions/live-session';
import type { StoredEvent } from '../store/types';

export type FollowEnd = 'ended' | 'approval_required';

const belongsTo = (event: StoredEvent, turnId: string) => !('turnId' in event) || event.turnId === turnId;

export function followTurn(
  session: LiveSession,
  turnId: string,
  afterSeq: number,
  onEvent: (event: StoredEvent) => void,
  stopAtApproval: boolean,
): Promise<FollowEnd> {
  return new Promise((resolve) => {
    let finished = false;
    let unsubscribe = () => {};
    const end = (how: FollowEnd) => {
      finished = true;
      unsubscribe();
      resolve(how);
    };
    const take = (event: StoredEvent) => {
      if (finished || !belongsTo(event, turnId)) return;
      onEvent(event);
      if (event.type === 'turn_end') return end('ended');
      // In the tick that announces an approval, the runner either resolves it by a session rule or starts waiting
      // for the user: only one still open after that tick needs an answer (and one from earlier is long settled).
      if (stopAtApproval && event.type === 'approval_required') {
        queueMicrotask(() => {
          if (!finished && session.gate.isWaiting(event.approvalId)) end('approval_required');
        });
      }
    };
    for (const event of session.eventsAfter(afterSeq)) take(event);
    if (!finished) unsubscribe = session.subscribe(take);
  });
}

/** The answer text of a turn's events (its streamed tokens). */
export const answerOf = (events: StoredEvent[]) => events.map((e) => (e.type === 'token' ? e.text : '')).join('');
