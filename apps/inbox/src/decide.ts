import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApprovalState, DecisionChannel, ProcurementFlowState, SupportFlowState, ThreadState } from '@org/orchestrator-contracts';
import { InvalidPayloadError } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { decideApproval, getThreadState, submitAgentReply } from '@org/orchestrator-contracts/client';

/** What the inbox tells a person after they acted: done, or refused with why (nothing changed). */
export type DecisionOutcome = { ok: true; message: string } | { ok: false; status: number; message: string };

/** A decision on a pending approval, by the signed-in approver. */
export interface ApprovalChoice {
  subject: ApprovalState['subject'];
  decision: 'approved' | 'rejected';
  /** The approval's `requestedAt` the person saw: a decision never lands on a newer approval. */
  slot: string;
  approver: string;
  comment?: string;
  via: DecisionChannel;
  /** The update id: the same id sent twice is applied once. */
  updateId: string;
}

/** The approval a thread holds (purchase or refund), if any. */
export function approvalOf(state: ThreadState): ApprovalState | undefined {
  if (state.flow === 'procurement') return (state.flowState as unknown as ProcurementFlowState).approval;
  if (state.flow === 'support') return (state.flowState as unknown as SupportFlowState).approval;
  return undefined;
}

/** The state of a thread, or `undefined` when there is no such thread. */
export async function threadStateOrNone(client: ThreadClient, threadId: string): Promise<ThreadState | undefined> {
  try {
    return await getThreadState(client, threadId);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** The thread's refusal, as a person should read it. */
function refusal(error: unknown): DecisionOutcome | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as { message?: string } | undefined;
    return { ok: false, status: 409, message: `The thread refused: ${cause?.message ?? error.message}. Nothing changed.` };
  }
  if (error instanceof InvalidPayloadError) return { ok: false, status: 400, message: `${error.message}. Nothing changed.` };
  if (error instanceof WorkflowNotFoundError) return { ok: false, status: 404, message: 'There is no such thread.' };
  return undefined;
}

/** Describes a decision already taken on `approval`. */
export function alreadyDecided(approval: ApprovalState): string {
  const d = approval.decision;
  return d
    ? `This was already ${d.decision} by ${d.approver}${d.via ? ` (via ${d.via})` : ''}. Nothing changed.`
    : `This approval is ${approval.status}. Nothing changed.`;
}

/**
 * Sends an approval decision, after checking that the approval the person saw is still the one
 * pending (same subject, same slot). The workflow checks the approver again and has the last word.
 */
export async function decideOnApproval(client: ThreadClient, threadId: string, choice: ApprovalChoice): Promise<DecisionOutcome> {
  const state = await threadStateOrNone(client, threadId);
  if (!state) return { ok: false, status: 404, message: 'There is no such thread.' };
  const approval = approvalOf(state);
  if (!approval || approval.subject !== choice.subject || approval.requestedAt !== choice.slot) {
    return { ok: false, status: 409, message: 'This approval is not the one pending on the thread any more. Nothing changed.' };
  }
  if (approval.status !== 'pending') return { ok: false, status: 409, message: alreadyDecided(approval) };
  const action = `${choice.decision === 'approved' ? 'approve' : 'reject'}${choice.subject === 'purchase' ? 'Purchase' : 'Refund'}` as const;
  try {
    const decision = await decideApproval(
      client,
      threadId,
      action,
      { approver: choice.approver, ...(choice.comment ? { comment: choice.comment } : {}), via: choice.via },
      { updateId: choice.updateId },
    );
    return { ok: true, message: `${choice.subject === 'purchase' ? 'Purchase' : 'Refund'} ${decision.decision} by ${decision.approver}.` };
  } catch (error) {
    const outcome = refusal(error);
    if (outcome) return outcome;
    throw error;
  }
}

/** Sends a support agent's reply to the customer through the thread. */
export async function replyToCustomer(client: ThreadClient, threadId: string, agent: string, reply: string, updateId: string): Promise<DecisionOutcome> {
  try {
    await submitAgentReply(client, threadId, { agent, reply, via: 'inbox' }, { updateId });
    return { ok: true, message: 'Your reply is on its way to the customer.' };
  } catch (error) {
    const outcome = refusal(error);
    if (outcome) return outcome;
    throw error;
  }
}
