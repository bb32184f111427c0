import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { ApprovalDecision, ApprovalDecisionInput, ApprovalState, ApprovalSubject, ApproverPolicy } from '@org/orchestrator-contracts';
import {
  approvalDecisionInputSchema,
  approvePurchaseUpdate,
  approveRefundUpdate,
  normalizeAddress,
  payloadIssues,
  rejectPurchaseUpdate,
  rejectRefundUpdate,
} from '@org/orchestrator-contracts';
import type { OrchestratorActivities } from '@org/orchestrator-activities';
import { decisionLinks } from '../activities';
import { isPatched } from '../patches';
import { APPROVAL_POLICIES_PATCH, awaitedApprovers, policyFields, recordPolicyDecision, refuseSecondDecision } from './approval-policy';

/** What needs approving, by whom, and when to remind and escalate. */
export interface ApprovalRequest {
  subject: ApprovalSubject;
  amount: number;
  currency: string;
  reason: string;
  approver: string;
  escalateTo: string;
  remindAfterMs: number;
  escalateAfterMs: number;
  /** Who asked (the requester, the customer): refused as approver of their own request (`SelfApproval`). */
  requestedBy?: string;
  /**
   * Who must approve by amount, and whether the first decision decides or all must approve (default:
   * `approver` decides alone). Applied from the `approval-policies` patch on.
   */
  policy?: ApproverPolicy;
  /** The currency of the policy's amounts (the flow's currency; default `currency`). */
  policyCurrency?: string;
}

/** The emails of an approval, sent by the flow (which knows what is being approved). */
export type ApprovalNotice = 'request' | 'reminder' | 'escalation';

