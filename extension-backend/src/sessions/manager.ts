// Sessions per user, and the turns that run in them. Transports (WebSocket, HTTP, SSE) call this; it decides
// whether a message is a /command or goes to the model, runs one turn at a time per session, saves the
// conversation after every turn, and routes approvals and cancels to the right session (only the owner's).
import { randomUUID } from 'node:crypto';
import type { ChatContext, FeedbackRating } from '@drover/protocol';
import type { Logger } from 'pino';
import type { ApprovalAnswer } from '../agent/approvals';
import { isDirectCommand } from '../agent/direct-commands';
import { runDirectTurn } from '../agent/direct-turn';
import { runTurn, type TurnResult } from '../agent/loop';
import type { Config } from '../config';
import type { UserIdentity } from '../identity/types';
import type { ModelChain } from '../llm/model-chain';
import type { ToolRouter } from '../mcp/tool-router';
import type { ConversationStore, SessionRecord, StoredEvent } from '../store/types';
import { LiveSession } from './live-session';

/** Sessions nobody follows and nothing runs in are dropped from memory after this long (they stay in the store). */
const IDLE_EVICT_MS = 15 * 60_000;
const TITLE_CHARS = 60;
/** The name standalone mode gives its one cluster in events and the prompt. */
const STANDALONE_CLUSTER = 'local';

/** What the user sends to start a turn. */
export interface TurnInput {
  text: string;
  context?: ChatContext;
  /** A model the user picked for this turn (else the configured one). */
  model?: string;
}

/** A request the caller made wrongly: the transport answers with this code. */
export class SessionError extends Error {
  constructor(
    readonly code: 'not_found' | 'busy' | 'rate_limited' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

export interface SessionManagerDeps {
  config: Config;
  store: ConversationStore;
  llm: ModelChain;
  router: ToolRouter;
  log: Logger;
  observe(event: StoredEvent): void;
}

export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  private readonly recentMessages = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly deps: SessionManagerDeps) {
    this.sweeper = setInterval(() => this.evictIdle(), 60_000).unref();
  }

  /** The user's session by id (NotFound for anyone else's), or a new one. */
  open(user: UserIdentity, sessionId: string | undefined, firstMessage = ''): LiveSession {
    if (sessionId) {
      const live = this.live.get(sessionId);
      if (live && live.record.userId === user.id) return live;
      const record = this.deps.store.getSession(user.id, sessionId);
      if (!record) throw new SessionError('not_found', `no session ${sessionId}`);
      return this.keep(new LiveSession(record, this.deps.store, this.deps.observe, this.deps.log));
    }
    const title = firstMessage.replace(/\s+/g, ' ').trim().slice(0, TITLE_CHARS) || 'New conversation';
    return this.keep(new LiveSession(this.deps.store.createSession(user.id, title), this.deps.store, this.deps.observe, this.deps.log));
  }

