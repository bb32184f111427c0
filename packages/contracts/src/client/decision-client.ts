import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type {
  AgentReplyReceipt,
  ApprovalDecision,
  ApprovalDecisionInput,
  AgentReplyInput,
  RetryFailedStepInput,
  RetryReceipt,
} from '@org/orchestrator-contracts';
import {
  InvalidPayloadError,
  agentReplyInputSchema,
  approvalDecisionInputSchema,
  approvePurchaseUpdate,
  approveRefundUpdate,
  payloadIssues,
  rejectPurchaseUpdate,
  rejectRefundUpdate,
  THREAD_CONTINUING_AS_NEW,
  retryFailedStepInputSchema,
  retryFailedStepUpdate,
  submitAgentReplyUpdate,
  threadWorkflowId,
} from '@org/orchestrator-contracts';
import type { ThreadClient } from './thread-client';

const approvalUpdates = {
  approvePurchase: approvePurchaseUpdate,
  rejectPurchase: rejectPurchaseUpdate,
  approveRefund: approveRefundUpdate,
  rejectRefund: rejectRefundUpdate,
} as const;

/** The approval updates a thread accepts. */
export type ApprovalAction = keyof typeof approvalUpdates;
export const APPROVAL_ACTIONS = Object.keys(approvalUpdates) as ApprovalAction[];

function parse<T>(kind: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidPayloadError(kind, payloadIssues(result.error.issues));
  return result.data;
}

/** Options of the decision helpers. */
export interface DecisionOptions {
  /**
   * The Temporal update id: an update sent again with the same id is applied at most once (the
   * one-click links use the link's id, so a replayed link changes nothing). Random by default.
   */
  updateId?: string;
  /** How long one attempt waits for the thread's answer before the update is sent again (same id). Default 30 s. */
  answerWithinMs?: number;
  /** How long the update is sent again before its last error is thrown. Default 2 minutes. */
  giveUpAfterMs?: number;
}

/**
 * How an update is sent: each attempt waits `answerWithinMs` for the thread's answer, then the update
 * is sent again under the same update id (the server applies an update id at most once and answers
 * a repeat with the first one's outcome), so an answer lost on the way (a workflow task that timed
 * out under load, temporalio/temporal#6375) never leaves the caller waiting for ever. A refusal
 * because the thread is continuing as new (`THREAD_CONTINUING_AS_NEW`) is sent again after a short
 * pause: the next run takes it within a workflow task or two.
 */
const SENDING = { answerWithinMs: 30_000, firstPauseMs: 100, maxPauseMs: 2_000, giveUpAfterMs: 120_000 };

async function update<Ret, Arg>(
  client: ThreadClient,
  threadId: string,
  definition: UpdateDefinition<Ret, [Arg]>,
  args: [Arg],
  options: DecisionOptions = {},
): Promise<Ret> {
  const handle = client.workflow.getHandle(threadWorkflowId(threadId));
  const updateId = options.updateId ?? randomUUID();
  const giveUpAt = Date.now() + (options.giveUpAfterMs ?? SENDING.giveUpAfterMs);
  for (let pauseMs = SENDING.firstPauseMs; ;) {
    const answerBy = Math.min(Date.now() + (options.answerWithinMs ?? SENDING.answerWithinMs), giveUpAt);
    try {
      return await client.workflow.withDeadline(answerBy, () => handle.executeUpdate(definition, { args, updateId }));
    } catch (error) {
      if (Date.now() >= giveUpAt) throw error;
      // Sent again only when this attempt's own deadline passed; a caller's cancellation (the CLI's
      // --timeout, an abort signal) ends it at once.
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError && Date.now() >= answerBy) continue;
      if (!refusedWhileContinuing(error)) throw error;
      await sleep(Math.min(pauseMs, giveUpAt - Date.now()));
      pauseMs = Math.min(2 * pauseMs, SENDING.maxPauseMs);
    }
  }
}

function refusedWhileContinuing(error: unknown): boolean {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === THREAD_CONTINUING_AS_NEW;
}

/**
 * Approves or rejects what a thread is waiting on (a purchase, a refund) through a Temporal update.
 * Resolves with the decision once the workflow recorded it.
 * @throws {InvalidPayloadError} before anything is sent, for a malformed input.
 * @throws {WorkflowUpdateFailedError} (from `@temporalio/client`) when the workflow refuses: an
 *   unknown approver, or nothing pending. The refusal changed nothing. A refusal because the thread
 *   is continuing as new (`THREAD_CONTINUING_AS_NEW`) is not thrown: the update is sent again.
 * @throws {WorkflowUpdateRPCTimeoutOrCancelledError} when the thread gave no answer within
 *   `giveUpAfterMs` (sent again every `answerWithinMs` under the same update id: applied at most once).
 * @example
 * await decideApproval(client, threadId, 'approvePurchase', { approver: 'cfo@example.com' });
 */
export async function decideApproval(
  client: ThreadClient,
  threadId: string,
  action: ApprovalAction,
  input: ApprovalDecisionInput,
  options: DecisionOptions = {},
): Promise<ApprovalDecision> {
  const definition = approvalUpdates[action];
  if (!definition) throw new InvalidPayloadError('approval action', [{ path: 'action', message: `must be one of ${APPROVAL_ACTIONS.join(', ')}` }]);
  return update(client, threadId, definition, [parse('approval decision', approvalDecisionInputSchema, input)], options);
}

/**
 * Sends a human agent's reply to an escalated support thread (`submitAgentReply` update).
 * @throws {InvalidPayloadError} for a malformed input; {@link decideApproval} explains refusals.
 */
export async function submitAgentReply(
  client: ThreadClient,
  threadId: string,
  input: AgentReplyInput,
  options: DecisionOptions = {},
): Promise<AgentReplyReceipt> {
  return update(client, threadId, submitAgentReplyUpdate, [parse('agent reply', agentReplyInputSchema, input)], options);
}

/**
 * Runs a thread's failed step again (`retryFailedStep` update), once its cause is fixed. Resolves
 * when the thread has taken the retry (not when the step finished): follow it with `getThreadState`
 * (`escalation` is cleared once the retried handling succeeds, or shows the next failure).
 * @throws {InvalidPayloadError} for a malformed input.
 * @throws {WorkflowUpdateFailedError} when the thread refuses; its `cause.type` is one of
 *   `RETRY_REFUSALS` (`NoFailedStep`, `RetryInProgress`, `ThreadCompleting`, `InvalidRetryRequest`).
 * @example
 * await retryFailedStep(client, threadId, { requestedBy: 'ops@example.com', comment: 'LLM quota raised' });
 */
export async function retryFailedStep(client: ThreadClient, threadId: string, input: RetryFailedStepInput): Promise<RetryReceipt> {
  return update(client, threadId, retryFailedStepUpdate, [parse('retry request', retryFailedStepInputSchema, input)]);
}
