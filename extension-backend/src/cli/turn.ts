// One chat turn over the socket: send the message, show every event of the turn, ask for approvals as they come,
// cancel on Ctrl-C, and finish at turn_end (or when the backend refuses the message). The exit code says how it went.
import type { ChatContext, EventOf, ServerEvent } from '@drover/protocol';
import type { ApprovalPrompter } from './approvals';
import type { ChatConnection } from './connection';
import { EXIT, type ExitCode } from './errors';
import type { Interrupts } from './interrupts';

export interface TurnRequest {
  text: string;
  sessionId?: string;
  context?: ChatContext;
}

export interface TurnUi {
  /** Every event of the turn, with its frame as received. */
  show(event: ServerEvent, raw: string): void;
  approvals: ApprovalPrompter;
  interrupts: Interrupts;
  notice(text: string): void;
}

export interface TurnOutcome {
  sessionId?: string;
  exitCode: ExitCode;
}

type EndReason = EventOf<'turn_end'>['reason'];

/**
 * Answered is success, unless the caller did not get what they asked for: a change was denied because nobody could
 * approve it, or a /command's tool failed (its result is the whole answer).
 */
function exitCodeOf(reason: EndReason, hasFailedRequest: boolean): ExitCode {
  if (reason === 'cancelled') return EXIT.interrupted;
  return reason === 'answered' && !hasFailedRequest ? EXIT.ok : EXIT.failed;
}

export function runTurn(connection: ChatConnection, request: TurnRequest, ui: TurnUi): Promise<TurnOutcome> {
  return new Promise((resolve, reject) => {
    let turnId: string | undefined;
    let sessionId = request.sessionId;
    let isDirect = false;
    let hasFailedRequest = false;
    const prompts = new Map<string, AbortController>();
    const settle = (done: () => void) => {
      connection.listen(undefined);
      ui.interrupts.clear();
      for (const prompt of prompts.values()) prompt.abort();
      done();
    };
    const finish = (exitCode: ExitCode) => settle(() => resolve({ sessionId, exitCode }));

    const askApproval = async (event: EventOf<'approval_required'>) => {
      const prompt = new AbortController();
      prompts.set(event.approvalId, prompt);
      // A rule the user made earlier in this session approves in the very next event: no question then.
      await new Promise((next) => setImmediate(next));
      const decision = prompt.signal.aborted ? undefined : await ui.approvals.decide(event, prompt.signal);
      prompts.delete(event.approvalId);
      if (!decision) return;
      hasFailedRequest ||= decision.isUnattended;
      connection.send(decision.answer);
    };

    connection.listen({
      event(event, raw) {
        if (turnId && 'turnId' in event && event.turnId && event.turnId !== turnId) return;
        ui.show(event, raw);
        switch (event.type) {
          case 'session':
            sessionId = event.sessionId;
            return;
          case 'turn_start':
            turnId = event.turnId;
            isDirect = event.direct;
            return;
          case 'tool_result':
            hasFailedRequest ||= isDirect && event.isError;
            return;
          case 'error':
            if (!turnId && !event.turnId) finish(EXIT.failed); // refused before it started (busy, no such session…)
            return;
          case 'approval_required':
            askApproval(event).catch((err: Error) => settle(() => reject(err)));
            return;
          case 'approval_resolved':
            prompts.get(event.approvalId)?.abort();
            return;
          case 'turn_end':
            finish(exitCodeOf(event.reason, hasFailedRequest));
            return;
        }
      },
      lost: (error) => settle(() => reject(error)),
    });
    ui.interrupts.onNext(() => {
      ui.notice('cancelling… (Ctrl-C again to quit)');
      connection.send({ type: 'cancel', ...(turnId ? { turnId } : {}) });
    });
    connection.send({
      type: 'chat',
      text: request.text,
      ...(sessionId ? { sessionId } : {}),
      ...(request.context ? { context: request.context } : {}),
    });
  });
}
