// What the chat panel's component tests share on top of ./chat: a healthy scripted backend, a connected controller,
// and one session's events as the backend sends them (numbered in order), pushed one call at a time.
import type {
  ChatContext, ErrorCode, FeedbackRating, ReadResult, ServerEvent
} from '@drover/protocol';
import { defineComponent, h, type Component } from 'vue';
import type { ChatController, ControllerOptions } from '../../chat/controller';
import type { TurnState } from '../../chat/conversation';
import { useChat } from '../../composables/useDrover';
import type { DroverHost } from '../../host/types';
import { startScriptedBackend, testController, until, type ScriptedBackend } from './chat';

export const MODELS = {
  url: 'http://127.0.0.1:11434', reachable: true, available: ['qwen3:8b', 'llama3.2:3b'], configured: [{ name: 'qwen3:8b', installed: true }],
};
export const READY = { ready: true, checks: { ollama: { ok: true }, mcp: { ok: true } } };

/** A backend whose model and tools answer, with no earlier conversations. */
export async function healthyBackend(): Promise<ScriptedBackend> {
  const backend = await startScriptedBackend();

  backend.answer('GET /api/models', { json: MODELS });
  backend.answer('GET /readyz', { json: READY });
  backend.answer('GET /api/sessions', { json: { sessions: [] } });

  return backend;
}

/** A controller connected to `backend`, its status (models, readiness) loaded. */
export async function connectedChat(backend: ScriptedBackend, options: ControllerOptions = {}, host?: DroverHost): Promise<ChatController> {
  const chat = testController(backend, options, host);

  chat.start();
  await until(() => chat.connection.value.state === 'open', 'the chat to connect');
  await until(() => backend.requests.some((r) => r.url === '/readyz') && backend.requests.some((r) => r.url === '/api/models'), 'the status requests');
  await until(() => chat.models.value !== undefined || chat.readiness.value !== undefined, 'the backend status');

  return chat;
}

export interface OpenChat {
  backend: ScriptedBackend;
  chat: ChatController;
  session: BackendSession;
}

/** Where most component tests start: a healthy backend, a chat connected to it, and session s1 open on it. */
export async function openChat(): Promise<OpenChat> {
  const backend = await healthyBackend();
  const chat = await connectedChat(backend);
  const session = new BackendSession(backend);

  session.open();

  return {
    backend, chat, session
  };
}

/** Ends a test's chat (when it made one) and its backend. */
export async function closeChat(backend: ScriptedBackend, chat?: ChatController): Promise<void> {
  chat?.disconnect();
  await backend.close();
}

/**
 * A component that shows `component` for the chat's latest turn, kept current as events arrive (what the transcript
 * does for every turn): `props` picks what it gets from the turn; nothing is shown while it returns undefined.
 */
export function forLatestTurn(component: Component, props: (turn: TurnState) => Record<string, unknown> | undefined = (turn) => ({ turn })): Component {
  return defineComponent({
    name: 'ForLatestTurn',
    setup() {
      const chat = useChat();

      return () => {
        const turn = chat.conversation.value.turns.at(-1);
        const values = turn && props(turn);

        return values ? h(component, values) : null;
      };
    },
  });
}

/** Components side by side in one chat (e.g. a turn and the input it puts a question back into). */
export function together(...components: Component[]): Component {
  return defineComponent({ name: 'SideBySide', setup: () => () => components.map((component) => h(component)) });
}

/** A tool result as the backend sends it, from a recorded view (`__tests__/fixtures/views/<name>.json`). */
export function fixtureResult(name: string, commands?: string[]): ReadResult {
  const fixture = require(`../fixtures/views/${ name }.json`);

  return {
    isError: false, summary: fixture.text.split('\n')[0], structured: fixture.view, ...(commands ? { commands } : {})
  };
}

type Extra<T extends ServerEvent['type']> = Partial<Omit<Extract<ServerEvent, { type: T }>, 'type' | 'seq'>>;

