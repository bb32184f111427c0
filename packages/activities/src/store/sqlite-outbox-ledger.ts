import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { OutboxClaim, OutboxClaimRequest, OutboxEntry, OutboxLedger, OutboxStatus } from './outbox-ledger';
import { outcomeOf } from './outbox-ledger';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox_ledger (
  message_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
  transport TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  location TEXT,
  response TEXT,
  claimed_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_ledger_by_thread ON outbox_ledger (thread_id);
`;

/** A ledger row as stored (SQLite and PostgreSQL use the same columns). */
export interface LedgerRow {
  message_id: string;
  thread_id: string;
  fingerprint: string;
  status: OutboxStatus;
  transport: string;
  attempts: number;
  location: string | null;
  response: string | null;
  claimed_at: string | Date;
  sent_at: string | Date | null;
}

/** @internal shared by both implementations. */
export function entryOf(row: LedgerRow): OutboxEntry {
  const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);
  const entry: OutboxEntry = {
    messageId: row.message_id,
    threadId: row.thread_id,
    fingerprint: row.fingerprint,
    status: row.status,
    transport: row.transport,
    attempts: Number(row.attempts),
    claimedAt: iso(row.claimed_at),
  };
  if (row.location !== null) entry.location = row.location;
  if (row.response !== null) entry.response = row.response;
  if (row.sent_at !== null) entry.sentAt = iso(row.sent_at);
  return entry;
}

/**
 * The outbox ledger in a SQLite file (`:memory:` for tests), created when missing. WAL mode and
 * a busy timeout let several worker processes share one file; claims run in `BEGIN IMMEDIATE`
 * transactions, so two processes never both see `new`. Writes are `synchronous = FULL`: a `sent`
 * record survives a power cut, not only a process crash.
 * @example
 * const ledger = openSqliteOutboxLedger('.data/orchestrator.sqlite');
 */
export function openSqliteOutboxLedger(filename: string): OutboxLedger {
  const db = openSqliteDatabase(filename, { setup: (d) => d.exec(SCHEMA), synchronous: 'FULL' });

  const select = db.prepare<[string], LedgerRow>('SELECT * FROM outbox_ledger WHERE message_id = ?');
  const insert = db.prepare<[Record<string, unknown>]>(`
    INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at)
    VALUES (@messageId, @threadId, @fingerprint, 'sending', @transport, @at)`);
  const bump = db.prepare<[string]>('UPDATE outbox_ledger SET attempts = attempts + 1 WHERE message_id = ?');
  const sent = db.prepare<[Record<string, unknown>]>(`
    UPDATE outbox_ledger SET status = 'sent', location = @location, response = @response, sent_at = @at
    WHERE message_id = @messageId`);

  const claim = db.transaction((request: OutboxClaimRequest, at: string): OutboxClaim => {
    const existing = select.get(request.messageId);
    if (existing) {
      bump.run(request.messageId);
      return outcomeOf(entryOf({ ...existing, attempts: existing.attempts + 1 }), request.fingerprint, false);
    }
    insert.run({ ...request, at });
    return outcomeOf(entryOf(select.get(request.messageId) as LedgerRow), request.fingerprint, true);
  });

  return {
    kind: 'sqlite',
    async claim(request, at) {
      return claim.immediate(request, at.toISOString());
    },
    async markSent(messageId, receipt, at) {
      const { changes } = sent.run({ messageId, ...receipt, at: at.toISOString() });
      if (changes !== 1) throw new Error(`outbox ledger has no claim for ${messageId}`);
    },
    async get(messageId) {
      const row = select.get(messageId);
      return row ? entryOf(row) : undefined;
    },
    async list(threadId) {
      const rows = (
        threadId
          ? db.prepare('SELECT * FROM outbox_ledger WHERE thread_id = ? ORDER BY claimed_at, rowid').all(threadId)
          : db.prepare('SELECT * FROM outbox_ledger ORDER BY claimed_at, rowid').all()
      ) as LedgerRow[];
      return rows.map(entryOf);
    },
    async close() {
      db.close();
    },
  };
}
