import pg from 'pg';
import type { OutboxLedger } from './outbox-ledger';
import { outcomeOf } from './outbox-ledger';
import type { LedgerRow } from './sqlite-outbox-ledger';
import { entryOf } from './sqlite-outbox-ledger';

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
  claimed_at TIMESTAMPTZ NOT NULL,
  sent_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS outbox_ledger_by_thread ON outbox_ledger (thread_id);
`;

/** Arbitrary constant: serialises concurrent schema creation by several workers. */
const SCHEMA_LOCK = 727_001;

/** Options of {@link openPostgresOutboxLedger}. */
export interface PostgresOutboxLedgerOptions {
  /** Pool size per worker process. Default 4. */
  max?: number;
}

/**
 * The outbox ledger in PostgreSQL (`postgres://user:pass@host:5432/db`), table `outbox_ledger`
 * created on first use. A claim is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement,
 * atomic across any number of workers.
 * @example
 * const ledger = await openPostgresOutboxLedger(process.env.OUTBOX_DATABASE_URL!);
 */
export async function openPostgresOutboxLedger(url: string, options: PostgresOutboxLedgerOptions = {}): Promise<OutboxLedger> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    await pool.end();
    throw error;
  }
  client.release();

  return {
    kind: 'postgres',
    async claim(request, at) {
      // xmax = 0 only on a freshly inserted row: tells a first claim from a repeat in one statement.
      const { rows } = await pool.query<LedgerRow & { inserted: boolean }>(
        `INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at)
         VALUES ($1, $2, $3, 'sending', $4, $5)
         ON CONFLICT (message_id) DO UPDATE SET attempts = outbox_ledger.attempts + 1
         RETURNING *, (xmax = 0) AS inserted`,
        [request.messageId, request.threadId, request.fingerprint, request.transport, at],
      );
      const row = rows[0] as LedgerRow & { inserted: boolean };
      return outcomeOf(entryOf(row), request.fingerprint, row.inserted);
    },
    async markSent(messageId, receipt, at) {
      const { rowCount } = await pool.query(
        `UPDATE outbox_ledger SET status = 'sent', location = $2, response = $3, sent_at = $4 WHERE message_id = $1`,
        [messageId, receipt.location, receipt.response, at],
      );
      if (rowCount !== 1) throw new Error(`outbox ledger has no claim for ${messageId}`);
    },
    async get(messageId) {
      const { rows } = await pool.query<LedgerRow>('SELECT * FROM outbox_ledger WHERE message_id = $1', [messageId]);
      return rows[0] ? entryOf(rows[0]) : undefined;
    },
    async list(threadId) {
      const { rows } = threadId
        ? await pool.query<LedgerRow>('SELECT * FROM outbox_ledger WHERE thread_id = $1 ORDER BY claimed_at, message_id', [threadId])
        : await pool.query<LedgerRow>('SELECT * FROM outbox_ledger ORDER BY claimed_at, message_id');
      return rows.map(entryOf);
    },
    async close() {
      await pool.end();
    },
  };
}
