import type { BlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { InvalidPayloadError, PAYLOAD_LIMITS } from '@org/orchestrator-contracts';
import type { DeliveryReceipt, ThreadClient } from '@org/orchestrator-contracts/client';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import type { PermanentFailureCode } from './delivery-errors';
import { classifyDeliveryError } from './delivery-errors';
import { TransientDeliveryError } from './errors';
import { fitToSignalBudget } from './fit-payload';
import { BlobStoreFailure, isOutOfMemory, markingFailures } from './local-failures';
import type { IngressLogger } from './logger';
import { describeError } from './logger';
import type { QuarantineSource } from './quarantine';

/** What the delivery step needs (a part of `AcceptDependencies`). */
export interface DeliveryDependencies {
  client: ThreadClient;
  taskQueue?: string;
  blobStore: BlobStore;
  logger: IngressLogger;
  /** RPC deadline of the signal-with-start, in ms. */
  deliveryTimeoutMs: number;
  /** Serialized size one `NEW_MESSAGE` is fitted into. @default PAYLOAD_LIMITS.signalBudgetBytes */
  signalBudgetBytes?: number;
}

/** Delivered, or refused for good (to be quarantined by the caller with `code` and `reason`). */
export type DeliveryResult = { status: 'delivered'; receipt: DeliveryReceipt } | { status: 'refused'; code: PermanentFailureCode; reason: string };

/**
 * Fits a parsed message into the signal budget (bodies to the blob store, lists trimmed, see
 * `fitToSignalBudget`) and delivers it with signal-with-start under the RPC deadline. A failure that
 * cannot succeed on retry is returned as `refused` (see `classifyDeliveryError`).
 * @throws {TransientDeliveryError} when Temporal or the blob store cannot take it now.
 */
export async function deliverParsedMessage(message: EmailMessageInput, deps: DeliveryDependencies, source: QuarantineSource): Promise<DeliveryResult> {
  const budget = deps.signalBudgetBytes ?? PAYLOAD_LIMITS.signalBudgetBytes;
  let fitted: Awaited<ReturnType<typeof fitToSignalBudget>>;
  try {
    fitted = await fitToSignalBudget(message, markingFailures(deps.blobStore), budget);
  } catch (error) {
    if (error instanceof InvalidPayloadError) return refused(error);
    if (error instanceof BlobStoreFailure || isOutOfMemory(error)) {
      throw new TransientDeliveryError(`cannot store the message's bodies: ${(error as Error).message}`, { cause: error });
    }
    // Fitting failed on this message: it would fail the same way on every retry.
    deps.logger.error('ingress.fit-failed', { ...source, messageId: message.messageId, error: describeError(error) });
    return { status: 'refused', code: 'fit-failed', reason: `the message could not be prepared for delivery (${(error as Error).name})` };
  }
  if (fitted.stored.length || fitted.trimmed.length) {
    deps.logger.info('ingress.fitted', {
      ...source,
      messageId: fitted.message.messageId,
      originalBytes: fitted.originalBytes,
      bytes: fitted.bytes,
      budgetBytes: budget,
      stored: fitted.stored,
      trimmed: fitted.message.trimmed,
    });
  }

  try {
    const receipt = await deps.client.workflow.withDeadline(Date.now() + deps.deliveryTimeoutMs, () =>
      deliverEmail(deps.client, fitted.message, { taskQueue: deps.taskQueue, maxPayloadBytes: budget }),
    );
    return { status: 'delivered', receipt };
  } catch (error) {
    const failure = classifyDeliveryError(error);
    if (failure.permanent) {
      deps.logger.warn('ingress.refused', { ...source, messageId: fitted.message.messageId, code: failure.code, error: describeError(error) });
      return { status: 'refused', code: failure.code, reason: failure.reason };
    }
    throw new TransientDeliveryError(`Temporal did not accept the message: ${failure.reason}`, { cause: error });
  }
}

function refused(error: unknown): DeliveryResult {
  const failure = classifyDeliveryError(error);
  if (!failure.permanent) throw error;
  return { status: 'refused', code: failure.code, reason: failure.reason };
}
