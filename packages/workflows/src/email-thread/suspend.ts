import { ApplicationFailure, condition, log, workflowInfo } from '@temporalio/workflow';
import type { EmailMessage, MessageOutcome } from '@org/orchestrator-contracts';
import { THREAD_CONTINUING_AS_NEW } from '@org/orchestrator-contracts';
import { loadSuspendedMessage } from './pending-io';
import { THREAD_BOUNDS } from '@org/orchestrator-thread-kit';
import type { ThreadBook } from '@org/orchestrator-thread-kit';

/**
 * The patch marker of bounded state: windows and counters instead of every id and record, pending
 * messages carried by reference, ids older than the window checked against the ledger, failed
 * handlings recorded in the ledger, and continue-as-new also while a flow waits at a resumable
 * point. Runs without it (histories from before) keep the whole book, as before.
 */
export const BOUNDED_STATE_PATCH = 'bounded-state';

/**
 * Thrown by {@link resumableWait} when the thread should continue as new while its flow waits:
 * unwinds the flow's handling, which the next run resumes from the flow's state (`ThreadFlow.resume`).
 * Flow code must let it pass (never catch every error).
 */
export class HandlingSuspended extends Error {
  override readonly name = 'HandlingSuspended';
}

/**
 * Whether this run should end in continue-as-new: Temporal suggests it, or (under bounded state)
 * the run reached its own bounds (`THREAD_BOUNDS.runEvents`, `runMessages`); and the run made
 * progress (it handled messages; under bounded state also accepted some, which grew its history),
 * so a carried state that alone triggers the suggestion cannot loop.
 */
export function continueAsNewDue(book: ThreadBook): boolean {
  const info = workflowInfo();
  if (!book.bounded) return info.continueAsNewSuggested && book.handledThisRun > 0;
  // Messages a retry put back (a few) are handled first: stashing would put them behind others.
  if (book.pendingQueue.hasRequeued) return false;
  const full = info.continueAsNewSuggested || info.historyLength >= THREAD_BOUNDS.runEvents || book.acceptedThisRun >= THREAD_BOUNDS.runMessages;
  return full && (book.handledThisRun > 0 || book.acceptedThisRun > 0);
}

/**
 * Whether this run continues as new now or soon: it is stashing what it carries, or it is due and
 * nothing holds it (no handling, or under bounded state one handling whose flow waits at a
 * resumable point: the only kind of wait an update ends). Update validators refuse then
 * (`THREAD_CONTINUING_AS_NEW`), so no update completes in the task that continues as new.
 */
export function continuingAsNew(book: ThreadBook): boolean {
  if (book.continuing) return true;
  if (!continueAsNewDue(book)) return false;
  return book.inHandling === 0 || (book.bounded && book.inHandling === 1);
}

/** Throws the refusal of an update while {@link continuingAsNew} (called first by every update validator). */
export function refuseWhileContinuing(book: ThreadBook): void {
  if (continuingAsNew(book)) {
    throw ApplicationFailure.create({
      type: THREAD_CONTINUING_AS_NEW,
      message: 'the thread is continuing as new: send the update again (the contracts client does)',
      nonRetryable: true,
    });
  }
}

/** Whether a waiting flow should let the thread continue as new: the run is due, and only the waiting message is being handled. */
export function suspensionDue(book: ThreadBook): boolean {
  return continueAsNewDue(book) && book.inHandling === 1;
}

/**
 * `condition(done, timeoutMs)` at a point the flow can resume from (see `FlowContext.resumableWait`).
 * Under bounded state it throws {@link HandlingSuspended} when the thread should continue as new
 * first; the timers are re-armed by the next run from the deadlines in the flow's state.
 */
export async function resumableWait(book: ThreadBook, done: () => boolean, timeoutMs?: number): Promise<boolean> {
  if (!book.bounded) {
    if (timeoutMs === undefined) {
      await condition(done);
      return true;
    }
    return condition(done, timeoutMs);
  }
  const settled = () => done() || suspensionDue(book);
  let result = true;
  if (timeoutMs === undefined) await condition(settled);
  else result = await condition(settled, timeoutMs);
  if (result && !done()) throw new HandlingSuspended();
  return result;
}

/**
 * Runs one handling; `undefined` if its flow suspended it (the book keeps the message for the next
 * run), else the outcome.
 */
export async function suspendable(book: ThreadBook, message: EmailMessage, handle: () => Promise<MessageOutcome>): Promise<MessageOutcome | undefined> {
  try {
    return await handle();
  } catch (error) {
    if (!(error instanceof HandlingSuspended)) throw error;
    log.info('Handling suspended for continue-as-new', { threadId: book.threadId, messageId: message.messageId, flow: book.flow });
    book.suspend(message);
    return undefined;
  }
}

/**
 * Resumes the handling the previous run suspended with `resume` (the flow's `resume`, recorded and
 * failure-handled like any handling). `false` if it was suspended again (continue as new).
 */
export async function resumeSuspended(book: ThreadBook, resume: (message: EmailMessage) => Promise<MessageOutcome>): Promise<boolean> {
  await loadSuspendedMessage(book);
  const message = book.resumed();
  const outcome = await suspendable(book, message, () => resume(message));
  if (outcome) book.markHandled(message.messageId, outcome);
  return outcome !== undefined;
}
