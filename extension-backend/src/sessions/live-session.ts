// A conversation while it is in use: numbers its events, hands them to whoever follows it (WebSockets, SSE
// requests), keeps the recent ones for clients that reconnect, and writes them to the store as they happen.
// Events are written in batches, each with its own seq (so a client resuming from the store gets exactly what it
// missed): other events at the end of the tick they happen in, streamed tokens at most FLUSH_MS later.
import type { ServerEvent } from '@drover/protocol';
import type { Logger } from 'pino';
import type { ChatMessage } from '../llm/types';
import { ApprovalGate } from '../agent/approvals';
import type { ApprovalRecord, ConversationStore, SessionRecord, StoredEvent } from '../store/types';

type Listener = (event: StoredEvent) => void;

/** How long streamed tokens may wait before they are written; a crash loses at most this much of an answer. */
const FLUSH_MS = 250;

export interface RunningTurn {
  turnId: string;
  controller: AbortController;
  done: Promise<void>;
}

export class LiveSession {
  readonly gate = new ApprovalGate();
  turn?: RunningTurn;
  lastActive = Date.now();
  private seq: number;
  /** Events since the start of the previous turn: enough to resume any client that was connected recently. */
  private recent: StoredEvent[] = [];
  /** Streamed tokens (and thinking) not yet written. */
  private unwritten: StoredEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushSoon?: NodeJS.Immediate;
  /** The conversation as the model sees it, loaded once from the store. */
  private history?: ChatMessage[];
  private discarded = false;
  /** This turn's question and answer so far, added to the session's search text when the turn ends. */
  private searchable = '';
  private readonly listeners = new Set<Listener>();
  private readonly approvals = new Map<string, ApprovalRecord>();

  constructor(
    public record: SessionRecord,
    private readonly store: ConversationStore,
    private readonly observe: (e: StoredEvent) => void,
    private readonly log: Logger,
  ) {
    this.seq = store.lastSeq(record.id);
  }

  get id(): string {
    return this.record.id;
  }

  /** The model's view of the conversation so far. */
  messages(): readonly ChatMessage[] {
    this.history ??= this.store.messages(this.id);
    return this.history;
  }

  /** Adds a finished turn's messages, in memory and in the store. */
  addMessages(messages: ChatMessage[]): void {
    this.store.appendMessages(this.id, messages);
    this.history?.push(...messages);
  }

  /** The seq of the latest event. */
  get lastSeq(): number {
    return this.seq;
  }

  get following(): number {
    return this.listeners.size;
  }

  emit(event: ServerEvent): StoredEvent {
    const stored = { ...event, seq: ++this.seq } as StoredEvent;
    this.lastActive = Date.now();
    if (stored.type === 'turn_start') {
      const previousStart = this.recent.findLastIndex((e) => e.type === 'turn_start');
      this.recent = previousStart < 0 ? this.recent : this.recent.slice(previousStart);
    }
    this.recent.push(stored);
    this.persist(stored);
    this.observe(stored);
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  /** Whether a turn with this id happened in the session. */
  hasTurn(turnId: string): boolean {
    return this.eventsAfter(0).some((e) => e.type === 'turn_start' && e.turnId === turnId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `afterSeq`: from memory when it reaches back far enough, else from the store. */
  eventsAfter(afterSeq: number): StoredEvent[] {
    if (this.recent.length && afterSeq >= this.recent[0].seq - 1) return this.recent.filter((e) => e.seq > afterSeq);
    this.flush();
    return this.store.eventsAfter(this.record.userId, this.id, afterSeq);
  }

  /** Writes the tokens still waiting, so the store is complete (end of a turn, shutdown). */
  flush(): void {
    this.cancelFlushes();
    if (!this.unwritten.length) return;
    const batch = this.unwritten;
    this.unwritten = [];
    this.store.appendEvents(this.id, batch);
  }

  /** A write nobody waits for must not take the process down: the events stay in memory, the failure in the log. */
  private flushInBackground(): void {
    try {
      this.flush();
    } catch (err) {
      this.log.error({ err, sessionId: this.id }, 'could not save session events');
    }
  }

  /** The session is being deleted: nothing more is written. */
  discard(): void {
    this.cancelFlushes();
    this.unwritten = [];
    this.discarded = true;
  }

  private cancelFlushes(): void {
    clearTimeout(this.flushTimer);
    clearImmediate(this.flushSoon);
    this.flushTimer = undefined;
    this.flushSoon = undefined;
  }

  private persist(event: StoredEvent): void {
    if (this.discarded) return;
    this.collectSearchable(event);
    if (event.type === 'token' || event.type === 'thinking') {
      this.unwritten.push(event);
      this.flushTimer ??= setTimeout(() => this.flushInBackground(), FLUSH_MS);
      return;
    }
    this.unwritten.push(event);
    this.flushSoon ??= setImmediate(() => this.flushInBackground());
    this.recordApproval(event);
    if (event.type === 'turn_end') this.store.touchSession(this.id);
  }

  private collectSearchable(event: StoredEvent): void {
    if (event.type === 'turn_start') this.searchable = `${event.text}\n`;
    else if (event.type === 'token') this.searchable += event.text;
    else if (event.type === 'turn_end') {
      this.store.addSearchText(this.id, `${this.searchable}\n`);
      this.searchable = '';
    }
  }

  private recordApproval(event: StoredEvent): void {
    if (event.type === 'approval_required') {
      const record: ApprovalRecord = {
        approvalId: event.approvalId,
        sessionId: this.id,
        turnId: event.turnId,
        tool: event.tool,
        arguments: event.arguments,
        command: event.plan.command,
        ...(event.namespace ? { namespace: event.namespace } : {}),
        requestedAt: new Date().toISOString(),
      };
      this.approvals.set(event.approvalId, record);
      this.store.saveApproval(record);
    } else if (event.type === 'approval_resolved') {
      const record = this.approvals.get(event.approvalId);
      if (!record) return;
      this.approvals.delete(event.approvalId);
      this.store.saveApproval({ ...record, decision: event.decision, decidedBy: event.by, decidedAt: new Date().toISOString() });
    }
  }
}
