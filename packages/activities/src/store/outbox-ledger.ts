/**
 * Where one outbound message is: `sending` is recorded just before the transport is called,
 * `sent` right after it accepted the message.
 */
export type OutboxStatus = 'sending' | 'sent';

/** One outbound message in the ledger, keyed by its Message-ID. */
export interface OutboxEntry {
  messageId: string;
  threadId: string;
  /** SHA-256 of the validated outbound email: the same id must always carry the same message. */
  fingerprint: string;
  status: OutboxStatus;
  /** The transport description (`smtp://host:port`, `file:///dir`), without secrets. */
  transport: string;
  /** How many activity attempts claimed this message (> 1 after a retry). */
  attempts: number;
  /** Where the message went: the `.eml` path or the SMTP server. Set with `sent`. */
  location?: string;
  /** The transport's final response, e.g. `250 2.0.0 queued as …`. Set with `sent`. */
  response?: string;
  claimedAt: string;
  sentAt?: string;
}

/**
 * What {@link OutboxLedger.claim} found:
 * - `new`: first claim; the caller sends;
 * - `sent`: an earlier attempt sent it; the caller must not send again;
 * - `in-progress`: an earlier attempt recorded `sending` but not `sent` (it crashed or timed out
 *   around the transport call); the caller decides with the transport (see `sendEmail`);
 * - `conflict`: the id was claimed for a different message (fingerprint differs): a bug upstream.
 */
export type OutboxClaim =
  | { outcome: 'new'; entry: OutboxEntry }
  | { outcome: 'sent'; entry: OutboxEntry }
  | { outcome: 'in-progress'; entry: OutboxEntry }
  | { outcome: 'conflict'; entry: OutboxEntry };

/** What {@link OutboxLedger.claim} records. */
export interface OutboxClaimRequest {
  messageId: string;
  threadId: string;
  fingerprint: string;
  transport: string;
}

/**
 * The outbox ledger: a durable record, shared by every worker process, of which outbound
 * messages were sent. It is what makes `sendEmail` idempotent across activity retries and worker
 * crashes: an attempt claims the Message-ID (`sending`), calls the transport, then records `sent`;
 * a retry that finds `sent` skips the transport.
 *
 * Implementations: SQLite ({@link openSqliteOutboxLedger}, the default) and PostgreSQL
 * ({@link openPostgresOutboxLedger}); {@link openOutboxLedger} picks one from a URL.
 */
export interface OutboxLedger {
  /** Atomically records the claim (or counts another attempt) and reports what was there. */
  claim(request: OutboxClaimRequest, at: Date): Promise<OutboxClaim>;
  /** Records that the transport accepted the message. */
  markSent(messageId: string, receipt: { location: string; response: string }, at: Date): Promise<void>;
  get(messageId: string): Promise<OutboxEntry | undefined>;
  /** Every entry, oldest first (or those of one thread): for inspection and tests. */
  list(threadId?: string): Promise<OutboxEntry[]>;
  close(): Promise<void>;
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
}

/** The claim outcome for an existing row, given the fingerprint of the new request. */
export function outcomeOf(entry: OutboxEntry, fingerprint: string, inserted: boolean): OutboxClaim {
  if (inserted) return { outcome: 'new', entry };
  if (entry.fingerprint !== fingerprint) return { outcome: 'conflict', entry };
  return entry.status === 'sent' ? { outcome: 'sent', entry } : { outcome: 'in-progress', entry };
}