  /** Starts a turn; its events go to the session's followers. Returns the turn id once it has started. */
  startTurn(user: UserIdentity, session: LiveSession, input: TurnInput): string {
    if (session.turn) throw new SessionError('busy', 'a turn is still running in this session: wait for it, or cancel it');
    this.countMessage(user);
    const turnId = randomUUID();
    const controller = new AbortController();
    const { agent } = this.deps.config;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(agent.maxTurnSeconds * 1000)]);
    const done = this.runTurn(user, session, turnId, input, signal)
      .then((result) => session.addMessages(result.messages))
      .catch((err) => this.deps.log.error({ err, sessionId: session.id, turnId }, 'turn crashed'))
      .finally(() => {
        session.flush();
        session.turn = undefined;
      });
    session.turn = { turnId, controller, done };
    return turnId;
  }

  /** The user's session and turn waiting for this approval, if any. */
  findApproval(user: UserIdentity, approvalId: string): { session: LiveSession; turnId: string } | undefined {
    for (const session of this.live.values()) {
      if (session.record.userId === user.id && session.turn && session.gate.isWaiting(approvalId))
        return { session, turnId: session.turn.turnId };
    }
    return undefined;
  }

  /** The user's answer; false when no approval of theirs with that id is waiting. */
  answerApproval(user: UserIdentity, approvalId: string, answer: ApprovalAnswer): boolean {
    return this.findApproval(user, approvalId)?.session.gate.answer(approvalId, answer) ?? false;
  }

  /** Cancels the running turn of the session (or the given turn); false when nothing of the user's was running. */
  cancel(user: UserIdentity, sessionId: string, turnId?: string): boolean {
    const session = this.live.get(sessionId);
    if (!session || session.record.userId !== user.id || !session.turn) return false;
    if (turnId && session.turn.turnId !== turnId) return false;
    session.turn.controller.abort(new Error('cancelled by the user'));
    return true;
  }

  /** Stores the user's rating of a turn with the session (an event, so every follower and the history see it). */
  feedback(user: UserIdentity, sessionId: string, turnId: string, rating: FeedbackRating, comment?: string): void {
    const session = this.open(user, sessionId);
    if (!session.hasTurn(turnId)) throw new SessionError('not_found', `no turn ${turnId} in session ${sessionId}`);
    session.emit({ type: 'feedback', turnId, rating, ...(comment ? { comment } : {}) });
  }

  rename(user: UserIdentity, sessionId: string, title: string): SessionRecord | undefined {
    if (!this.deps.store.renameSession(user.id, sessionId, title)) return undefined;
    const record = this.deps.store.getSession(user.id, sessionId)!;
    const live = this.live.get(sessionId);
    if (live) live.record = record;
    return record;
  }

  /** Deletes a session (cancelling its turn first). */
  async delete(user: UserIdentity, sessionId: string): Promise<boolean> {
    const session = this.live.get(sessionId);
    if (session && session.record.userId === user.id) {
      session.turn?.controller.abort(new Error('the session was deleted'));
      await session.turn?.done;
      session.discard();
      this.live.delete(sessionId);
    }
    return this.deps.store.deleteSession(user.id, sessionId);
  }

  /** Stops every running turn and waits for each to save what it has. */
  async shutdown(): Promise<void> {
    clearInterval(this.sweeper);
    const running = [...this.live.values()].filter((s) => s.turn);
    for (const session of running) session.turn!.controller.abort(new Error('the server is shutting down'));
    await Promise.all(running.map((s) => s.turn?.done));
  }

  private runTurn(
    user: UserIdentity,
    session: LiveSession,
    turnId: string,
    { text, context, model }: TurnInput,
    signal: AbortSignal,
  ): Promise<TurnResult> {
    const { config, router, log } = this.deps;
    const emit = session.emit.bind(session);
    // Rancher: the cluster the UI context names, or none (each call then names its own); standalone has one cluster.
    const clusterName = context?.cluster ?? (user.mode === 'rancher' ? undefined : STANDALONE_CLUSTER);
    const common = {
      toolbox: (s: AbortSignal) => router.toolbox(user, clusterName, s),
      clusterName,
      gate: session.gate,
      approvalTimeoutMs: config.agent.approvalTimeoutSeconds * 1000,
      toolResultShare: config.agent.toolResultShare,
      ollamaUrl: config.ollama.url,
      model: config.ollama.model,
      logError: (err: unknown, reference: string) => log.error({ err, reference, sessionId: session.id, turnId }, 'turn failed'),
    };
    const llm = model ? this.deps.llm.startingWith(model) : this.deps.llm;
    if (isDirectCommand(text)) {
      return runDirectTurn({ sessionId: session.id, turnId, text, context }, { ...common, numCtx: llm.numCtx }, emit, signal);
    }
    const history = [...session.messages()];
    return runTurn(
      { sessionId: session.id, turnId, text, context, history },
      { ...common, llm, maxSteps: config.agent.maxSteps },
      emit,
      signal,
    );
  }

  private keep(session: LiveSession): LiveSession {
    this.live.set(session.id, session);
    return session;
  }

  /** Per-user message rate limit, whatever the transport. */
  private countMessage(user: UserIdentity): void {
    const now = Date.now();
    const recent = (this.recentMessages.get(user.id) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.deps.config.http.messagesPerMinute) {
      throw new SessionError('rate_limited', `more than ${this.deps.config.http.messagesPerMinute} messages in a minute: wait a little`);
    }
    recent.push(now);
    this.recentMessages.set(user.id, recent);
  }

  private evictIdle(): void {
    const cutoff = Date.now() - IDLE_EVICT_MS;
    for (const [id, session] of this.live) {
      if (!session.turn && session.following === 0 && session.lastActive < cutoff) this.live.delete(id);
    }
    for (const [user, times] of this.recentMessages) if (times.every((t) => t < Date.now() - 60_000)) this.recentMessages.delete(user);
  }
}
