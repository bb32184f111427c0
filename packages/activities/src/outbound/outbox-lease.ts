import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { OutboxClaim, OutboxClaimRequest, OutboxLedger } from '../store/outbox-ledger';

/** Error type of a send that waited in vain for another attempt's live lease; retried by Temporal. */
export const OUTBOX_BUSY = 'OutboxBusy';

/**
 * A lease owner unique to this activity attempt: the attempt, where it runs, and a random part
 * (two attempts, even of the same activity in one process, never share an owner).
 */
export function leaseOwner(context: Context | undefined): string {
  const where = `${hostname()}:${process.pid}`;
  const suffix = randomUUID().slice(0, 8);
  if (!context) return `direct@${where}/${suffix}`;
  const { workflowExecution, activityType, activityId, attempt } = context.info;
  // Informational, and stored: printable ASCII and bounded, whatever the workflow id holds.
  const who = `${workflowExecution?.workflowId ?? activityType}/${activityId}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  return `${who}#${attempt}@${where}/${suffix}`;
}

/** A claim that is not `leased`: what an attempt acts on. */
export type SettledClaim = Exclude<OutboxClaim, { outcome: 'leased' }>;

/** How long to wait and how often to look while another attempt holds the lease. */
export interface LeaseWait {
  /** Give up (retryably) after this long, measured on the monotonic clock. */
  waitMs: number;
  pollMs: number;
  now: () => Date;
}

const pause = (context: Context | undefined, ms: number) =>
  // The activity's sleep ends early (throwing) when the activity is cancelled.
  context ? context.sleep(ms) : new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits while another attempt holds a live lease on the message, heartbeating, and claims again
 * (not counted as a new attempt) until the holder is done (`sent`), gone (its lease released or
 * expired: `taken-over`), or `waitMs` has passed: then it fails with the retryable
 * {@link OUTBOX_BUSY}, having sent nothing. Never returns `leased`.
 */
export async function waitForLease(
  ledger: OutboxLedger,
  request: OutboxClaimRequest,
  leased: OutboxClaim,
  wait: LeaseWait,
  context: Context | undefined,
): Promise<SettledClaim> {
  const deadline = performance.now() + wait.waitMs;
  let claim = leased;
  while (claim.outcome === 'leased') {
    const holder = claim.entry.lease;
    if (performance.now() >= deadline) {
      throw ApplicationFailure.create({
        type: OUTBOX_BUSY,
        message: `${request.messageId} is being sent by another attempt (${holder?.owner}, lease until ${holder?.expiresAt}); waited ${wait.waitMs} ms`,
        nonRetryable: false,
        details: [{ messageId: request.messageId, lease: holder }],
      });
    }
    if (!context?.info.isLocal) context?.heartbeat({ messageId: request.messageId, phase: 'waiting-for-lease', holder });
    await pause(context, wait.pollMs);
    claim = await ledger.claim(request, wait.now(), { countAttempt: false });
  }
  return claim as SettledClaim;
}

/**
 * Renews the caller's lease every third of `leaseMs` until the returned function is called (it
 * waits for a renewal in flight). A renewal that fails or finds the lease lost (this attempt stalled
 * past its lease and another took over: the documented at-least-once window) is logged, not thrown:
 * the send in progress cannot be taken back.
 */
export function keepLease(
  ledger: OutboxLedger,
  lease: { messageId: string; owner: string; leaseMs: number },
  now: () => Date,
  context: Context | undefined,
): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  const renew = () => {
    if (inFlight) return; // a slow database: never stack renewals
    inFlight = ledger
      .renewLease(lease.messageId, lease.owner, now(), lease.leaseMs)
      .then(
        (held) => {
          if (!held) context?.log.warn('outbox lease lost while sending: another attempt may send too', { ...lease });
        },
        (error: unknown) => context?.log.warn('outbox lease renewal failed', { ...lease, error: String(error) }),
      )
      .finally(() => (inFlight = undefined));
  };
  const timer = setInterval(renew, Math.max(1, Math.floor(lease.leaseMs / 3)));
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}
