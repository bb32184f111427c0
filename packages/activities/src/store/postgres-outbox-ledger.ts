import { migratePostgres } from '@org/orchestrator-postgres';
import pg from 'pg';
import type { OutboxLedger } from './outbox-ledger';
import { outcomeOf } from './outbox-ledger';
import { checkClaimRequest, checkLeaseMs, checkLedgerText, storableReceipt } from './outbox-input';
import type { LedgerRow } from './outbox-ledger-row';
import { entryOf } from './outbox-ledger-row';
import { OUTBOX_LEDGER_SCHEMA } from './outbox-ledger-schema';

/** When a claim takes the lease: the same rule as `leaseIsTakeable`, for a `sending` row of the same message. */
const TAKEABLE = `outbox_ledger.status = 'sending' AND outbox_ledger.fingerprint = EXCLUDED.fingerprint
  AND (outbox_ledger.lease_owner IS NULL OR outbox_ledger.lease_expires_at IS NULL
       OR outbox_ledger.lease_owner = EXCLUDED.lease_owner OR outbox_ledger.lease_expires_at <= EXCLUDED.claimed_at)`;

/** One claim in one statement: insert, or count the attempt and take the lease if it may. xmax = 0 only on a freshly inserted row. */
const CLAIM = `
INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at, lease_owner, lease_expires_at)
VALUES ($1, $2, $3, 'sending', $4, $5, $6, $7)
ON CONFLICT (message_id) DO UPDATE SET
  attempts = outbox_ledger.attempts + $8,
  lease_owner = CASE WHEN ${TAKEABLE} THEN EXCLUDED.lease_owner ELSE outbox_ledger.lease_owner END,
  lease_expires_at = CASE WHEN ${TAKEABLE} THEN EXCLUDED.lease_expires_at ELSE outbox_ledger.lease_expires_at END
RETURNING *, (xmax = 0) AS inserted`;

/** Options of {@link openPostgresOutboxLedger}. */
export interface PostgresOutboxLedgerOptions {
  /** Pool size per worker process. Default 4. */
  max?: number;
  /**
   * Called when an idle pooled connection fails (the server restarted, a failover, an idle
   * timeout, `pg_terminate_backend`). The pool has already dropped it and connects anew on next
   * use. Default: a process warning (`OUTBOX_LEDGER_IDLE_ERROR`).
   */
  onIdleError?: (error: Error) => void;
}

/** The name the ledger's connections show in `pg_stat_activity` (a URL's `application_name` wins). */
export const OUTBOX_LEDGER_APPLICATION_NAME = 'orchestrator-outbox-ledger';

function warnIdleError(error: Error): void {
  process.emitWarning(`outbox ledger: an idle PostgreSQL connection failed and was dropped (${error.message}); the pool reconnects on next use`, {
    code: 'OUTBOX_LEDGER_IDLE_ERROR',
  });
}

/**
 * The outbox ledger in PostgreSQL (`postgres://user:pass@host:5432/db`), table `outbox_ledger`
 * created or migrated on open by {@link OUTBOX_LEDGER_SCHEMA} (Kysely's migrator, advisory lock;
 * a table the ledger created itself before, with or without the lease columns, is adopted). A claim
 * is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic across any number of workers.
 * @example
 * const ledger = await openPostgresOutboxLedger(process.env.OUTBOX_DATABASE_URL!);
 */
export async function openPostgresOutboxLedger(url: string, options: PostgresOutboxLedgerOptions = {}): Promise<OutboxLedger> {
  // The ledger may have a database of its own (OUTBOX_DATABASE_URL): it migrates its table itself.
  await migratePostgres(url, [OUTBOX_LEDGER_SCHEMA]);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, application_name: OUTBOX_LEDGER_APPLICATION_NAME });
  // Without a listener, an idle client's error is an unhandled 'error' event: it would crash the worker.
  pool.on('error', options.onIdleError ?? warnIdleError);

  return {
    kind: 'postgres',
    async claim(request, at, claimOptions = {}) {
      checkClaimRequest(request);
      const expiresAt = new Date(at.getTime() + request.leaseMs);
      const countAttempt = claimOptions.countAttempt ?? true;
      const { rows } = await pool.query<LedgerRow & { inserted: boolean }>(CLAIM, [
        request.messageId,
        request.threadId,
        request.fingerprint,
        request.transport,
        at,
        request.owner,
        expiresAt,
        countAttempt ? 1 : 0,
      ]);
      const row = rows[0] as LedgerRow & { inserted: boolean };
      return outcomeOf(entryOf(row), request, row.inserted);
    },
    async renewLease(messageId, owner, at, leaseMs) {
      checkLedgerText('messageId', messageId);
      checkLeaseMs(leaseMs);
      const { rowCount } = await pool.query(
        `UPDATE outbox_ledger SET lease_expires_at = $3 WHERE message_id = $1 AND status = 'sending' AND lease_owner = $2`,
        [messageId, owner, new Date(at.getTime() + leaseMs)],
      );
      return rowCount === 1;
    },
    async releaseLease(messageId, owner) {
      checkLedgerText('messageId', messageId);
      await pool.query(
        `UPDATE outbox_ledger SET lease_owner = NULL, lease_expires_at = NULL WHERE message_id = $1 AND status = 'sending' AND lease_owner = $2`,
        [messageId, owner],
      );
    },
    async markSent(messageId, receipt, at) {
      checkLedgerText('messageId', messageId);
      const { location, response } = storableReceipt(receipt);
      const { rowCount } = await pool.query(
        `UPDATE outbox_ledger SET status = 'sent', location = $2, response = $3, sent_at = $4, lease_owner = NULL, lease_expires_at = NULL
         WHERE message_id = $1`,
        [messageId, location, response, at],
      );
      if (rowCount !== 1) throw new Error(`outbox ledger has no claim for ${messageId}`);
    },
    async get(messageId) {
      checkLedgerText('messageId', messageId);
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
