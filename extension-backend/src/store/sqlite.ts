// The conversation store in one SQLite file (node:sqlite, synchronous): sessions, their events for replay, the model's
// message history and the approvals. Every read or change that takes a userId only sees that user's sessions.
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import type { ChatMessage } from '../llm/types';
import type { ApprovalRecord, ConversationStore, SessionRecord, StoredEvent } from './types';

/** How long a write waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;
export const MAX_TITLE_CHARS = 120;
export const DEFAULT_TITLE = 'New conversation';

/** Schema changes in order; the database's user_version counts those applied. Only ever append to this list. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX sessions_by_user_recent ON sessions (user_id, updated_at DESC);
   CREATE TABLE events (
     session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (session_id, seq)
   ) WITHOUT ROWID;
   CREATE TABLE messages (
     session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (session_id, idx)
   ) WITHOUT ROWID;
   CREATE TABLE approvals (
     approval_id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
     requested_at TEXT NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX approvals_by_session ON approvals (session_id, requested_at);`,
  // Search: each session's questions and answers, lower-cased, so a search scans one column. Filled from the events
  // already stored (questions, then the streamed answer tokens, in order).
  `ALTER TABLE sessions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
   UPDATE sessions SET search_text = lower(coalesce((
     SELECT group_concat(piece, '') FROM (
       SELECT CASE type WHEN 'turn_start' THEN char(10) || json_extract(json, '$.text') || char(10) ELSE json_extract(json, '$.text') END AS piece
       FROM events WHERE session_id = sessions.id AND type IN ('turn_start', 'token') ORDER BY seq)), ''));`,
];

/** Opens (creating if needed) the store at `path`, or an in-memory one for `:memory:`. */
export function openSqliteStore(path: string): ConversationStore {
  if (path !== ':memory:') createPrivateFile(path);
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
  try {
    refuseNewerSchema(db, path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    migrate(db);
    return new SqliteConversationStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Conversations are private: only the service's user may read the folder and the file (SQLite gives -wal/-shm the same mode). */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

function schemaVersion(db: DatabaseSync): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

function refuseNewerSchema(db: DatabaseSync, path: string): void {
  const version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new Error(
      `the conversation store ${path} has schema version ${version}, but this version of Drover only knows ` +
        `versions up to ${MIGRATIONS.length}: it was written by a newer Drover`,
    );
  }
}

function migrate(db: DatabaseSync): void {
  for (let version = schemaVersion(db); version < MIGRATIONS.length; version++) {
    inTransaction(db, () => db.exec(`${MIGRATIONS[version]}\nPRAGMA user_version = ${version + 1};`));
  }
}

function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite rolls back by itself after some errors (e.g. a full disk); a second ROLLBACK would hide the cause.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** One line, trimmed and capped (by code points, so no emoji is cut in half). */
function normalizeTitle(title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  return Array.from(oneLine).slice(0, MAX_TITLE_CHARS).join('').trim() || DEFAULT_TITLE;
}

type Row = Record<string, SQLOutputValue>;

function toSession(row: Row): SessionRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    title: String(row.title),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

const parseJson = <T>(row: Row): T => JSON.parse(String(row.json)) as T;

/** A session's columns, without the (large) search text. */
const SESSION = 'id, user_id, title, created_at, updated_at';

function prepareStatements(db: DatabaseSync) {
  return {
    insertSession: db.prepare('INSERT INTO sessions (id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    listSessions: db.prepare(`SELECT ${SESSION} FROM sessions WHERE user_id = ? ORDER BY updated_at DESC, rowid DESC`),
    // instr() is a linear scan; lower(title) folds ASCII only, the search text is folded fully when it is written.
    searchSessions:
      db.prepare(`SELECT ${SESSION} FROM sessions WHERE user_id = ? AND (instr(lower(title), ?) > 0 OR instr(search_text, ?) > 0)
                                ORDER BY updated_at DESC, rowid DESC`),
    addSearchText: db.prepare('UPDATE sessions SET search_text = search_text || ? WHERE id = ?'),
    getSession: db.prepare(`SELECT ${SESSION} FROM sessions WHERE id = ? AND user_id = ?`),
    renameSession: db.prepare('UPDATE sessions SET title = ? WHERE id = ? AND user_id = ?'),
    touchSession: db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?'),
    insertEvent: db.prepare('INSERT INTO events (session_id, seq, type, json) VALUES (?, ?, ?, ?)'),
    lastSeq: db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events WHERE session_id = ?'),
    eventsAfter: db.prepare(`SELECT e.seq, e.json FROM events e JOIN sessions s ON s.id = e.session_id
                             WHERE e.session_id = ? AND s.user_id = ? AND e.seq > ? ORDER BY e.seq`),
    insertMessage: db.prepare('INSERT INTO messages (session_id, idx, json) VALUES (?, ?, ?)'),
    messageCount: db.prepare('SELECT coalesce(max(idx) + 1, 0) AS count FROM messages WHERE session_id = ?'),
    messages: db.prepare('SELECT json FROM messages WHERE session_id = ? ORDER BY idx'),
    // The WHERE keeps an approval in the session it was requested in.
    upsertApproval: db.prepare(`INSERT INTO approvals (approval_id, session_id, requested_at, json) VALUES (?, ?, ?, ?)
                                ON CONFLICT (approval_id) DO UPDATE SET requested_at = excluded.requested_at, json = excluded.json
                                WHERE approvals.session_id = excluded.session_id`),
    approvals: db.prepare(`SELECT a.json FROM approvals a JOIN sessions s ON s.id = a.session_id
                           WHERE a.session_id = ? AND s.user_id = ? ORDER BY a.requested_at, a.rowid`),
  };
}

class SqliteConversationStore implements ConversationStore {
  private readonly sql: ReturnType<typeof prepareStatements>;
  /** Last timestamp handed out: kept strictly rising so sessions used in the same millisecond still list in use order. */
  private lastStampMs = 0;

  constructor(private readonly db: DatabaseSync) {
    this.sql = prepareStatements(db);
  }

  createSession(userId: string, title: string): SessionRecord {
    const now = this.stamp();
    const session = { id: randomUUID(), userId, title: normalizeTitle(title), createdAt: now, updatedAt: now };
    this.sql.insertSession.run(session.id, userId, session.title, now, now);
    return session;
  }

  listSessions(userId: string, query?: string): SessionRecord[] {
    const needle = query?.trim().toLowerCase();
    const rows = needle ? this.sql.searchSessions.all(userId, needle, needle) : this.sql.listSessions.all(userId);
    return rows.map(toSession);
  }

  addSearchText(sessionId: string, text: string): void {
    this.sql.addSearchText.run(text.toLowerCase(), sessionId);
  }

  getSession(userId: string, sessionId: string): SessionRecord | undefined {
    const row = this.sql.getSession.get(sessionId, userId);
    return row && toSession(row);
  }

  renameSession(userId: string, sessionId: string, title: string): boolean {
    return this.sql.renameSession.run(normalizeTitle(title), sessionId, userId).changes > 0;
  }

  touchSession(sessionId: string): void {
    this.sql.touchSession.run(this.stamp(), sessionId);
  }

  deleteSession(userId: string, sessionId: string): boolean {
    return this.sql.deleteSession.run(sessionId, userId).changes > 0;
  }

  appendEvents(sessionId: string, events: StoredEvent[]): void {
    if (events.length === 0) return;
    inTransaction(this.db, () => {
      let last = this.lastSeq(sessionId);
      for (const { seq, ...event } of events) {
        if (!Number.isSafeInteger(seq) || seq <= last) {
          throw new Error(`event seq ${seq} of session ${sessionId} must be an integer greater than ${last} (the last stored)`);
        }
        this.sql.insertEvent.run(sessionId, seq, event.type, JSON.stringify(event));
        last = seq;
      }
    });
  }

  lastSeq(sessionId: string): number {
    return Number(this.sql.lastSeq.get(sessionId)?.seq ?? 0);
  }

  eventsAfter(userId: string, sessionId: string, afterSeq: number): StoredEvent[] {
    return this.sql.eventsAfter.all(sessionId, userId, afterSeq).map((row) => ({ ...parseJson<StoredEvent>(row), seq: Number(row.seq) }));
  }

  appendMessages(sessionId: string, messages: ChatMessage[]): void {
    if (messages.length === 0) return;
    inTransaction(this.db, () => {
      const next = Number(this.sql.messageCount.get(sessionId)?.count ?? 0);
      messages.forEach((message, offset) => this.sql.insertMessage.run(sessionId, next + offset, JSON.stringify(message)));
    });
  }

  messages(sessionId: string): ChatMessage[] {
    return this.sql.messages.all(sessionId).map((row) => parseJson<ChatMessage>(row));
  }

  saveApproval(record: ApprovalRecord): void {
    const { approvalId, sessionId, requestedAt } = record;
    const { changes } = this.sql.upsertApproval.run(approvalId, sessionId, requestedAt, JSON.stringify(record));
    if (changes === 0) throw new Error(`approval ${approvalId} belongs to another session than ${sessionId}`);
  }

  approvals(userId: string, sessionId: string): ApprovalRecord[] {
    return this.sql.approvals.all(sessionId, userId).map((row) => parseJson<ApprovalRecord>(row));
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private stamp(): string {
    this.lastStampMs = Math.max(Date.now(), this.lastStampMs + 1);
    return new Date(this.lastStampMs).toISOString();
  }
}
