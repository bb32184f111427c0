import { z } from 'zod';
import { APPROVAL_MODES } from '../approver-policy';
import { APPROVAL_SUBJECTS, approvalDecisionSchema } from '../decisions';

/** Parts of the flow state both business flows have. */

/** A pending or decided approval (shared by the procurement and support flows). */
export const approvalStateSchema = z.object({
  subject: z.enum(APPROVAL_SUBJECTS),
  /** `withdrawn`: the thread was asked to complete before anyone decided. */
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  amount: z.number(),
  currency: z.string(),
  /** Why a person must decide, fit to show them. */
  reason: z.string(),
  /** Who may decide now: the required approvers, and `escalateTo` (in `all` mode only once escalated). */
  approvers: z.array(z.string()),
  escalateTo: z.string(),
  /** Who asked for what is approved (the requester, the customer): never their own approver. */
  requestedBy: z.string().optional(),
  requestedAt: z.string(),
  remindAt: z.string(),
  escalateAt: z.string(),
  reminded: z.boolean(),
  escalated: z.boolean(),
  /** The decision that settled the approval (in `all` mode: the last approval, or the first rejection). */
  decision: approvalDecisionSchema.optional(),
  // Approval policies (absent in approvals asked for before them: one approver decided alone).
  /** `first`: the first decision decides; `all`: every one of `required` must approve, one rejection rejects. */
  mode: z.enum(APPROVAL_MODES).optional(),
  /** The approvers the policy requires for this amount (the requester's place taken by `escalateTo`). */
  required: z.array(z.string()).optional(),
  /** The amount-matrix tier that chose `required` (absent: below every tier, the primary approver). */
  tierAbove: z.number().optional(),
  /** Each approver's decision, in the order they came. */
  decisions: z.array(approvalDecisionSchema).optional(),
});
export type ApprovalState = z.infer<typeof approvalStateSchema>;

/** Who or what a flow is waiting for, shown by the state query. */
export const awaitingSchema = z.object({
  /** Addresses of the people awaited (requester, suppliers, approver, agent, customer). */
  who: z.array(z.string()),
  what: z.string(),
  since: z.string(),
  /** When the flow acts if nobody answers (reminder, escalation, deadline, closing). */
  until: z.string().optional(),
});
export type Awaiting = z.infer<typeof awaitingSchema>;
