import type { EmailMessageInput } from '@org/orchestrator-contracts';
import type { ThreadIndex } from '@org/orchestrator-email';
import { ThreadIndexInputError, resolveThread } from '@org/orchestrator-email';
import { TransientDeliveryError } from './errors';
import type { IngressLogger, LogFields } from './logger';
import { describeError } from './logger';

/**
 * Places a parsed message in its thread with the thread index (`resolveThread`: the header rule
 * when its root is a known thread, else the nearest ancestor the index knows) and records its
 * Message-ID there, before it is delivered, so a reply naming only this message finds the thread
 * too. The first thread recorded for an inbound id stays: a message reusing a known id is still
 * delivered where its own ancestors say, and logged.
 * @throws {TransientDeliveryError} when the index cannot be read or written now (the sender retries).
 */
export async function placeInThread(message: EmailMessageInput, index: ThreadIndex, logger: IngressLogger, source: LogFields, now: Date): Promise<void> {
  const placement = await unavailableAsTransient(() => resolveThread(index, message));
  if (placement.via === 'index') {
    logger.info('ingress.threaded-by-index', {
      ...source,
      messageId: message.messageId,
      threadId: placement.threadId,
      parent: placement.parent,
      byHeaders: placement.byHeaders,
    });
    message.threadId = placement.threadId;
  }
  try {
    const recorded = await index.record({ messageId: message.messageId, threadId: message.threadId, direction: 'inbound' }, now);
    if (recorded.threadId !== message.threadId) {
      logger.warn('ingress.message-id-reused', { ...source, messageId: message.messageId, threadId: message.threadId, recordedThreadId: recorded.threadId });
    }
  } catch (error) {
    // Parsing already refused such ids; an unrecordable one only loses its index entry.
    if (error instanceof ThreadIndexInputError) {
      logger.warn('ingress.thread-index-refused', { ...source, messageId: message.messageId, error: describeError(error) });
      return;
    }
    throw transient(error);
  }
}

async function unavailableAsTransient<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw transient(error);
  }
}

function transient(error: unknown): TransientDeliveryError {
  return new TransientDeliveryError(`the thread index is not available: ${(error as Error).message}`, { cause: error });
}