/** One session on the scripted backend: each call pushes its event(s) to the open sockets, numbered in order. */
export class BackendSession {
  private seq = 0;

  constructor(private readonly backend: ScriptedBackend, readonly id = 's1', readonly title = 'Why is checkout failing?') {}

  /** The sequence number of the last event pushed. */
  get lastSeq(): number {
    return this.seq;
  }

  private push(event: ServerEvent): ServerEvent {
    this.backend.push(event);

    return event;
  }

  private next(): { seq: number } {
    this.seq += 1;

    return { seq: this.seq };
  }

  /** The session event a new chat, or a resume, starts with. */
  open(resumed = false): void {
    this.push({
      type: 'session', sessionId: this.id, resumed, title: this.title
    });
  }

  start(turnId: string, text: string, extra: { context?: ChatContext; direct?: boolean; model?: string } = {}): void {
    this.push({
      type: 'turn_start', sessionId: this.id, turnId, text, direct: extra.direct ?? false, ...extra, ...this.next()
    });
  }

  /** Each text as its own token event. */
  tokens(turnId: string, ...texts: string[]): void {
    for (const text of texts) {
      this.push({
        type: 'token', turnId, text, ...this.next()
      });
    }
  }

  thinking(turnId: string, text: string): void {
    this.push({
      type: 'thinking', turnId, text, ...this.next()
    });
  }

  call(turnId: string, callId: string, tool: string, args: Record<string, unknown>, extra: Extra<'tool_call'> = {}): void {
    this.push({
      type: 'tool_call', turnId, callId, tool, arguments: args, readOnly: true, cluster: 'local', ...extra, ...this.next()
    });
  }

  result(turnId: string, callId: string, tool: string, result: ReadResult, durationMs?: number): void {
    this.push({
      type: 'tool_result', turnId, callId, tool, ...result, ...(durationMs !== undefined ? { durationMs } : {}), ...this.next()
    });
  }

  approval(turnId: string, callId: string, approvalId: string, command: string, extra: Extra<'approval_required'> = {}): void {
    this.push({
      type:      'approval_required',
      turnId,
      approvalId,
      callId,
      tool:      'k8s_scale',
      arguments: {
        kind: 'deployment', name: 'web', namespace: 'shop', replicas: 0
      },
      plan:        { command, warnings: [] },
      expiresAt:   new Date(Date.now() + 120_000).toISOString(),
      canRemember: false,
      namespace:   'shop',
      ...extra,
      ...this.next(),
    });
  }

  resolved(turnId: string, approvalId: string, decision: 'approved' | 'denied' | 'expired', by: 'user' | 'session-rule' | 'timeout' = 'user'): void {
    this.push({
      type: 'approval_resolved', turnId, approvalId, decision, by, ...this.next()
    });
  }

  error(turnId: string | undefined, code: ErrorCode, message: string, retryable = false): void {
    this.push({
      type: 'error', ...(turnId ? { turnId } : {}), code, message, retryable, ...this.next()
    });
  }

  feedback(turnId: string, rating: FeedbackRating, comment?: string): void {
    this.push({
      type: 'feedback', turnId, rating, ...(comment ? { comment } : {}), ...this.next()
    });
  }

  fallback(turnId: string, from: string, to: string, reason: string): void {
    this.push({
      type: 'model_fallback', turnId, from, to, reason, ...this.next()
    });
  }

  end(turnId: string, reason: Extract<ServerEvent, { type: 'turn_end' }>['reason'] = 'answered', extra: Extra<'turn_end'> = {}): void {
    this.push({
      type: 'turn_end', turnId, reason, tokens: { prompt: 812, completion: 64 }, durationMs: 3_200, ...extra, ...this.next()
    });
  }

  /** A whole answered turn without tools: question, answer, end. */
  answered(turnId: string, text: string, answer: string, extra: { context?: ChatContext; direct?: boolean } = {}): void {
    this.start(turnId, text, extra);
    this.tokens(turnId, answer);
    this.end(turnId);
  }
}
