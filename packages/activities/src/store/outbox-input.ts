import { OrchestratorError, controlCharacterReason, firstControlCharacter } from '@org/orchestrator-contracts';
import type { OutboxClaimRequest } from './outbox-ledger';

/**
 * A ledger input the ledger refuses to store: an id with a control character (PostgreSQL refuses
 * NUL in text, so storing it would fail the same way on every retry) or an unusable lease length.
 */
export class OutboxInputError extends OrchestratorError {
  override readonly name = 'OutboxInputError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('OutboxInputInvalid', `outbox ledger: ${field} ${reason}`);
  }
}

/** Throws {@link OutboxInputError} unless `value` is a non-empty string without control characters. */
export function checkLedgerText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) throw new OutboxInputError(field, 'must be a non-empty string');
  const found = firstControlCharacter(value);
  if (found) throw new OutboxInputError(field, controlCharacterReason(found));
}

/** Checks every field of a claim before it reaches the database. */
export function checkClaimRequest(request: OutboxClaimRequest): void {
  for (const field of ['messageId', 'threadId', 'fingerprint', 'transport', 'owner'] as const) checkLedgerText(field, request[field]);
  checkLeaseMs(request.leaseMs);
}

/** Throws {@link OutboxInputError} unless `leaseMs` is a positive whole number of milliseconds. */
export function checkLeaseMs(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) throw new OutboxInputError('leaseMs', `must be a positive integer (got ${leaseMs})`);
}

/**
 * The transport's receipt with any NUL replaced by U+FFFD: it is informational, comes from a remote
 * server, and must never keep `sent` from being recorded (PostgreSQL refuses NUL in text) after the
 * server took the mail, or the retry would send it again.
 */
export function storableReceipt(receipt: { location: string; response: string }): { location: string; response: string } {
  const clean = (text: string) => text.replaceAll('\0', '\ufffd');
  return { location: clean(receipt.location), response: clean(receipt.response) };
}
