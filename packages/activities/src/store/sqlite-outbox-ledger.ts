import { migrateSqlite } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { OutboxClaim, OutboxClaimRequest, OutboxLedger } from './outbox-ledger';
import { leaseIsTakeable, outcomeOf } from './outbox-ledger';
import { checkClaimRequest, checkLeaseMs, checkLedgerText, storableReceipt } from './outbox-input';
import type { LedgerRow } from './outbox-ledger-row';
import { entryOf } from './outbox-ledger-row';
import { OUTBOX_LEDGER_SCHEMA } from './outbox-ledger-schema';

/** ISO 8601 in UTC, fixed width: such strings compare in time order, which the lease checks rely on. */
const isoAfter = (at: Date, ms: number) => new Date(at.getTime() + ms).toISOString();

/**
 * The outbox ledger in a SQLite file (`:memory:` for tests), its table created or migrated by
 * {@link OUTBOX_LEDGER_SCHEMA} (a file from before leases gets the lease columns). WAL mode and
 * a busy timeout let several worker processes share one file; claims run in `BEGIN IMMEDIATE` transactions, so two processes never
 * both see `new` or both take a lease. Writes are `synchronous = FULL`: a `sent` record survives a
 * power cut, not only a process crash.
 * @example
 * const ledger = openSqliteOutboxLedger('.data/orchestrator.sqlite');
 */
export function openSqliteOutboxLedger(filename: string): OutboxLedger {
  const db = openSqliteDatabase(filename, { setup: (d) => migrateSqlite(d, [OUTBOX_LEDGER_SCHEMA]), synchronous: 'FULL' });

  const select = db.prepare<[string], LedgerRow>('SELECT * FROM outbox_ledger WHERE message_id = ?');
  const insert = db.prepare<[Record<string, unknown>]>(`
    INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at, lease_owner, lease_expires_at)
    VALUES (@messageId, @threadId, @fingerprint, 'sending', @transport, @at, @owner, @expiresAt)`);
  const bump = db.prepare<[string]>('UPDATE outbox_ledger SET attempts = attempts + 1 WHERE message_id = ?');
  const lease = db.prepare<[Record<string, unknown>]>(
    'UPDATE outbox_ledger SET lease_owner = @owner, lease_expires_at = @expiresAt WHERE message_id = @messageId',
  );
  const renew = db.prepare<[Record<string, unknown>]>(`
    UPDATE outbox_ledger SET lease_expires_at = @expiresAt
    WHERE message_id = @messageId AND status = 'sending' AND lease_owner = @owner`);
  const release = db.prepare<[Record<string, unknown>]>(`
    UPDATE outbox_ledger SET lease_owner = NULL, lease_expires_at = NULL
    WHERE message_id = @messageId AND status = 'sending' AND lease_owner = @owner`);
  const sent = db.prepare<[Record<string, unknown>]>(`
    UPDATE outbox_ledger SET status = 'sent', location = @location, response = @response, sent_at = @at,
      lease_owner = NULL, lease_expires_at = NULL
    WHERE message_id = @messageId`);

  const claim = db.transaction((request: OutboxClaimRequest, at: Date, countAttempt: boolean): OutboxClaim => {
    const expiresAt = isoAfter(at, request.leaseMs);
    const existing = select.get(request.messageId);
    if (!existing) {
      insert.run({ ...request, at: at.toISOString(), expiresAt });
      return outcomeOf(entryOf(select.get(request.messageId) as LedgerRow), request, true);
    }
    if (countAttempt) bump.run(request.messageId);
    const before = entryOf(existing);
    // The same rule as the PostgreSQL statement: see `outcomeOf`.
    if (before.status === 'sending' && before.fingerprint === request.fingerprint && leaseIsTakeable(before.lease, request.owner, at)) {
      lease.run({ messageId: request.messageId, owner: request.owner, expiresAt });
    }
    return outcomeOf(entryOf(select.get(request.messageId) as LedgerRow), request, false);
  });

  return {
    kind: 'sqlite',
    async claim(request, at, options = {}) {
      checkClaimRequest(request);
      return claim.immediate(request, at, options.countAttempt ?? true);
    },
    async renewLease(messageId, owner, at, leaseMs) {
      checkLedgerText('messageId', messageId);
      checkLeaseMs(leaseMs);
      return renew.run({ messageId, owner, expiresAt: isoAfter(at, leaseMs) }).changes === 1;
    },
    async releaseLease(messageId, owner) {
      checkLedgerText('messageId', messageId);
      release.run({ messageId, owner });
    },
    async markSent(messageId, receipt, at) {
      checkLedgerText('messageId', messageId);
      const { changes } = sent.run({ messageId, ...storableReceipt(receipt), at: at.toISOString() });
      if (changes !== 1) throw new Error(`outbox ledger has no claim for ${messageId}`);
    },
    async get(messageId) {
      checkLedgerText('messageId', messageId);
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
