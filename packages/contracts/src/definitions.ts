import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { AgentReplyInput, AgentReplyReceipt, ApprovalDecision, ApprovalDecisionInput, RetryFailedStepInput, RetryReceipt } from './decisions';
import type { CompleteThreadRequest, ThreadState } from './thread';
import type { EmailMessageInput } from './email';

// Definitions are plain `{ type, name }` objects (what `defineSignal` returns), built here
// so that clients need not depend on `@temporalio/workflow`.
function signal<Args extends unknown[], Name extends string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name } as SignalDefinition<Args, Name>;
}
function query<Ret, Name extends string>(name: Name): QueryDefinition<Ret, [], Name> {
  return { type: 'query', name } as QueryDefinition<Ret, [], Name>;
}

/** Delivers one inbound email to its thread. Payloads are validated by the workflow too. */
export const newMessageSignal = signal<[EmailMessageInput], 'NEW_MESSAGE'>('NEW_MESSAGE');

/** Asks the thread to finish the work in hand and complete with a summary. */
export const completeThreadSignal = signal<[CompleteThreadRequest?], 'COMPLETE_THREAD'>('COMPLETE_THREAD');

/** The thread's current state; answerable at any time. */
export const threadStateQuery = query<ThreadState, 'threadState'>('threadState');

function update<Ret, Args extends unknown[], Name extends string>(name: Name): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name } as UpdateDefinition<Ret, Args, Name>;
}

/**
 * Approves the purchase a procurement thread is waiting on. The validator accepts only a known
 * approver and only while approval is pending; a rejected update changes nothing.
 */
export const approvePurchaseUpdate = update<ApprovalDecision, [ApprovalDecisionInput], 'approvePurchase'>('approvePurchase');
/** Rejects the pending purchase (same validation as {@link approvePurchaseUpdate}). */
export const rejectPurchaseUpdate = update<ApprovalDecision, [ApprovalDecisionInput], 'rejectPurchase'>('rejectPurchase');
/** Approves the refund a support thread is waiting on (the same approval mechanism as purchases). */
export const approveRefundUpdate = update<ApprovalDecision, [ApprovalDecisionInput], 'approveRefund'>('approveRefund');
/** Rejects the pending refund. */
export const rejectRefundUpdate = update<ApprovalDecision, [ApprovalDecisionInput], 'rejectRefund'>('rejectRefund');
/**
 * A human agent's reply to an escalated support thread: accepted only from a known agent, only
 * while the thread waits for one, and only if non-empty. The workflow sends it to the customer.
 */
export const submitAgentReplyUpdate = update<AgentReplyReceipt, [AgentReplyInput], 'submitAgentReply'>('submitAgentReply');
/**
 * Runs a thread's failed step again (`state.escalation.failedStep`), e.g. once the worker's
 * configuration or the LLM provider is fixed: the failed message is handled again from the start of
 * its flow step, then the messages held meanwhile. The validator refuses (typed, see
 * `RETRY_REFUSALS`) when nothing failed, a retry runs already, or the thread is completing.
 */
export const retryFailedStepUpdate = update<RetryReceipt, [RetryFailedStepInput], 'retryFailedStep'>('retryFailedStep');
