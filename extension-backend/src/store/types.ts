// What the conversation store keeps per user (store/sqlite.ts implements it).
import type { ServerEvent } from '@drover/protocol';
import type { ChatMessage } from '../llm/types';

export interface SessionRecord {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

/** A session event as stored, with its sequence number. */
export type StoredEvent = ServerEvent & { seq: number };

export interface ApprovalRecord {
  approvalId: string;
  sessionId: string;
  turnId: string;
  tool: string;
  arguments: Record<string, unknown>;
  command: string;
  namespace?: string;
  decision?: 'approved' | 'denied' | 'expired';
  decidedBy?: 'user' | 'session-rule' | 'timeout';
  requestedAt: string;
  decidedAt?: string;
}

export interface ConversationStore {
  createSession(userId: string, title: string): SessionRecord;
  /** Newest first; with a query, only sessions whose title, questions or answers contain it (any case). */
  listSessions(userId: string, query?: string): SessionRecord[];
  /** Undefined when the session does not exist or belongs to someone else. */
  getSession(userId: string, sessionId: string): SessionRecord | undefined;
  renameSession(userId: string, sessionId: string, title: string): boolean;
  /** Adds a finished turn's question and answer to what a search of the session looks at. */
  addSearchText(sessionId: string, text: string): void;
  /** Marks the session as used now (it moves to the top of the list). */
  touchSession(sessionId: string): void;
  /** Deletes the session with its events, messages and approvals. */
  deleteSession(userId: string, sessionId: string): boolean;
  /**
   * Stores events of the session, in one transaction. Sequence numbers are assigned by the live session and rise;
   * storing a seq twice is an error.
   */
  appendEvents(sessionId: string, events: StoredEvent[]): void;
  /** The highest seq stored for the session, 0 when none. */
  lastSeq(sessionId: string): number;
  /** The session's events with seq > afterSeq, in order; empty when the session is not the user's. */
  eventsAfter(userId: string, sessionId: string, afterSeq: number): StoredEvent[];
  appendMessages(sessionId: string, messages: ChatMessage[]): void;
  /** The conversation as the model sees it, in order. */
  messages(sessionId: string): ChatMessage[];
  saveApproval(record: ApprovalRecord): void;
  approvals(userId: string, sessionId: string): ApprovalRecord[];
  close(): void;
}
