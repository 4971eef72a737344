import type { ServerEvent } from '@drover/protocol';
import {
  answerOf, emptyConversation, foldEvents, pendingApproval, provenanceOf, reduceConversation, runningTurn, stepsOf, type ConversationState,
} from '../conversation';

const table = require('../../__tests__/fixtures/views/table-pods.json').view;
const plan = require('../../__tests__/fixtures/views/plan-scale.json').view;
const change = require('../../__tests__/fixtures/views/change-scale.json').view;

let seq = 0;
const at = <T extends ServerEvent>(event: T): T => ({ ...event, seq: ++seq });

beforeEach(() => {
  seq = 0;
});

const session = (id = 's1'): ServerEvent => ({
  type: 'session', sessionId: id, resumed: false, title: 'why is checkout crash-looping?'
});
const start = (turnId = 't1', text = 'why is checkout crash-looping?'): ServerEvent => at({
  type: 'turn_start', sessionId: 's1', turnId, text, direct: false, model: 'qwen3:8b', context: { cluster: 'local', namespace: 'shop' }
});
const token = (text: string, turnId = 't1'): ServerEvent => at({
  type: 'token', turnId, text
});
const call = (callId: string, tool = 'k8s_get', readOnly = true): ServerEvent => at({
  type: 'tool_call', turnId: 't1', callId, tool, arguments: { kind: 'pods', namespace: 'shop' }, readOnly, cluster: 'local', namespace: 'shop'
});
const result = (callId: string, extra: Record<string, unknown> = {}): ServerEvent => at({
  type: 'tool_result', turnId: 't1', callId, tool: 'k8s_get', isError: false, summary: '10 pods', structured: table, commands: ['kubectl get pods -n shop'], durationMs: 120, ...extra
});
const end = (reason: 'answered' | 'cancelled' | 'failed' = 'answered', turnId = 't1'): ServerEvent => at({
  type: 'turn_end', turnId, reason, tokens: { prompt: 800, completion: 40 }, durationMs: 2100, ...(reason === 'cancelled' ? { notice: 'Cancelled.' } : {})
});
const approval = (callId: string, approvalId = 'a1'): ServerEvent => at({
  type:      'approval_required',
  turnId:    't1',
  approvalId,
  callId,
  tool:      'k8s_scale',
  arguments: {
    name: 'web', namespace: 'shop', replicas: 5
  },
  plan: {
    command: plan.command, diff: plan.diff, warnings: plan.warnings
  },
  expiresAt:   '2026-12-04T12:00:00.000Z',
  cluster:     'local',
  namespace:   'shop',
  canRemember: true,
});
const resolved = (decision: 'approved' | 'denied' | 'expired', approvalId = 'a1'): ServerEvent => at({
  type: 'approval_resolved', turnId: 't1', approvalId, decision, by: decision === 'expired' ? 'timeout' : 'user'
});

