import { z } from 'zod';
import { emailAddressSchema } from './email';
import type { FailedStep } from './thread';

/** What an approval is for: a procurement purchase, or a support refund. One mechanism serves both. */
export const APPROVAL_SUBJECTS = ['purchase', 'refund'] as const;
export type ApprovalSubject = (typeof APPROVAL_SUBJECTS)[number];

/**
 * How a person's decision reached the thread: the inbox's form, a one-click link from an email
 * (confirmed in the inbox), or the `orchestrator` command line.
 */
export const DECISION_CHANNELS = ['inbox', 'link', 'cli'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

/** Payload of the `approvePurchase`/`rejectPurchase`/`approveRefund`/`rejectRefund` updates. */
export const approvalDecisionInputSchema = z.object({
  /** Address of the person deciding; the workflow accepts only its known approvers. */
  approver: emailAddressSchema.shape.address,
  comment: z.string().trim().max(2000).optional(),
  /** How the decision was made; recorded with it (threads started before this field keep none). */
  via: z.enum(DECISION_CHANNELS).optional(),
});
export type ApprovalDecisionInput = z.infer<typeof approvalDecisionInputSchema>;

/** Result of an approval update: the decision as the workflow recorded it. */
export const approvalDecisionSchema = z.object({
  subject: z.enum(APPROVAL_SUBJECTS),
  decision: z.enum(['approved', 'rejected']),
  approver: z.string(),
  comment: z.string().optional(),
  /** How it was made (absent for decisions recorded before the field existed, or sent without it). */
  via: z.enum(DECISION_CHANNELS).optional(),
  decidedAt: z.string(),
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/**
 * Why a thread refuses an approval decision (the `type` of the update's `ApplicationFailure`); a
 * refused decision changes nothing and leaves no trace in the thread's history.
 * - `NoApprovalPending`: nothing of that subject awaits a decision (or it was already decided).
 * - `InvalidApprovalDecision`: the input failed its schema.
 * - `UnknownApprover`: the address is not one of this approval's approvers (now).
 * - `SelfApproval`: the address asked for what is approved.
 * - `AlreadyDecided`: this approver's decision is already recorded (an `all` approval awaits the others).
 */
export const APPROVAL_REFUSALS = ['NoApprovalPending', 'InvalidApprovalDecision', 'UnknownApprover', 'SelfApproval', 'AlreadyDecided'] as const;
export type ApprovalRefusal = (typeof APPROVAL_REFUSALS)[number];

/** Payload of the `submitAgentReply` update: a human support agent's answer to the customer. */
export const agentReplyInputSchema = z.object({
  /** Address of the answering agent; the workflow accepts only its known agents. */
  agent: emailAddressSchema.shape.address,
  reply: z.string().trim().min(1, 'must not be empty').max(20_000),
  /** How the reply was given (`inbox` or `cli`); recorded with it. */
  via: z.enum(DECISION_CHANNELS).optional(),
});
export type AgentReplyInput = z.infer<typeof agentReplyInputSchema>;

/** Result of `submitAgentReply`: the reply was accepted and will be sent with this Message-ID. */
export interface AgentReplyReceipt {
  agent: string;
  via?: DecisionChannel;
  replyMessageId: string;
  acceptedAt: string;
}

/** Payload of the `retryFailedStep` update: a person asks a thread to run its failed step again. */
export const retryFailedStepInputSchema = z.object({
  /** Address of the person asking (recorded with the retry; anyone who can reach Temporal may ask). */
  requestedBy: emailAddressSchema.shape.address,
  /** What was fixed, kept with the retry. */
  comment: z.string().trim().max(2000).optional(),
});
export type RetryFailedStepInput = z.infer<typeof retryFailedStepInputSchema>;

/** Result of `retryFailedStep`: the step the thread runs again, and who asked. */
export interface RetryReceipt {
  failedStep: FailedStep;
  requestedBy: string;
  requestedAt: string;
}

/**
 * Why a thread refuses `retryFailedStep` (the `type` of the update's `ApplicationFailure`); a
 * refused retry changes nothing and leaves no trace in the thread's history.
 * - `NoFailedStep`: no step failed, or the thread is held for another reason (a held request).
 * - `RetryInProgress`: the failed step is already running again.
 * - `ThreadCompleting`: the thread was asked to complete.
 * - `InvalidRetryRequest`: the input failed its schema.
 */
/**
 * The \`type\` of the refusal of any update (a decision, an agent reply, a retry) that reached a
 * run about to continue as new: nothing changed, and the contracts client sends it again (it then
 * reaches the next run). Temporal does not always honour an update completed in the workflow task
 * that continues as new (temporalio/temporal#6375): its caller would wait for ever.
 */
export const THREAD_CONTINUING_AS_NEW = 'ThreadContinuingAsNew';

export const RETRY_REFUSALS = ['NoFailedStep', 'RetryInProgress', 'ThreadCompleting', 'InvalidRetryRequest'] as const;
export type RetryRefusal = (typeof RETRY_REFUSALS)[number];
