import { log, setHandler } from '@temporalio/workflow';
import { newMessageSignal, threadStateQuery } from '@org/orchestrator-contracts';
import { nowIso } from '../now';
import type { ThreadBook } from './thread-book';

/**
 * What every workflow that owns an email thread answers: `NEW_MESSAGE` (validated, de-duplicated
 * by message id, queued in arrival order) and the `threadState` query. The thread workflow and
 * the RFQ child (whose thread is the RFQ email's) both use it.
 */
export function setBookHandlers(book: ThreadBook): void {
  setHandler(newMessageSignal, (raw: unknown) => {
    const { result, issues, messageId } = book.accept(raw, nowIso());
    if (result === 'rejected') log.warn('Rejected NEW_MESSAGE payload', { threadId: book.threadId, messageId, issues });
    else if (result === 'duplicate') log.info('Ignored duplicate message', { threadId: book.threadId, messageId });
  });
  setHandler(threadStateQuery, () => book.state());
}
