import type { OutboxEntry, OutboxStatus } from './outbox-ledger';

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
  /** Lease columns: added by a migration, so absent (`undefined`) in no row read after opening. */
  lease_owner: string | null;
  lease_expires_at: string | Date | null;
}

/**
 * The lease columns, added to tables created before leases existed (both implementations add
 * them when missing; rows from then have no lease, so the next claim takes them over at once).
 */
export const LEASE_COLUMNS = ['lease_owner', 'lease_expires_at'] as const;

const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);

/** The entry a row describes. @internal shared by both implementations. */
export function entryOf(row: LedgerRow): OutboxEntry {
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
  if (row.lease_owner !== null && row.lease_expires_at !== null) entry.lease = { owner: row.lease_owner, expiresAt: iso(row.lease_expires_at) };
  return entry;
}
