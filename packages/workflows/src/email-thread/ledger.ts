import type { EmailMessage, MessageOutcome } from '@org/orchestrator-contracts';
import { recordHandledMessage } from '@org/orchestrator-thread-kit';
import type { ThreadBook } from '@org/orchestrator-thread-kit';

/**
 * Records the handling outside Temporal (the idempotent ledger) and returns the outcome. The
 * ledger keeps the sender, subject and arrival too: it is where a long thread's older messages are
 * read (`orchestrator messages`), and what de-duplicates ids older than the thread's window.
 */
export async function recorded(book: ThreadBook, message: EmailMessage, outcome: MessageOutcome): Promise<MessageOutcome> {
  await recordHandledMessage({
    threadId: book.threadId,
    messageId: message.messageId,
    ...outcome,
    from: message.from.address,
    subject: message.subject.slice(0, 200),
    receivedAt: message.receivedAt,
  });
  return outcome;
}