describe('the conversation reducer', () => {
  it('never changes the state it is given (a pure function)', () => {
    const before = foldEvents([session(), start(), token('Checking')]);
    const frozen = JSON.stringify(before);

    reduceConversation(before, { event: token(' pods') });
    reduceConversation(before, { event: end() });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('starts a turn with the question, what it carried and the model, running', () => {
    const state = foldEvents([session(), start()]);

    expect(state).toMatchObject({
      sessionId: 's1', title: 'why is checkout crash-looping?', lastSeq: 1
    });
    expect(state.turns).toEqual([{
      turnId:  't1',
      text:    'why is checkout crash-looping?',
      context: { cluster: 'local', namespace: 'shop' },
      direct:  false,
      model:   'qwen3:8b',
      status:  'running',
      items:   [],
    }]);
    expect(runningTurn(state)?.turnId).toBe('t1');
  });

  it('joins streamed tokens into one answer, and starts a new paragraph after a tool call', () => {
    const state = foldEvents([session(), start(), token('Let me '), token('look.'), call('c1'), result('c1'), token('It '), token('panics.')]);

    expect(state.turns[0].items.map((i) => i.kind)).toEqual(['answer', 'step', 'answer']);
    expect(answerOf(state.turns[0])).toBe('Let me look.\n\nIt panics.');
  });

  it('keeps thinking apart from the answer', () => {
    const state = foldEvents([session(), start(), at({
      type: 'thinking', turnId: 't1', text: 'The user asks'
    }), at({
      type: 'thinking', turnId: 't1', text: ' about pods.'
    }), token('Pods:')]);

    expect(state.turns[0].items).toEqual([{ kind: 'thinking', text: 'The user asks about pods.' }, { kind: 'answer', text: 'Pods:' }]);
  });

  it('follows a tool call from running to done with its result, where it ran and how long it took', () => {
    const running = foldEvents([session(), start(), call('c1')], emptyConversation());

    expect(stepsOf(running.turns[0])[0]).toMatchObject({
      status: 'running', cluster: 'local', namespace: 'shop', tool: 'k8s_get'
    });
    const done = reduceConversation(running, { event: result('c1') });

    expect(stepsOf(done.turns[0])[0]).toMatchObject({
      status:     'done',
      durationMs: 120,
      result:     {
        isError: false, summary: '10 pods', structured: { kind: 'table' }, commands: ['kubectl get pods -n shop']
      },
    });
  });

  it('records when a call was announced, by the client clock, for a live elapsed time', () => {
    const state = foldEvents([session(), start()]);
    const next = reduceConversation(state, { event: call('c1'), at: 1_000 });

    expect(stepsOf(next.turns[0])[0].startedAt).toBe(1_000);
  });

  it('marks a failed call, and a result cut to fit as truncated', () => {
    const state = foldEvents([session(), start(), call('c1'), result('c1', {
      isError: true, summary: 'pods is forbidden', structured: undefined, forbidden: true
    }),
    call('c2'), result('c2', { structured: { ...table, truncated: true } })]);

    expect(stepsOf(state.turns[0]).map((s) => s.status)).toEqual(['failed', 'truncated']);
    expect(stepsOf(state.turns[0])[0].result?.forbidden).toBe(true);
  });

  it('takes a change through its approval: waiting, approved (still running), then done with the change', () => {
    let state = foldEvents([session(), start(), call('c1', 'k8s_scale', false), approval('c1')]);

    expect(pendingApproval(state)?.step).toMatchObject({
      status:   'awaiting-approval',
      approval: {
        approvalId: 'a1', canRemember: true, cluster: 'local', namespace: 'shop'
      }
    });
    state = reduceConversation(state, { event: resolved('approved') });
    expect(pendingApproval(state)).toBeUndefined();
    expect(stepsOf(state.turns[0])[0]).toMatchObject({ status: 'running', approval: { decision: 'approved', decidedBy: 'user' } });
    state = reduceConversation(state, {
      event: result('c1', {
        tool: 'k8s_scale', structured: change, summary: 'scaled'
      })
    });
    expect(stepsOf(state.turns[0])[0]).toMatchObject({ status: 'done', result: { structured: { kind: 'change' } } });
  });

  it('keeps a denied or expired change as such, whatever its result says', () => {
    for (const decision of ['denied', 'expired'] as const) {
      const state = foldEvents([session(), start(), call('c1', 'k8s_scale', false), approval('c1'), resolved(decision),
        result('c1', {
          isError: true, summary: 'Not run', structured: undefined
        })]);

      expect(stepsOf(state.turns[0])[0]).toMatchObject({ status: decision, approval: { decision } });
    }
  });

  it('ends a turn with its reason, tokens and time; calls still open at a cancel did not finish', () => {
    const state = foldEvents([session(), start(), call('c1'), end('cancelled')]);

    expect(state.turns[0]).toMatchObject({
      status: 'cancelled', notice: 'Cancelled.', tokens: { prompt: 800, completion: 40 }, durationMs: 2100
    });
    expect(stepsOf(state.turns[0])[0].status).toBe('failed');
    expect(runningTurn(state)).toBeUndefined();
  });

  it('puts a turn\'s error into the turn, and an error of no turn into the notices', () => {
    const state = foldEvents([session(), start(), at({
      type: 'error', turnId: 't1', code: 'model_unavailable', message: 'No model is reachable', retryable: true
    }),
    {
      type: 'error', code: 'busy', message: 'a turn is still running', retryable: true
    }]);

    expect(state.turns[0].items).toEqual([{
      kind: 'error', code: 'model_unavailable', message: 'No model is reachable', retryable: true
    }]);
    expect(state.notices).toEqual([{ code: 'busy', message: 'a turn is still running' }]);
  });

  it('shows a model fallback where it happened, and tracks model downloads until they finish', () => {
    let state = foldEvents([session(), start(), at({
      type: 'model_fallback', turnId: 't1', from: 'qwen3:8b', to: 'llama3.2:3b', reason: 'model not found'
    })]);

    expect(state.turns[0].items).toEqual([{
      kind: 'fallback', from: 'qwen3:8b', to: 'llama3.2:3b', reason: 'model not found'
    }]);
    state = reduceConversation(state, {
      event: at({
        type: 'model_pull', model: 'qwen3:8b', status: 'pulling', completed: 10, total: 100
      })
    });
    expect(state.pulls).toEqual([{
      model: 'qwen3:8b', status: 'pulling', completed: 10, total: 100
    }]);
    state = reduceConversation(state, {
      event: at({
        type: 'model_pull', model: 'qwen3:8b', status: 'success'
      })
    });
    expect(state.pulls).toEqual([]);
  });

  it('stores the latest rating of a turn', () => {
    const state = foldEvents([session(), start(), token('Hi'), end(), at({
      type: 'feedback', turnId: 't1', rating: 'up'
    }),
    at({
      type: 'feedback', turnId: 't1', rating: 'down', comment: 'wrong pod'
    })]);

    expect(state.turns[0].feedback).toEqual({ rating: 'down', comment: 'wrong pod' });
  });

  it('applies each event once: a replay after a reconnect changes nothing', () => {
    const events = [session(), start(), token('Hello'), call('c1'), result('c1'), end()];
    const once = foldEvents(events);
    const twice = foldEvents(events, once);

    expect(twice.turns).toEqual(once.turns);
    expect(answerOf(twice.turns[0])).toBe('Hello');
  });

  it('continues the same session on resume, and starts from nothing for another session', () => {
    const first = foldEvents([session('s1'), start()]);

    expect(reduceConversation(first, {
      event: {
        type: 'session', sessionId: 's1', resumed: true
      }
    }).turns).toHaveLength(1);
    const other = reduceConversation(first, {
      event: {
        type: 'session', sessionId: 's2', resumed: true, title: 'older chat'
      }
    });

    expect(other).toEqual({
      ...emptyConversation(), sessionId: 's2', title: 'older chat'
    });
  });

  it('ignores events of a turn it does not know, and pongs', () => {
    const state = foldEvents([session(), start()]);
    const unknown = reduceConversation(state, {
      event: {
        type: 'token', turnId: 'elsewhere', text: 'x'
      }
    });

    expect(unknown.turns).toEqual(state.turns);
    expect(reduceConversation(state, { event: { type: 'pong' } })).toBe(state);
  });
});

describe('provenance of an answer', () => {
  /** The events of the turn are made after its start, so their sequence numbers follow it. */
  const turnOf = (events: () => ServerEvent[]) => foldEvents([session(), start(), ...events(), end()]).turns[0];

  it('is the tools when at least one call returned data', () => {
    expect(provenanceOf(turnOf(() => [call('c1'), result('c1', { isError: true, structured: undefined }), call('c2'), result('c2'), token('Ten pods.')]))).toBe('tools');
  });

  it('says every call failed when none returned data', () => {
    expect(provenanceOf(turnOf(() => [call('c1'), result('c1', { isError: true, structured: undefined }), token('Could not read.')]))).toBe('failed-tools');
  });

  it('is declined, not failed, when the only calls were changes the user denied', () => {
    expect(provenanceOf(turnOf(() => [call('c1', 'k8s_scale', false), approval('c1'), resolved('denied'),
      result('c1', {
        isError: true, summary: 'Not run: denied', structured: undefined
      }), token('Left as it is.')]))).toBe('declined');
  });

  it('is none when no tool ran', () => {
    expect(provenanceOf(turnOf(() => [token('Pods are the smallest unit.')]))).toBe('none');
  });
});

describe('folding a long conversation', () => {
  it('folds 200 turns of 50 tokens each in linear time, keeping every answer', () => {
    const events: ServerEvent[] = [session()];

    for (let t = 0; t < 200; t++) {
      events.push(start(`t${ t }`, `question ${ t }`));
      for (let k = 0; k < 50; k++) events.push(token('word ', `t${ t }`));
      events.push(end('answered', `t${ t }`));
    }
    const state: ConversationState = foldEvents(events);

    expect(state.turns).toHaveLength(200);
    expect(answerOf(state.turns[199])).toBe('word '.repeat(50));
    expect(state.lastSeq).toBe(200 * 52);
  });
});
