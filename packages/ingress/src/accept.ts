import type { BlobStore } from '@org/orchestrator-blob-store';
import { InvalidPayloadError } from '@org/orchestrator-contracts';
import type { DeliveryReceipt, ThreadClient } from '@org/orchestrator-contracts/client';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import type { ThreadIndex } from '@org/orchestrator-email';
import { EmailParseError, parseRawEmail } from '@org/orchestrator-email';
import type { EmailMessageInput, MessageAuthentication } from '@org/orchestrator-contracts';
import type { DnsResolver } from './dns';
import { TransientDeliveryError } from './errors';
import type { IngressLogger } from './logger';
import { describeError } from './logger';
import type { Quarantine, QuarantineEntry, QuarantineSource } from './quarantine';
import { placeInThread } from './threading';

/** Default RPC deadline of one delivery: long enough for a busy server, short enough for an SMTP client. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

/** What both ingress paths need to turn raw bytes into a delivered thread message. */
export interface AcceptDependencies {
  client: ThreadClient;
  /** Task queue of the workers; defaults to the contracts' `DEFAULT_TASK_QUEUE`. */
  taskQueue?: string;
  /** Attachment bytes and oversized bodies go here; only references travel through Temporal. */
  blobStore: BlobStore;
  quarantine: Quarantine;
  logger: IngressLogger;
  /** RPC deadline of the signal-with-start. @default {@link DEFAULT_DELIVERY_TIMEOUT_MS} */
  deliveryTimeoutMs?: number;
  /**
   * DNS for sender authentication (DKIM keys, SPF, DMARC), mailauth's `resolver(name, rrtype)`.
   * @default the system's DNS with a 5 s deadline per query ({@link systemDnsResolver})
   */
  resolver?: DnsResolver;
  /**
   * Which thread each known Message-ID belongs to (shared with the worker, which records what it
   * sends). With it, a reply whose headers name no known root goes to the thread of its nearest
   * known ancestor, and every delivered message is recorded; without it, the header rule alone.
   */
  threadIndex?: ThreadIndex;
}

/** Options of {@link acceptRawMessage}. */
export interface AcceptOptions {
  /** When the message arrived; used when it has no valid `Date`. */
  receivedAt?: Date;
  /**
   * Authenticates the sender of the parsed message; its result becomes `message.authentication`.
   * Without it (or when it fails) the message is delivered unauthenticated.
   */
  authenticate?: (message: EmailMessageInput) => Promise<MessageAuthentication | undefined>;
}

/** The message reached its thread (Temporal accepted it durably) or was kept in quarantine. */
export type AcceptOutcome =
  | { status: 'delivered'; receipt: DeliveryReceipt }
  | { status: 'quarantined'; reason: string; code: string; entry: QuarantineEntry };

/**
 * Parses a raw message (storing attachment bytes as blobs), delivers it to its thread with
 * signal-with-start and resolves once Temporal accepted it. A message that cannot be understood is
 * kept in quarantine with its reason and reported as `quarantined`, never dropped.
 * @throws {TransientDeliveryError} when Temporal (or the blob store, or the thread index) cannot take it now; nothing
 *   is lost and the caller must have the sender retry.
 */
export async function acceptRawMessage(
  raw: Buffer,
  deps: AcceptDependencies,
  source: QuarantineSource,
  options: AcceptOptions = {},
): Promise<AcceptOutcome> {
  let message: EmailMessageInput;
  try {
    message = await parseRawEmail(raw, { receivedAt: options.receivedAt ?? new Date(), blobStore: deps.blobStore });
  } catch (error) {
    if (error instanceof EmailParseError) return quarantine(raw, deps, source, error.message, error.reason);
    throw new TransientDeliveryError(`cannot store the message's parts: ${(error as Error).message}`, { cause: error });
  }

  // Whatever parseRawEmail read, authentication is only ever what the ingress itself decided.
  delete message.authentication;
  if (options.authenticate) {
    try {
      const authentication = await options.authenticate(message);
      if (authentication) message.authentication = authentication;
    } catch (error) {
      deps.logger.warn('ingress.authentication-failed', { ...source, messageId: message.messageId, error: describeError(error) });
    }
  }
  if (message.authentication || message.automated) {
    const { verifiedBy, spf, dkim, dmarc, arc, alignedDomain, relay } = message.authentication ?? {};
    deps.logger.info('ingress.authenticated', {
      ...source,
      messageId: message.messageId,
      verifiedBy,
      spf: spf?.result,
      dkim: dkim?.map((d) => `${d.result}:${d.domain}`),
      dmarc: dmarc?.result,
      arc: arc?.result,
      alignedDomain,
      relay,
      automated: message.automated?.kind,
    });
  }

  if (deps.threadIndex) await placeInThread(message, deps.threadIndex, deps.logger, source, new Date());

  const timeoutMs = deps.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  try {
    const receipt = await deps.client.workflow.withDeadline(Date.now() + timeoutMs, () =>
      deliverEmail(deps.client, message, { taskQueue: deps.taskQueue }),
    );
    return { status: 'delivered', receipt };
  } catch (error) {
    if (error instanceof InvalidPayloadError) return quarantine(raw, deps, source, error.message, 'invalid-message');
    throw new TransientDeliveryError(`Temporal did not accept the message: ${(error as Error).message}`, { cause: error });
  }
}

async function quarantine(
  raw: Buffer,
  deps: AcceptDependencies,
  source: QuarantineSource,
  reason: string,
  code: string,
): Promise<AcceptOutcome> {
  let entry: QuarantineEntry;
  try {
    entry = await deps.quarantine.keep(raw, reason, source, { code });
  } catch (error) {
    // Not kept, so not accepted either: refuse temporarily rather than lose it.
    throw new TransientDeliveryError(`cannot keep an unparseable message in quarantine: ${(error as Error).message}`, {
      cause: error,
    });
  }
  deps.logger.warn('ingress.quarantined', { ...source, reason, code, quarantineId: entry.id, size: raw.length });
  return { status: 'quarantined', reason, code, entry };
}
