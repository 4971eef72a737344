// The conversation as the panel shows it, folded from the backend's events by one pure reducer: (state, event) →
// state, never mutating either. Every component reads this state; nothing else interprets protocol events. Events
// carry a sequence number, so a replay after a reconnect (or of a whole session from history) is idempotent.
import type {
  ChatContext, EventOf, FeedbackRating, Plan, ReadResult, ServerEvent
} from '@drover/protocol';

export type TurnStatus = 'running' | EventOf<'turn_end'>['reason'];
export type StepStatus = 'running' | 'awaiting-approval' | 'done' | 'truncated' | 'failed' | 'denied' | 'expired';
export type Decision = EventOf<'approval_resolved'>['decision'];

export interface ApprovalState {
  approvalId: string;
  plan: Plan;
  expiresAt: string;
  cluster?: string;
  namespace?: string;
  canRemember: boolean;
  decision?: Decision;
  decidedBy?: EventOf<'approval_resolved'>['by'];
}

/** One tool call: what ran, where, how it went, and what it returned. */
export interface StepState {
  callId: string;
  tool: string;
  arguments: Record<string, unknown>;
  readOnly: boolean;
  /** The planned kubectl/helm command of a write; reads list theirs in `result.commands`. */
  command?: string;
  cluster?: string;
  namespace?: string;
  status: StepStatus;
  /** Client clock when the call was announced, for a live elapsed time (undefined when replayed from history). */
  startedAt?: number;
  durationMs?: number;
  approval?: ApprovalState;
  result?: ReadResult;
}

export type TurnItem =
  | { kind: 'answer'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'step'; step: StepState }
  | { kind: 'error'; code: EventOf<'error'>['code']; message: string; retryable: boolean }
  | { kind: 'fallback'; from: string; to: string; reason: string };

export interface TurnState {
  turnId: string;
  /** The user's message and what it carried. */
  text: string;
  context?: ChatContext;
  /** A /command, run without the model. */
  direct: boolean;
  model?: string;
  status: TurnStatus;
  /** What happened, in order: answer text, thinking, tool steps, errors, model fallbacks. */
  items: TurnItem[];
  notice?: string;
  tokens?: { prompt: number; completion: number };
  durationMs?: number;
  feedback?: { rating: FeedbackRating; comment?: string };
}

export interface PullState {
  model: string;
  status: string;
  completed?: number;
  total?: number;
}

export interface ConversationState {
  sessionId?: string;
  title?: string;
  /** The highest sequence number applied: a reconnect resumes after it. */
  lastSeq: number;
  turns: TurnState[];
  /** Model downloads in progress (Ollama pulling a missing model). */
  pulls: PullState[];
  /** Errors that belong to no turn (a refused message, a busy session). */
  notices: { code: EventOf<'error'>['code']; message: string }[];
}

export const emptyConversation = (): ConversationState => ({
  lastSeq: 0, turns: [], pulls: [], notices: []
});

/** The event plus when it arrived (client clock); `at` only feeds live elapsed times, so the reducer stays pure. */
export interface Arrival {
  event: ServerEvent;
  at?: number;
}

type Step = StepState;

function updateTurn(state: ConversationState, turnId: string, change: (turn: TurnState) => TurnState): ConversationState {
  const index = state.turns.findLastIndex((t) => t.turnId === turnId);

  if (index < 0) return state;
  const turns = state.turns.slice();

  turns[index] = change(turns[index]);

  return { ...state, turns };
}

function updateStep(turn: TurnState, callId: string, change: (step: Step) => Step): TurnState {
  const index = turn.items.findLastIndex((i) => i.kind === 'step' && i.step.callId === callId);

  if (index < 0) return turn;
  const items = turn.items.slice();

  items[index] = { kind: 'step', step: change((items[index] as { step: Step }).step) };

  return { ...turn, items };
}

/** Appends streamed text to the last item of the same kind, or starts a new one (text after a tool call is a new paragraph). */
function appendText(turn: TurnState, kind: 'answer' | 'thinking', text: string): TurnState {
  const last = turn.items[turn.items.length - 1];
  const items = turn.items.slice();

  if (last?.kind === kind) items[items.length - 1] = { kind, text: last.text + text };
  else items.push({ kind, text });

  return { ...turn, items };
}

/** How a call ended, from its result: a failure, an answer cut to fit, or done. */
function resultStatus(result: ReadResult): StepStatus {
  if (result.isError) return 'failed';

  return result.structured && 'truncated' in result.structured && result.structured.truncated ? 'truncated' : 'done';
}

const RESOLVED_STATUS: Record<Decision, StepStatus> = {
  approved: 'running', denied: 'denied', expired: 'expired'
};

