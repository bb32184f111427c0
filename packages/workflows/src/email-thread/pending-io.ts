import type { EmailMessage } from '@org/orchestrator-contracts';
import { condition, allHandlersFinished } from '@temporalio/workflow';
import { findHandledMessages, jsonBytes, loadStashedMessages, queuedMessage, stashMessages, THREAD_BOUNDS } from '@org/orchestrator-thread-kit';
import type { ThreadBook } from '@org/orchestrator-thread-kit';

/**
 * Takes the next message to handle, doing first what the front of the queue needs: loading its
 * stash, and checking ids the seen window no longer holds against the ledger (a batch of up to
 * `THREAD_BOUNDS.ledgerLookupBatch` per call, only when the window has dropped ids). Redeliveries
 * found out are skipped and counted. `undefined` when nothing is pending. Both activities only
 * read, so retries and replays are harmless; their answers are in the history.
 */
export async function takeNextMessage(book: ThreadBook): Promise<EmailMessage | undefined> {
  if (!book.bounded) return book.takeNext();
  for (;;) {
    const work = book.frontWork();
    if (work?.kind === 'load') {
      const { entries } = await loadStashedMessages({ threadId: book.threadId, id: work.stash.id });
      book.loadedStash(entries);
      continue;
    }
    if (work?.kind === 'check') {
      const ids = [...new Set(work.entries.filter((e) => e.check).map((e) => e.message.messageId))];
      const { handled } = await findHandledMessages({ threadId: book.threadId, messageIds: ids });
      book.checked(work.entries, handled);
      continue;
    }
    const message = book.takeNext();
    if (message || !book.hasPending) return message;
  }
}

/**
 * Before continue-as-new: stashes the pending messages beyond the inline budget (in groups of at
 * most `THREAD_BOUNDS.stashChunkBytes`, in parallel) and a big suspended message. Messages that
 * arrive while stashing are carried inline unless the carried input would pass the payload
 * budget, then they are stashed too. Nothing accepted is ever dropped: every message is carried
 * inline or by reference, so the carried input grows per stash *group*, not per message.
 *
 * Stashing only once before trying matters under a flood of signals: a continue-as-new that
 * loses the race against a new signal fails its task (UnhandledCommand), and the server then
 * refuses signals (RESOURCE_EXHAUSTED, retried by clients) while the retried task runs. That
 * retry must continue as new at once, not start another stash, or the flood goes on forever.
 */
export async function stashForContinueAsNew(book: ThreadBook): Promise<void> {
  const queue = book.pendingQueue;
  let budget = THREAD_BOUNDS.inlinePendingBytes;
  for (;;) {
    await condition(allHandlersFinished);
    if (book.suspendedMessageBytes > THREAD_BOUNDS.suspendedInlineBytes) {
      const message = book.suspended?.message as EmailMessage;
      book.stashedSuspended(await stashMessages({ threadId: book.threadId, entries: [{ message }] }));
      continue;
    }
    if (queue.tailBytes <= budget) return;
    if (budget > THREAD_BOUNDS.inlinePendingBytes && jsonBytes(book.carry()) <= THREAD_BOUNDS.payloadBudgetBytes) return;
    const groups = queue.takeTail(THREAD_BOUNDS.stashChunkBytes);
    const refs = await Promise.all(groups.map((group) => stashMessages({ threadId: book.threadId, entries: group.map(queuedMessage) })));
    queue.stashedTail(refs);
    // What arrived meanwhile may stay inline while the whole input fits the budget.
    budget = THREAD_BOUNDS.payloadBudgetBytes;
  }
}

/** At the start of a run resuming a suspended handling: its message, loaded from its stash if it was stashed. */
export async function loadSuspendedMessage(book: ThreadBook): Promise<void> {
  const stashed = book.suspended?.stashed;
  if (!stashed) return;
  const { entries } = await loadStashedMessages({ threadId: book.threadId, id: stashed.id });
  const message = entries[0]?.message;
  if (!message) throw new Error(`stash ${stashed.id} of the suspended handling is empty`);
  book.loadedSuspended(message);
}
