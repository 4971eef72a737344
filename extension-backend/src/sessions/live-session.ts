// A conversation while it is in use: numbers its events, hands them to whoever follows it (WebSockets, SSE
// requests), keeps the recent ones for clients that reconnect, and writes them to the store as they happen.
// Streamed tokens are written as one event per run (carrying the run's last seq), not one row per token.
import type { ServerEvent } from '@drover/protocol';
import { ApprovalGate } from '../agent/approvals';
import type { ApprovalRecord, ConversationStore, SessionRecord, StoredEvent } from '../store/types';

type Listener = (event: StoredEvent) => void;

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
  /** A run of streamed tokens (or thinking) not yet written. */
  private run?: StoredEvent & { type: 'token' | 'thinking' };
  private readonly listeners = new Set<Listener>();
  private readonly approvals = new Map<string, ApprovalRecord>();

  constructor(public record: SessionRecord, private readonly store: ConversationStore, private readonly observe: (e: StoredEvent) => void) {
    this.seq = store.lastSeq(record.id);
  }

  get id(): string {
    return this.record.id;
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

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `afterSeq`: from memory when it reaches back far enough, else from the store. */
  eventsAfter(afterSeq: number): StoredEvent[] {
    if (this.recent.length && afterSeq >= this.recent[0].seq - 1) return this.recent.filter((e) => e.seq > afterSeq);
    this.flushRun();
    return this.store.eventsAfter(this.record.userId, this.id, afterSeq);
  }

  /** Writes what is pending (a token run) so the store is complete, e.g. before shutdown. */
  flushRun(): void {
    if (!this.run) return;
    const run = this.run;
    this.run = undefined;
    this.store.appendEvents(this.id, [run]);
  }

  private persist(event: StoredEvent): void {
    if (event.type === 'token' || event.type === 'thinking') {
      if (this.run && this.run.type === event.type && this.run.turnId === event.turnId) {
        this.run = { ...this.run, text: this.run.text + event.text, seq: event.seq };
        return;
      }
      this.flushRun();
      this.run = { ...event };
      return;
    }
    this.flushRun();
    this.store.appendEvents(this.id, [event]);
    this.recordApproval(event);
    if (event.type === 'turn_end') this.store.touchSession(this.id);
  }

  private recordApproval(event: StoredEvent): void {
    if (event.type === 'approval_required') {
      const record: ApprovalRecord = {
        approvalId: event.approvalId, sessionId: this.id, turnId: event.turnId, tool: event.tool, arguments: event.arguments,
        command: event.plan.command, ...(event.namespace ? { namespace: event.namespace } : {}), requestedAt: new Date().toISOString(),
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
