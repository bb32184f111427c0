import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { OutboundEmail, OutboundEmailInput } from '@org/orchestrator-contracts';
import { outboundEmailSchema } from '@org/orchestrator-contracts';
import type { MailTransport, ThreadIndex } from '@org/orchestrator-email';
import { ThreadIndexInputError, renderMimeStream } from '@org/orchestrator-email';
import { invalidInput, parseInput } from '../errors';
import type { OutboxClaimRequest, OutboxLedger } from '../store/outbox-ledger';
import { OutboxInputError } from '../store/outbox-input';
import type { SettledClaim } from './outbox-lease';
import { keepLease, leaseOwner, waitForLease } from './outbox-lease';

/** Error type of a Message-ID reused for a different message (never retried: a workflow bug). */
export const OUTBOX_CONFLICT = 'OutboxConflict';

/** What the outbound activities need; passed in, never module-level singletons. */
export interface OutboundDependencies {
  ledger: OutboxLedger;
  transport: MailTransport;
  /** Where attachment bytes are read from; required when emails carry attachments. */
  blobStore?: BlobStore;
  /**
   * Where each sent Message-ID is recorded with its thread (before it is sent), so that the
   * ingress places a reply naming only that id (`In-Reply-To`) in the thread. Without it, replies
   * are threaded by their headers alone.
   */
  threadIndex?: ThreadIndex;
  /** Envelope sender (`MAIL FROM`, where bounces go). Defaults to each email's From address. */
  from?: string;
  /** How often to heartbeat while a message is being sent. Default 5 s. */
  heartbeatMs?: number;
  /**
   * How long an attempt's claim on a message lasts unless renewed (it is renewed every third of
   * this while sending). A crashed attempt's message is taken over this long after its last
   * renewal. Default 30 s.
   */
  leaseMs?: number;
  /**
   * How long an attempt waits for another attempt's live lease before failing with the retryable
   * `OutboxBusy`. Default twice `leaseMs`: longer than a crashed holder's lease can outlive it.
   */
  leaseWaitMs?: number;
  /** How often a waiting attempt looks at the ledger again. Default 1 s. */
  leasePollMs?: number;
  /** Injected for tests; defaults to the system clock. */
  now?: () => Date;
  /**
   * Test hooks at the two points that matter for exactly-once delivery: right after the transport
   * accepted the message (before the ledger says `sent`) and right after the ledger says `sent`
   * (before the activity completes). A crash test kills the worker process in one of them.
   */
  hooks?: {
    afterTransport?(messageId: string): void | Promise<void>;
    afterRecorded?(messageId: string): void | Promise<void>;
  };
}

/** Result of `sendEmail`. */
export interface SendEmailResult {
  messageId: string;
  /** `already-sent`: an earlier attempt had delivered it; nothing was sent this time. */
  status: 'sent' | 'already-sent';
  /** The transport's description (`smtp://host:port`, `file:///dir`), without secrets. */
  transport: string;
  /** The `.eml` path or the SMTP server. */
  location?: string;
}

/** Default of {@link OutboundDependencies.leaseMs}. */
export const DEFAULT_OUTBOX_LEASE_MS = 30_000;

/** SHA-256 of the validated email: the same Message-ID must always carry the same message. */
export function outboundFingerprint(email: OutboundEmail): string {
  const canonical = JSON.stringify(email, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called directly, outside an activity
  }
}

/**
 * Everything the orchestrator sends is automatic mail (RFC 3834): `Auto-Submitted: auto-generated`
 * unless the email says otherwise (replies say `auto-replied`), so auto-responders do not answer it.
 * Added when rendering, not to the ledger's fingerprint: a retry of a send claimed before this
 * default existed still matches its claim.
 */
function automatic(email: OutboundEmail): OutboundEmail {
  const marked = Object.keys(email.headers ?? {}).some((name) => name.toLowerCase() === 'auto-submitted');
  return marked ? email : { ...email, headers: { 'Auto-Submitted': 'auto-generated', ...email.headers } };
}

/**
 * Builds the outbound activities. `sendEmail` delivers an {@link OutboundEmail} once per
 * Message-ID (which the workflow derives deterministically from its id and step):
 *
 * 1. validate (invalid input fails at once: non-retryable `InvalidActivityInput`);
 * 2. claim the Message-ID in the ledger, with a lease owned by this attempt: `sent` already →
 *    return `already-sent`, send nothing; another attempt's live lease → wait for it,
 *    heartbeating, then report its outcome (or fail with the retryable `OutboxBusy` after
 *    `leaseWaitMs`): two attempts never send in parallel;
 * 3. record the Message-ID with its `threadId` in the thread index (when given), before the mail
 *    exists, so no reply to it can arrive before the index knows where it belongs;
 * 4. render the MIME (attachments streamed from the blob store) and hand it to the transport,
 *    heartbeating and renewing the lease meanwhile;
 * 5. record `sent` with the transport's response (which ends the lease), then complete. An attempt
 *    that fails releases its lease, so the retry need not wait for it.
 *
 * At-least-once window: an attempt that crashes between 4 and 5 leaves `sending` with a lease that
 * expires `leaseMs` after its last renewal; the next attempt then takes the message over. The file
 * outbox then checks whether the `.eml` exists (exact). SMTP cannot be asked, so the message is
 * sent again; the window runs from the server having the whole message (it may take a while to
 * answer `250`, RFC 1047) to the ledger write (or an attempt stalled past its lease without renewing
 * it), and the repeat carries the same Message-ID, by which receiving systems and clients deduplicate.
 * @example
 * const outbound = createOutboundActivities({ ledger, transport: createFileOutbox('.data/outbox'), blobStore });
 * await Worker.create({ activities: { ...createActivities({ store }), ...outbound }, ... });
 */