function applyTurnEvent(state: ConversationState, event: ServerEvent, at: number | undefined): ConversationState {
  switch (event.type) {
  case 'token':
    return updateTurn(state, event.turnId, (t) => appendText(t, 'answer', event.text));
  case 'thinking':
    return updateTurn(state, event.turnId, (t) => appendText(t, 'thinking', event.text));
  case 'tool_call':
    return updateTurn(state, event.turnId, (t) => ({
      ...t,
      items: [...t.items, {
        kind: 'step',
        step: {
          callId:    event.callId,
          tool:      event.tool,
          arguments: event.arguments,
          readOnly:  event.readOnly,
          command:   event.command,
          cluster:   event.cluster,
          namespace: event.namespace,
          status:    'running',
          startedAt: at,
        },
      }],
    }));
  case 'approval_required':
    return updateTurn(state, event.turnId, (t) => updateStep(t, event.callId, (s) => ({
      ...s,
      status:   'awaiting-approval',
      approval: {
        approvalId:  event.approvalId,
        plan:        event.plan,
        expiresAt:   event.expiresAt,
        cluster:     event.cluster ?? s.cluster,
        namespace:   event.namespace ?? s.namespace,
        canRemember: event.canRemember,
      },
    })));
  case 'approval_resolved':
    return updateTurn(state, event.turnId, (t) => {
      const item = t.items.find((i) => i.kind === 'step' && i.step.approval?.approvalId === event.approvalId);

      if (!item || item.kind !== 'step') return t;

      return updateStep(t, item.step.callId, (s) => ({
        ...s,
        // An approved change runs on (its result ends it); a denied or expired one ends here.
        status:   s.result ? s.status : RESOLVED_STATUS[event.decision],
        approval: {
          ...s.approval!, decision: event.decision, decidedBy: event.by
        },
      }));
    });
  case 'tool_result': {
    const {
      type: _type, turnId: _turn, callId, tool: _tool, durationMs, seq: _seq, ...result
    } = event;

    return updateTurn(state, event.turnId, (t) => updateStep(t, callId, (s) => ({
      ...s,
      // A denied or expired change keeps its outcome; its result only says it did not run.
      status: s.status === 'denied' || s.status === 'expired' ? s.status : resultStatus(result),
      durationMs,
      result,
    })));
  }
  case 'model_fallback':
    return updateTurn(state, event.turnId, (t) => ({
      ...t,
      items: [...t.items, {
        kind: 'fallback', from: event.from, to: event.to, reason: event.reason
      }]
    }));
  case 'feedback':
    return updateTurn(state, event.turnId, (t) => ({ ...t, feedback: { rating: event.rating, ...(event.comment ? { comment: event.comment } : {}) } }));
  case 'turn_end':
    return updateTurn(state, event.turnId, (t) => ({
      ...t,
      status:     event.reason,
      notice:     event.notice,
      tokens:     event.tokens,
      durationMs: event.durationMs,
      // Calls still open when the turn ended (cancelled mid-call) did not finish.
      items:      t.items.map((i) => (i.kind === 'step' && (i.step.status === 'running' || i.step.status === 'awaiting-approval') ? { kind: 'step', step: { ...i.step, status: 'failed' } } : i)),
    }));
  default:
    return state;
  }
}

export function reduceConversation(state: ConversationState, { event, at }: Arrival): ConversationState {
  if (event.type === 'pong') return state;
  if (event.type === 'session') {
    // Another session's events start from nothing; the same session's (a resume) continue.
    const base = state.sessionId === event.sessionId ? state : emptyConversation();

    return {
      ...base, sessionId: event.sessionId, title: event.title ?? base.title
    };
  }
  if (event.seq !== undefined && event.seq <= state.lastSeq) return state; // already applied
  const next = event.seq !== undefined ? { ...state, lastSeq: event.seq } : state;

  switch (event.type) {
  case 'turn_start':
    return {
      ...next,
      turns: [...next.turns, {
        turnId:  event.turnId,
        text:    event.text,
        context: event.context,
        direct:  event.direct,
        model:   event.model,
        status:  'running',
        items:   [],
      }],
    };
  case 'model_pull': {
    const pulls = next.pulls.filter((p) => p.model !== event.model);
    const done = event.status === 'success';

    return {
      ...next,
      pulls: done ? pulls : [...pulls, {
        model: event.model, status: event.status, completed: event.completed, total: event.total
      }]
    };
  }
  case 'error':
    if (!event.turnId || !next.turns.some((t) => t.turnId === event.turnId)) {
      return { ...next, notices: [...next.notices, { code: event.code, message: event.message }] };
    }

    return updateTurn(next, event.turnId, (t) => ({
      ...t,
      items: [...t.items, {
        kind: 'error', code: event.code, message: event.message, retryable: event.retryable
      }]
    }));
  default:
    return applyTurnEvent(next, event, at);
  }
}

/** Folds many events at once (a history replay). */
export const foldEvents = (events: ServerEvent[], state = emptyConversation()): ConversationState => events.reduce(
  (s, event) => reduceConversation(s, { event }), state
);

// Selectors: what the panel derives from the state, in one place.

export const stepsOf = (turn: TurnState): StepState[] => turn.items.flatMap((i) => (i.kind === 'step' ? [i.step] : []));

/** The turn's answer text: its paragraphs (text before and after tool calls) joined as Markdown paragraphs. */
export const answerOf = (turn: TurnState): string => turn.items.flatMap((i) => (i.kind === 'answer' ? [i.text] : [])).join('\n\n');

/** The turn still running, if any (one per session at a time). */
export const runningTurn = (state: ConversationState): TurnState | undefined => state.turns.findLast((t) => t.status === 'running');

/** The approval the user must answer now: the input stays locked until they do. */
export function pendingApproval(state: ConversationState): { turn: TurnState; step: StepState } | undefined {
  const turn = runningTurn(state);
  const step = turn && stepsOf(turn).find((s) => s.status === 'awaiting-approval' && s.approval && !s.approval.decision);

  return turn && step ? { turn, step } : undefined;
}

/**
 * Where an answer's facts come from: `tools` when at least one call returned data, `failed-tools` when every call
 * failed, `none` when no tool ran (the answer is the model's alone), `declined` when the only calls were changes the
 * user denied or let expire (their outcome says so already) — shown with the answer.
 */
export type Provenance = 'tools' | 'failed-tools' | 'none' | 'declined';

export function provenanceOf(turn: TurnState): Provenance {
  const steps = stepsOf(turn).filter((s) => s.result);
  const ran = steps.filter((s) => s.status !== 'denied' && s.status !== 'expired');

  if (!ran.length) return steps.length ? 'declined' : 'none';

  return ran.some((s) => !s.result?.isError) ? 'tools' : 'failed-tools';
}
