import { ApplicationFailure } from '@temporalio/workflow';
import type { ApprovalDecision, ApprovalState, ApproverPolicy } from '@org/orchestrator-contracts';
import { DEFAULT_APPROVER_POLICY, describeApproverPolicy, normalizeAddress, requiredApprovers } from '@org/orchestrator-contracts';

/**
 * Approval policies (patch `approval-policies`): who must approve by amount, and whether the first
 * decision decides or all must approve. An approval carries its policy in its state (`mode`,
 * `required`, `decisions`), so the update handlers and a resumed wait read it from there alone, and
 * approvals asked for before policies (no `mode`) keep deciding as before.
 */

/** Approvals apply the approver policy (mode, amount matrix) and record each approver's decision from this patch on. */
export const APPROVAL_POLICIES_PATCH = 'approval-policies';

const same = (a: string, b: string) => normalizeAddress(a) !== null && normalizeAddress(a) === normalizeAddress(b);
const unique = (list: readonly string[]) => list.filter((a, i) => list.findIndex((b) => same(a, b)) === i);

/** What the policy part of an approval's state needs from its request. */
export interface PolicyRequest {
  amount: number;
  currency: string;
  approver: string;
  escalateTo: string;
  requestedBy?: string;
  /** The flow's policy (default: {@link DEFAULT_APPROVER_POLICY}) and the currency its amounts are in. */
  policy?: ApproverPolicy;
  policyCurrency?: string;
}

/**
 * The policy fields of a new approval's state. The requester never approves their own request: in
 * their place `escalateTo` is required, so an `all` approval can still complete.
 */
export function policyFields(request: PolicyRequest): Pick<ApprovalState, 'mode' | 'required' | 'tierAbove' | 'decisions' | 'approvers'> {
  const policy = request.policy ?? DEFAULT_APPROVER_POLICY;
  const chosen = requiredApprovers(policy, request.amount, request.currency, request.policyCurrency ?? request.currency, request.approver);
  const requester = request.requestedBy;
  const others = chosen.approvers.filter((a) => requester === undefined || !same(a, requester));
  const required = unique(others.length < chosen.approvers.length || others.length === 0 ? [...others, request.escalateTo] : others);
  return {
    mode: policy.mode,
    required,
    ...(chosen.tierAbove !== undefined ? { tierAbove: chosen.tierAbove } : {}),
    decisions: [],
    // `first`: the second approver may decide at any time, as before policies; `all`: only once escalated.
    approvers: policy.mode === 'first' ? unique([...required, request.escalateTo]) : [...required],
  };
}

/** The required approvers who have not decided yet (for a policy-less approval: its first approver). */
export function awaitedApprovers(approval: ApprovalState): string[] {
  if (!approval.required) return approval.approvers.slice(0, 1);
  const decided = approval.decisions ?? [];
  return approval.required.filter((a) => !decided.some((d) => same(d.approver, a)));
}

/** Who an approval awaits, for the state's `awaiting`: those who have not decided, and `escalateTo` once escalated (policy-less: `to`, the one just mailed). */
export function awaitedNow(approval: ApprovalState, to: string): string[] {
  if (!approval.mode) return [to];
  return unique([...awaitedApprovers(approval), ...(approval.escalated ? [approval.escalateTo] : [])]);
}

/** Whether `approval` records a decision of `approver` already (a second one is refused, `AlreadyDecided`). */
export function refuseSecondDecision(approval: ApprovalState, approver: string): void {
  if (!(approval.decisions ?? []).some((d) => same(d.approver, approver))) return;
  throw ApplicationFailure.create({
    type: 'AlreadyDecided',
    message: `${approver} has already decided this ${approval.subject}${approval.mode === 'all' ? '; it awaits the other approvers' : ''}`,
    nonRetryable: true,
  });
}

/**
 * Records one approver's decision on a policy approval and settles it when the policy says so:
 * `first` on any decision; `all` on a rejection, on the approval of the last required approver, or
 * on the decision of `escalateTo` once escalated (the approval came to them). Returns the decision.
 */
export function recordPolicyDecision(approval: ApprovalState, decision: ApprovalDecision): ApprovalDecision {
  const decisions = (approval.decisions ??= []);
  decisions.push(decision);
  const escalatedTo = approval.escalated && same(decision.approver, approval.escalateTo);
  const allApproved = (approval.required ?? []).every((a) => decisions.some((d) => d.decision === 'approved' && same(d.approver, a)));
  if (approval.mode !== 'all' || decision.decision === 'rejected' || escalatedTo || allApproved) {
    approval.status = decision.decision;
    approval.decision = decision;
  }
  return decision;
}

/** The lines an approval email shows its policy with, e.g. who else must approve (empty for a policy-less approval). */
export function policyText(approval: ApprovalState): string {
  if (!approval.mode || !approval.required) return '';
  const policy = describeApproverPolicy(approval.mode, approval.required, approval.tierAbove, approval.currency);
  const awaited = awaitedApprovers(approval);
  return `Approval policy: ${policy}${approval.mode === 'all' ? ' must approve' : ' decides'}; awaiting ${awaited.join(', ') || 'nobody'}.\n`;
}

/** Who approved a settled approval, for the purchase order: every approver of an `all` approval, else the one who decided. */
export function approvedBy(approval: ApprovalState | undefined, decision: ApprovalDecision): string {
  if (approval?.mode !== 'all' || decision.decision !== 'approved') return decision.approver;
  return unique((approval.decisions ?? []).filter((d) => d.decision === 'approved').map((d) => d.approver)).join(', ');
}