export function createOutboundActivities(deps: OutboundDependencies) {
  const { ledger, transport, blobStore, threadIndex, hooks = {} } = deps;
  const now = deps.now ?? (() => new Date());
  const heartbeatMs = deps.heartbeatMs ?? 5_000;
  const leaseMs = deps.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const leaseWait = { waitMs: deps.leaseWaitMs ?? 2 * leaseMs, pollMs: deps.leasePollMs ?? 1_000, now };

  async function deliver(email: OutboundEmail, owner: string, context: Context | undefined): Promise<{ location: string; response: string }> {
    // A local activity (a short reply sent inline) cannot heartbeat: the core logs every attempt as failed.
    const beating = context && !context.info.isLocal ? context : undefined;
    const beat = beating ? setInterval(() => beating.heartbeat({ messageId: email.messageId, phase: 'sending' }), heartbeatMs) : undefined;
    const stopRenewing = keepLease(ledger, { messageId: email.messageId, owner, leaseMs }, now, context);
    try {
      beating?.heartbeat({ messageId: email.messageId, phase: 'rendering' });
      const raw = await renderMimeStream(automatic(email), blobStore);
      const envelope = { from: deps.from ?? email.from.address, to: [...email.to, ...email.cc].map((a) => a.address) };
      const receipt = await transport.send({ messageId: email.messageId, envelope, raw });
      if (receipt.rejected.length && !receipt.accepted.length) {
        throw ApplicationFailure.create({
          type: 'EmailRejected',
          message: `every recipient of ${email.messageId} was rejected: ${receipt.rejected.join(', ')}`,
          nonRetryable: true,
        });
      }
      return receipt;
    } finally {
      if (beat) clearInterval(beat);
      await stopRenewing();
    }
  }

  /** Claims the message for this attempt; a live lease of another attempt is waited out. */
  async function claimFor(request: OutboxClaimRequest, context: Context | undefined): Promise<SettledClaim> {
    try {
      const claim = await ledger.claim(request, now());
      return claim.outcome === 'leased' ? await waitForLease(ledger, request, claim, leaseWait, context) : (claim as SettledClaim);
    } catch (error) {
      // The schema refuses such ids first; this guards ledger inputs that bypass it.
      if (error instanceof OutboxInputError) throw invalidInput('sendEmail', [{ path: error.field, message: error.reason }]);
      throw error;
    }
  }

  /** Records the Message-ID in its thread; a retry records it again, which changes nothing. */
  async function indexThread(email: OutboundEmail): Promise<void> {
    try {
      await threadIndex?.record({ messageId: email.messageId, threadId: email.threadId, direction: 'outbound' }, now());
    } catch (error) {
      // The schema refuses such ids first; this guards inputs that bypass it.
      if (error instanceof ThreadIndexInputError) throw invalidInput('sendEmail', [{ path: error.field, message: error.reason }]);
      throw error;
    }
  }

  return {
    /** Sends one email once per Message-ID (see {@link createOutboundActivities}). */
    async sendEmail(input: OutboundEmailInput): Promise<SendEmailResult> {
      const email: OutboundEmail = parseInput('sendEmail', outboundEmailSchema, input);
      const fingerprint = outboundFingerprint(email);
      const context = activityContext();
      const owner = leaseOwner(context);
      const request = { messageId: email.messageId, threadId: email.threadId, fingerprint, transport: transport.description, owner, leaseMs };
      const claim = await claimFor(request, context);
      const result = (status: SendEmailResult['status'], location?: string): SendEmailResult => ({
        messageId: email.messageId,
        status,
        transport: transport.description,
        ...(location ? { location } : {}),
      });

      if (claim.outcome === 'sent') {
        await indexThread(email); // an attempt before the index existed sent it unrecorded
        return result('already-sent', claim.entry.location);
      }
      if (claim.outcome === 'conflict') {
        throw ApplicationFailure.create({
          type: OUTBOX_CONFLICT,
          message: `${email.messageId} was already used for a different message (thread ${claim.entry.threadId}); message ids must be unique per message`,
          nonRetryable: true,
        });
      }

      // `new` or `taken-over`: this attempt holds the lease until `sent` or its release.
      try {
        await indexThread(email);
        // An earlier attempt stopped between claiming and recording. The file outbox knows exactly.
        if (claim.outcome === 'taken-over' && (await transport.delivered(email.messageId))) {
          await ledger.markSent(email.messageId, { location: transport.description, response: 'found in outbox on retry' }, now());
          return result('already-sent');
        }
        const receipt = await deliver(email, owner, context);
        await hooks.afterTransport?.(email.messageId);
        await ledger.markSent(email.messageId, { location: receipt.location, response: receipt.response }, now());
        await hooks.afterRecorded?.(email.messageId);
        return result('sent', receipt.location);
      } catch (error) {
        // After `sent` this changes nothing; before, it lets the retry go ahead without waiting.
        await ledger.releaseLease(email.messageId, owner).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** The activity interface workflows proxy for outbound mail. */
export type OutboundActivities = ReturnType<typeof createOutboundActivities>;
