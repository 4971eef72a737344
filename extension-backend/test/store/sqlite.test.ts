import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ChatMessage } from '../../src/llm/types';
import { DEFAULT_TITLE, MAX_TITLE_CHARS, openSqliteStore } from '../../src/store/sqlite';
import type { ApprovalRecord, ConversationStore, StoredEvent } from '../../src/store/types';

const ALICE = 'u-alice';
const BOB = 'u-bob';

let dir: string;
let store: ConversationStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-store-'));
  store = openSqliteStore(':memory:');
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function turnEvents(sessionId: string): StoredEvent[] {
  return [
    { type: 'turn_start', sessionId, turnId: 't1', text: 'list pods in shop', direct: false, seq: 1 },
    { type: 'token', turnId: 't1', text: 'Let me look.', seq: 4 },
    {
      type: 'tool_call',
      turnId: 't1',
      callId: 'c1',
      tool: 'k8s_list',
      arguments: { kind: 'pods', namespace: 'shop' },
      readOnly: true,
      command: 'kubectl get pods -n shop',
      seq: 5,
    },
    {
      type: 'tool_result',
      turnId: 't1',
      callId: 'c1',
      tool: 'k8s_list',
      isError: false,
      summary: '2 pods',
      seq: 6,
      structured: {
        kind: 'table',
        resource: 'pods',
        columns: ['NAME'],
        rows: [{ cells: ['web-1'] }, { cells: ['web-2'] }],
        truncated: false,
      },
    },
    { type: 'turn_end', turnId: 't1', reason: 'answered', tokens: { prompt: 120, completion: 30 }, durationMs: 1500, seq: 9 },
  ];
}

function approval(sessionId: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    approvalId: 'a1',
    sessionId,
    turnId: 't1',
    tool: 'k8s_scale',
    arguments: { name: 'web', replicas: 3 },
    command: 'kubectl scale deployment/web --replicas=3 -n shop',
    namespace: 'shop',
    requestedAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  };
}

function countRows(path: string, table: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);
  } finally {
    db.close();
  }
}

describe('sessions', () => {
  it('creates a session with a random id, the creation time and a one-line title', () => {
    const before = Date.now();
    const first = store.createSession(ALICE, '  why is\ncheckout   crashing?  ');
    const second = store.createSession(ALICE, 'another');
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id).not.toBe(first.id);
    expect(first).toEqual({
      id: first.id,
      userId: ALICE,
      title: 'why is checkout crashing?',
      createdAt: first.updatedAt,
      updatedAt: first.updatedAt,
    });
    expect(Date.parse(first.createdAt)).toBeGreaterThanOrEqual(before);
    expect(store.getSession(ALICE, first.id)).toEqual(first);
  });

  it('caps long titles and names untitled sessions', () => {
    const long = store.createSession(ALICE, 'x'.repeat(500));
    expect(long.title).toBe('x'.repeat(MAX_TITLE_CHARS));
    expect(store.createSession(ALICE, '   ').title).toBe(DEFAULT_TITLE);
  });

  it("lists a user's sessions newest first, and a touched session moves to the top", () => {
    const older = store.createSession(ALICE, 'older');
    const middle = store.createSession(ALICE, 'middle');
    const newer = store.createSession(ALICE, 'newer');
    expect(store.listSessions(ALICE).map((s) => s.title)).toEqual(['newer', 'middle', 'older']);

    store.touchSession(older.id);
    expect(store.listSessions(ALICE).map((s) => s.id)).toEqual([older.id, newer.id, middle.id]);
    expect(store.getSession(ALICE, older.id)!.updatedAt > newer.updatedAt).toBe(true);
  });

  it('renames a session with the same title rules', () => {
    const session = store.createSession(ALICE, 'first');
    expect(store.renameSession(ALICE, session.id, '  scaling web\n')).toBe(true);
    expect(store.getSession(ALICE, session.id)!.title).toBe('scaling web');
    expect(store.renameSession(ALICE, 'no-such-session', 'x')).toBe(false);
  });

  it('deletes a session together with its events, messages and approvals', () => {
    const path = join(dir, 'drover.db');
    store.close();
    store = openSqliteStore(path);
    const doomed = store.createSession(ALICE, 'doomed');
    const kept = store.createSession(ALICE, 'kept');
    for (const session of [doomed, kept]) {
      store.appendEvents(session.id, turnEvents(session.id));
      store.appendMessages(session.id, [{ role: 'user', content: 'hi' }]);
      store.saveApproval(approval(session.id, { approvalId: `a-${session.id}` }));
    }

    expect(store.deleteSession(ALICE, doomed.id)).toBe(true);
    expect(store.getSession(ALICE, doomed.id)).toBeUndefined();
    expect(store.listSessions(ALICE).map((s) => s.id)).toEqual([kept.id]);
    expect(store.lastSeq(doomed.id)).toBe(0);
    expect(store.messages(doomed.id)).toEqual([]);
    expect(countRows(path, 'events')).toBe(turnEvents(kept.id).length);
    expect(countRows(path, 'messages')).toBe(1);
    expect(countRows(path, 'approvals')).toBe(1);
    expect(store.deleteSession(ALICE, doomed.id)).toBe(false);
  });
});

