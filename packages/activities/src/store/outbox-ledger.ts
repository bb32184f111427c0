/**
 * Where one outbound message is: `sending` is recorded just before the transport is called,
 * `sent` right after it accepted the message.
 */
export type OutboxStatus = 'sending' | 'sent';

/** Who may call the transport for a `sending` message, and until when (unless renewed). */
export interface OutboxLease {
  /** The attempt holding it (unique per activity attempt, see `sendEmail`). */
  owner: string;
  /** ISO 8601; after this instant another attempt may take the message over. */
  expiresAt: string;
}

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
  /** Present while an attempt holds the `sending` message; cleared by `sent` and by a release. */
  lease?: OutboxLease;
}

/**
 * What {@link OutboxLedger.claim} found (`new` and `taken-over` mean the caller now holds the lease):
 * - `new`: first claim; the caller sends;
 * - `sent`: an earlier attempt sent it; the caller must not send again;
 * - `taken-over`: an earlier attempt recorded `sending` but not `sent`, and its lease was released
 *   (it failed) or has expired (it crashed or stalled); the caller decides with the transport
 *   whether to send again (see `sendEmail`);
 * - `leased`: another attempt holds a live lease and may be sending right now; the caller must not
 *   send, only wait and claim again (`entry.lease` says who and until when);
 * - `conflict`: the id was claimed for a different message (fingerprint differs): a bug upstream.
 */
export type OutboxClaim =
  | { outcome: 'new'; entry: OutboxEntry }
  | { outcome: 'sent'; entry: OutboxEntry }
  | { outcome: 'taken-over'; entry: OutboxEntry }
  | { outcome: 'leased'; entry: OutboxEntry }
  | { outcome: 'conflict'; entry: OutboxEntry };

/** What {@link OutboxLedger.claim} records. */
export interface OutboxClaimRequest {
  messageId: string;
  threadId: string;
  fingerprint: string;
  transport: string;
  /** The claiming attempt: unique per attempt, so two attempts never both hold the lease. */
  owner: string;
  /** How long the lease lasts unless renewed, in milliseconds. */
  leaseMs: number;
}

/** Options of {@link OutboxLedger.claim}. */
export interface OutboxClaimOptions {
  /** Count this claim in `attempts`. Default true; an attempt polling a `leased` message passes false. */
  countAttempt?: boolean;
}

/**
 * The outbox ledger: a durable record, shared by every worker process, of which outbound
 * messages were sent. It is what makes `sendEmail` idempotent across activity retries and worker
 * crashes: an attempt claims the Message-ID (`sending`, with a lease), calls the transport while
 * renewing the lease, then records `sent`; a retry that finds `sent` skips the transport, one that
 * finds a live lease waits, one that finds an expired lease takes over.
 *
 * Lease times are the callers' clocks (the `at` arguments): workers sharing a ledger need clocks
 * synchronised (NTP) to well within a lease.
 *
 * Implementations: SQLite ({@link openSqliteOutboxLedger}, the default) and PostgreSQL
 * ({@link openPostgresOutboxLedger}); {@link openOutboxLedger} picks one from a URL.
 */
export interface OutboxLedger {
  /**
   * Atomically records the claim (or counts another attempt), takes the lease if it is free,
   * expired or already the caller's, and reports what was there.
   * @throws {OutboxInputError} for an id or field with control characters (never stored).
   */
  claim(request: OutboxClaimRequest, at: Date, options?: OutboxClaimOptions): Promise<OutboxClaim>;
  /**
   * Extends the caller's lease to `at + leaseMs`. False when the caller no longer holds it (it
   * expired and another attempt took over, or the message is already `sent`).
   */
  renewLease(messageId: string, owner: string, at: Date, leaseMs: number): Promise<boolean>;
  /** Gives the caller's lease up (its attempt failed), so a retry need not wait for it to expire. */
  releaseLease(messageId: string, owner: string): Promise<void>;
  /** Records that the transport accepted the message, and clears the lease. */
  markSent(messageId: string, receipt: { location: string; response: string }, at: Date): Promise<void>;
  get(messageId: string): Promise<OutboxEntry | undefined>;
  /** Every entry, oldest first (or those of one thread): for inspection and tests. */
  list(threadId?: string): Promise<OutboxEntry[]>;
  close(): Promise<void>;
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
}

/**
 * The claim outcome for a row after the claim's write. Both implementations take the lease in
 * that write exactly when the row is `sending`, has the request's fingerprint, and its lease is
 * free, expired or the caller's; so holding the lease afterwards means the caller got it.
 */
export function outcomeOf(entry: OutboxEntry, request: OutboxClaimRequest, inserted: boolean): OutboxClaim {
  if (inserted) return { outcome: 'new', entry };
  if (entry.fingerprint !== request.fingerprint) return { outcome: 'conflict', entry };
  if (entry.status === 'sent') return { outcome: 'sent', entry };
  return entry.lease?.owner === request.owner ? { outcome: 'taken-over', entry } : { outcome: 'leased', entry };
}

/** Whether a `sending` row's lease may be taken by `owner` at `at`. */
export function leaseIsTakeable(lease: OutboxLease | undefined, owner: string, at: Date): boolean {
  return !lease || lease.owner === owner || Date.parse(lease.expiresAt) <= at.getTime();
}