/** Where a flow keeps its approval: `flowState.approval`, read by the update handlers. */
export interface ApprovalSlot {
  approval?: ApprovalState;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sends one email of an approval. `key` tells the emails of one notice apart (stable outbound
 * Message-IDs): the notice itself for its first recipient, `<notice>-<n>` for the n-th.
 */
export type ApprovalNotify = (notice: ApprovalNotice, to: string, approval: ApprovalState, key: string) => Promise<void>;

/** Sends `notice` to each of `recipients`, keyed as {@link ApprovalNotify} says. */
async function notifyEach(notify: ApprovalNotify, notice: ApprovalNotice, recipients: readonly string[], approval: ApprovalState): Promise<void> {
  for (const [i, to] of recipients.entries()) await notify(notice, to, approval, i === 0 ? notice : `${notice}-${i + 1}`);
}

/** How an approval waits: `condition`, or a flow's resumable wait (`FlowContext.resumableWait`). */
export type ApprovalWait = (done: () => boolean, timeoutMs?: number) => Promise<boolean>;

const conditionWait: ApprovalWait = async (done, timeoutMs) => {
  if (timeoutMs === undefined) {
    await condition(done);
    return true;
  }
  return condition(done, timeoutMs);
};

/** Approval emails carry one-click decision links (the `decisionLinks` activity) from this patch on. */
export const DECISION_LINKS_PATCH = 'inbox-decision-links';

/** The signed approve/reject links of one approval email, or `null` (no inbox configured). */
export type DecisionLinks = Awaited<ReturnType<OrchestratorActivities['decisionLinks']>>;

/**
 * The one-click links for `approver` to decide `approval` (signed by the `decisionLinks` activity,
 * bound to the thread, the approval's slot and the approver), or `null` for histories from before
 * the links and when no inbox is configured.
 */
export async function decisionLinksFor(threadId: string, approval: ApprovalState, approver: string): Promise<DecisionLinks> {
  if (!isPatched(DECISION_LINKS_PATCH)) return null;
  return decisionLinks({ threadId, subject: approval.subject, approver, slot: approval.requestedAt });
}

/** The lines an approval email shows its one-click links with (empty without links). */
export function decisionLinkText(links: DecisionLinks): string {
  if (!links) return '';
  return `Approve in one click: ${links.approve}\nReject in one click:  ${links.reject}\n(each link asks you to confirm; valid until ${links.expiresAt.slice(0, 16).replace('T', ' ')} UTC)\n\nOr with the command line:\n`;
}

/** Decisions record how they were made (`via`: inbox, link, cli) from this patch on. */
export const DECISION_VIA_PATCH = 'decision-via';

/**
 * Asks for an approval and waits for the decision, which arrives as an update
 * (`approvePurchase`/`rejectPurchase`, `approveRefund`/`rejectRefund`, see {@link setApprovalHandlers}).
 * Reminds the approvers who have not decided after `remindAfterMs`, then escalates to `escalateTo`
 * after `escalateAfterMs`, and keeps waiting (no cap): a purchase is never approved by silence.
 * With a policy (`request.policy`) the amount matrix chooses the required approvers, each is asked,
 * and the mode says whether the first decision decides or all must approve (see `approval-policy`). Returns `undefined`
 * (status `withdrawn`) when `withdrawn()` becomes true first, e.g. the thread was asked to complete.
 * The whole state lives in `slot.approval`, so the query shows who is awaited and since when, and a
 * later run can go on waiting with {@link approvalDecision}.
 */
export async function awaitApproval(
  slot: ApprovalSlot,
  request: ApprovalRequest,
  notify: ApprovalNotify,
  withdrawn: () => boolean = () => false,
  wait: ApprovalWait = conditionWait,
): Promise<ApprovalDecision | undefined> {
  const now = Date.now();
  const policy = isPatched(APPROVAL_POLICIES_PATCH) ? policyFields(request) : undefined;
  const state: ApprovalState = {
    subject: request.subject,
    status: 'pending',
    amount: request.amount,
    currency: request.currency,
    reason: request.reason,
    // Both the policy's approvers are known approvers; the second is asked directly after escalation.
    approvers: [request.approver, request.escalateTo],
    escalateTo: request.escalateTo,
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    requestedAt: iso(now),
    remindAt: iso(now + request.remindAfterMs),
    escalateAt: iso(now + request.escalateAfterMs),
    reminded: false,
    escalated: false,
    ...policy,
  };
  slot.approval = state;
  await notifyEach(notify, 'request', state.required ?? [request.approver], state);
  return approvalDecision(slot, notify, withdrawn, wait);
}

/**
 * Waits for the decision on the approval in `slot.approval` (asked for by {@link awaitApproval}),
 * reminding and escalating when their times in the state come: from the state alone, so a flow
 * resumed in a new run goes on waiting where the previous run stopped.
 */
export async function approvalDecision(
  slot: ApprovalSlot,
  notify: ApprovalNotify,
  withdrawn: () => boolean = () => false,
  wait: ApprovalWait = conditionWait,
): Promise<ApprovalDecision | undefined> {
  const state = slot.approval;
  if (!state) throw new Error('no approval was asked for');
  const settled = () => state.status !== 'pending' || withdrawn();
  while (state.status === 'pending') {
    const due = [!state.reminded ? Date.parse(state.remindAt) : Infinity, !state.escalated ? Date.parse(state.escalateAt) : Infinity];
    const next = Math.min(...due);
    if (next === Infinity) await wait(settled);
    else if (!(await wait(settled, Math.max(1, next - Date.now())))) {
      if (!state.escalated && Date.now() >= Date.parse(state.escalateAt)) {
        state.escalated = true;
        state.reminded = true; // an escalation supersedes a reminder still due
        // In `all` mode the approval now comes to `escalateTo`, who may decide it for everyone.
        if (state.mode === 'all' && !state.approvers.includes(state.escalateTo)) state.approvers.push(state.escalateTo);
        await notify('escalation', state.escalateTo, state, 'escalation');
      } else if (!state.reminded && Date.now() >= Date.parse(state.remindAt)) {
        state.reminded = true;
        await notifyEach(notify, 'reminder', awaitedApprovers(state), state);
      }
      continue;
    }
    if (state.status === 'pending') {
      state.status = 'withdrawn';
      return undefined;
    }
  }
  if (!state.decision) throw new Error('approval ended without a decision');
  return state.decision;
}

const APPROVAL_UPDATES = [
  [approvePurchaseUpdate, 'purchase', 'approved'],
  [rejectPurchaseUpdate, 'purchase', 'rejected'],
  [approveRefundUpdate, 'refund', 'approved'],
  [rejectRefundUpdate, 'refund', 'rejected'],
] as const;

/**
 * Registers the four approval updates on the thread. Their validators first ask `admit` (it throws
 * while the thread continues as new), then accept a decision only while an approval of that subject
 * is pending, from a known approver who is not the one who asked (`SelfApproval`) and has not
 * decided it yet (`AlreadyDecided`), so a refused update leaves no trace in the workflow's history
 * and changes nothing. The refusals are contracts' `APPROVAL_REFUSALS`.
 */
export function setApprovalHandlers(slot: () => ApprovalSlot, admit: () => void): void {
  for (const [definition, subject, decision] of APPROVAL_UPDATES) {
    setHandler(
      definition,
      (input: ApprovalDecisionInput): ApprovalDecision => {
        const approval = pendingApproval(slot(), subject);
        const { approver, comment, via } = validDecision(approval, input);
        const channel = via && isPatched(DECISION_VIA_PATCH) ? { via } : {};
        const record: ApprovalDecision = { subject, decision, approver, ...(comment ? { comment } : {}), ...channel, decidedAt: new Date().toISOString() };
        if (approval.mode !== undefined) return recordPolicyDecision(approval, record);
        approval.status = decision;
        approval.decision = record;
        return approval.decision;
      },
      {
        validator: (input: ApprovalDecisionInput) => {
          admit();
          validDecision(pendingApproval(slot(), subject), input);
        },
      },
    );
  }
}

function pendingApproval(slot: ApprovalSlot, subject: ApprovalSubject): ApprovalState {
  const approval = slot.approval;
  if (!approval || approval.subject !== subject || approval.status !== 'pending') {
    throw ApplicationFailure.create({
      type: 'NoApprovalPending',
      message: `no ${subject} approval is pending${approval?.subject === subject ? ` (it was ${approval.status})` : ''}`,
      nonRetryable: true,
    });
  }
  return approval;
}

function validDecision(approval: ApprovalState, input: unknown): ApprovalDecisionInput {
  const parsed = approvalDecisionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = payloadIssues(parsed.error.issues);
    throw ApplicationFailure.create({
      type: 'InvalidApprovalDecision',
      message: `invalid approval decision: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      nonRetryable: true,
      details: [issues],
    });
  }
  const approver = normalizeAddress(parsed.data.approver);
  // The requester first: whether or not the policy listed them, they learn why they may not decide.
  if (approver !== null && approval.requestedBy !== undefined && normalizeAddress(approval.requestedBy) === approver) {
    throw ApplicationFailure.create({
      type: 'SelfApproval',
      message: `${parsed.data.approver} asked for this ${approval.subject} and cannot decide it; another approver must`,
      nonRetryable: true,
    });
  }
  if (approver === null || !approval.approvers.some((a) => normalizeAddress(a) === approver)) {
    throw ApplicationFailure.create({
      type: 'UnknownApprover',
      message: `${parsed.data.approver} is not an approver of this ${approval.subject}`,
      nonRetryable: true,
    });
  }
  refuseSecondDecision(approval, parsed.data.approver);
  return parsed.data;
}
