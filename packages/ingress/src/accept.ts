import type { BlobStore } from '@org/orchestrator-blob-store';
import type { DeliveryReceipt, ThreadClient } from '@org/orchestrator-contracts/client';
import type { ThreadIndex } from '@org/orchestrator-email';
import { EmailParseError, parseRawEmail } from '@org/orchestrator-email';
import type { EmailMessageInput, MessageAuthentication } from '@org/orchestrator-contracts';
import { BlobStoreFailure, isOutOfMemory, markingFailures } from './local-failures';
import { deliverParsedMessage } from './deliver';
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
  /**
   * Serialized size (UTF-8 JSON bytes) one message is fitted into before it is signalled: bodies go
   * to the blob store, lists are trimmed (recorded in `trimmed`); what still does not fit is
   * quarantined (`payload-too-large`). @default PAYLOAD_LIMITS.signalBudgetBytes (256 KiB)
   */
  signalBudgetBytes?: number;
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

/**
 * The message reached its thread (Temporal accepted it durably) or was kept in quarantine:
 * `stage` says whether it could not be understood (`parse`) or can never be delivered as it is
 * (`delivery`: too large, an id or a field Temporal refuses).
 */
export type AcceptOutcome =
  | { status: 'delivered'; receipt: DeliveryReceipt }
  | { status: 'quarantined'; stage: 'parse' | 'delivery'; reason: string; code: string; entry: QuarantineEntry };

/**
 * Parses a raw message (storing attachment bytes as blobs), delivers it to its thread with
 * signal-with-start and resolves once Temporal accepted it. A message that cannot be understood,
 * or that can never be delivered as it is (a permanent failure: see `classifyDeliveryError`), is
 * kept in quarantine with its reason and reported as `quarantined`, never dropped.
 * @throws {TransientDeliveryError} when Temporal (or the blob store, or the thread index) cannot take it now; nothing
 *   is lost and the caller must have the sender retry.
 */
export async function acceptRawMessage(raw: Buffer, deps: AcceptDependencies, source: QuarantineSource, options: AcceptOptions = {}): Promise<AcceptOutcome> {
  let message: EmailMessageInput;
  const blobStore = markingFailures(deps.blobStore);
  try {
    message = await parseRawEmail(raw, { receivedAt: options.receivedAt ?? new Date(), blobStore });
  } catch (error) {
    if (error instanceof EmailParseError) return quarantine(raw, deps, source, error.message, error.reason, 'parse');
    if (error instanceof BlobStoreFailure || isOutOfMemory(error)) {
      throw new TransientDeliveryError(`cannot store the message's parts: ${(error as Error).message}`, { cause: error });
    }
    // The parser itself failed on these bytes: it will fail the same way on every retry.
    deps.logger.error('ingress.parser-failed', { ...source, error: describeError(error) });
    return quarantine(raw, deps, source, `the message could not be parsed (${(error as Error).name})`, 'parse-failed', 'parse');
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

  const delivery = await deliverParsedMessage(message, { ...deps, deliveryTimeoutMs: deps.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS }, source);
  if (delivery.status === 'refused') return quarantine(raw, deps, source, delivery.reason, delivery.code, 'delivery');
  return delivery;
}

async function quarantine(
  raw: Buffer,
  deps: AcceptDependencies,
  source: QuarantineSource,
  reason: string,
  code: string,
  stage: 'parse' | 'delivery',
): Promise<AcceptOutcome> {
  let entry: QuarantineEntry;
  try {
    entry = await deps.quarantine.keep(raw, reason, source, { code });
  } catch (error) {
    // Not kept, so not accepted either: refuse temporarily rather than lose it.
    throw new TransientDeliveryError(`cannot keep the message in quarantine: ${(error as Error).message}`, {
      cause: error,
    });
  }
  deps.logger.warn('ingress.quarantined', { ...source, stage, reason, code, quarantineId: entry.id, size: raw.length });
  return { status: 'quarantined', stage, reason, code, entry };
}