describe("another user's session", () => {
  it('is invisible to every method that takes a user', () => {
    const secret = store.createSession(ALICE, 'secret');
    store.appendEvents(secret.id, turnEvents(secret.id));
    store.saveApproval(approval(secret.id));

    expect(store.getSession(BOB, secret.id)).toBeUndefined();
    expect(store.listSessions(BOB)).toEqual([]);
    expect(store.renameSession(BOB, secret.id, 'mine now')).toBe(false);
    expect(store.deleteSession(BOB, secret.id)).toBe(false);
    expect(store.eventsAfter(BOB, secret.id, 0)).toEqual([]);
    expect(store.approvals(BOB, secret.id)).toEqual([]);

    expect(store.getSession(ALICE, secret.id)!.title).toBe('secret');
    expect(store.eventsAfter(ALICE, secret.id, 0)).toHaveLength(turnEvents(secret.id).length);
    expect(store.approvals(ALICE, secret.id)).toHaveLength(1);
  });
});

describe('events', () => {
  it('come back exactly as stored, with their seq, in order', () => {
    const session = store.createSession(ALICE, 'pods');
    const events = turnEvents(session.id);
    store.appendEvents(session.id, events.slice(0, 2));
    store.appendEvents(session.id, events.slice(2));

    expect(store.eventsAfter(ALICE, session.id, 0)).toEqual(events);
    expect(store.eventsAfter(ALICE, session.id, 4)).toEqual(events.slice(2));
    expect(store.eventsAfter(ALICE, session.id, 9)).toEqual([]);
    expect(store.lastSeq(session.id)).toBe(9);
  });

  it('report a last seq of 0 for a session without events', () => {
    expect(store.lastSeq(store.createSession(ALICE, 'empty').id)).toBe(0);
  });

  it('must have rising seqs: a repeated or lower seq is refused and its batch is not stored', () => {
    const session = store.createSession(ALICE, 'pods');
    store.appendEvents(session.id, turnEvents(session.id).slice(0, 2));
    const token = (seq: number): StoredEvent => ({ type: 'token', turnId: 't1', text: `#${seq}`, seq });

    expect(() => store.appendEvents(session.id, [token(4)])).toThrow('event seq 4 of session');
    expect(() => store.appendEvents(session.id, [token(2)])).toThrow('greater than 4');
    expect(() => store.appendEvents(session.id, [token(5), token(7), token(6)])).toThrow('event seq 6');
    expect(store.lastSeq(session.id)).toBe(4);
    expect(store.eventsAfter(ALICE, session.id, 0)).toHaveLength(2);
  });

  it('cannot be stored for a session that does not exist', () => {
    expect(() => store.appendEvents('no-such-session', turnEvents('no-such-session'))).toThrow();
  });
});

describe('messages', () => {
  it('come back in order, with assistant tool calls and tool results', () => {
    const session = store.createSession(ALICE, 'pods');
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'You are Drover.' },
      { role: 'user', content: 'list pods in shop' },
      {
        role: 'assistant',
        content: '',
        thinking: 'I should list pods.',
        toolCalls: [{ id: 'c1', name: 'k8s_list', arguments: { kind: 'pods', namespace: 'shop', labels: { app: 'web' } } }],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'k8s_list', content: 'web-1 Running\nweb-2 Running' },
    ];
    store.appendMessages(session.id, conversation.slice(0, 2));
    store.appendMessages(session.id, conversation.slice(2));
    store.appendMessages(session.id, [{ role: 'assistant', content: 'Both pods run.' }]);

    expect(store.messages(session.id)).toEqual([...conversation, { role: 'assistant', content: 'Both pods run.' }]);
  });
});

describe('approvals', () => {
  it('are saved when requested and updated in place when decided', () => {
    const session = store.createSession(ALICE, 'scale');
    store.saveApproval(approval(session.id));
    expect(store.approvals(ALICE, session.id)).toEqual([approval(session.id)]);

    const decided = approval(session.id, { decision: 'approved', decidedBy: 'user', decidedAt: '2025-05-01T10:00:20.000Z' });
    store.saveApproval(decided);
    store.saveApproval(approval(session.id, { approvalId: 'a2', requestedAt: '2025-05-01T10:05:00.000Z' }));

    expect(store.approvals(ALICE, session.id)).toEqual([
      decided,
      approval(session.id, { approvalId: 'a2', requestedAt: '2025-05-01T10:05:00.000Z' }),
    ]);
  });

  it('stay in the session they were requested in', () => {
    const first = store.createSession(ALICE, 'first');
    const second = store.createSession(ALICE, 'second');
    store.saveApproval(approval(first.id));

    expect(() => store.saveApproval(approval(second.id, { decision: 'denied' }))).toThrow('belongs to another session');
    expect(store.approvals(ALICE, first.id)).toEqual([approval(first.id)]);
    expect(store.approvals(ALICE, second.id)).toEqual([]);
  });
});

describe('the database file', () => {
  it('keeps everything across close and reopen', () => {
    const path = join(dir, 'drover.db');
    const writer = openSqliteStore(path);
    const session = writer.createSession(ALICE, 'pods');
    writer.appendEvents(session.id, turnEvents(session.id));
    writer.appendMessages(session.id, [{ role: 'user', content: 'list pods in shop' }]);
    writer.saveApproval(approval(session.id));
    writer.close();

    const reader = openSqliteStore(path);
    try {
      expect(reader.listSessions(ALICE)).toEqual([session]);
      expect(reader.eventsAfter(ALICE, session.id, 0)).toEqual(turnEvents(session.id));
      expect(reader.messages(session.id)).toEqual([{ role: 'user', content: 'list pods in shop' }]);
      expect(reader.approvals(ALICE, session.id)).toEqual([approval(session.id)]);
    } finally {
      reader.close();
    }
  });

  it('is created private, in private folders, and written ahead (WAL)', () => {
    const path = join(dir, 'state', 'drover', 'conversations.db');
    openSqliteStore(path).close();

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state', 'drover')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    const db = new DatabaseSync(path);
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual(expect.objectContaining({ journal_mode: 'wal' }));
    } finally {
      db.close();
    }
  });

  it('is made private when it already exists with wider permissions', () => {
    const path = join(dir, 'drover.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openSqliteStore(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('is refused when a newer Drover wrote its schema, and left as it was', () => {
    const path = join(dir, 'drover.db');
    const db = new DatabaseSync(path);
    db.exec('PRAGMA user_version = 99');
    db.close();

    expect(() => openSqliteStore(path)).toThrow(/schema version 99.*written by a newer Drover/);
    const check = new DatabaseSync(path);
    try {
      expect(Number(check.prepare('PRAGMA user_version').get()?.user_version)).toBe(99);
      expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
    } finally {
      check.close();
    }
  });
});
