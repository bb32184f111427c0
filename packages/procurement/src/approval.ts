import type { ApprovalPolicy } from '@org/orchestrator-contracts';

// The policy's shape is the procurement flow's vocabulary, declared once in the contracts (recorded
// with the flow configuration in every thread's history): used from there, not mirrored.
export type { ApprovalPolicy };

/** `approvedBy` of a purchase order the policy approved without an approver. */
export const AUTOMATIC_APPROVAL = 'automatic';

/** Reminder and escalation delays used when the policy sets none. */
export const DEFAULT_APPROVAL_TIMING = { remindAfterHours: 24, escalateAfterHours: 48 } as const;

/** The outcome of {@link approvalRequirement}; `reason` is fit to show a person. */
export type ApprovalRequirement =
  | { kind: 'automatic'; reason: string }
  | {
      kind: 'approver';
      approver: string;
      escalateTo: string;
      remindAfterHours: number;
      escalateAfterHours: number;
      reason: string;
    };

/**
 * Decides whether a purchase of `amount` `currency` is approved automatically or needs an approver.
 * There is no currency conversion: an amount in another currency than the policy's needs approval.
 * @example
 * approvalRequirement(1800, 'EUR', { autoApproveBelow: 1000, currency: 'EUR', approvers: { primary: 'cfo@example.com', secondary: 'ceo@example.com' } })
 * // { kind: 'approver', approver: 'cfo@example.com', escalateTo: 'ceo@example.com', remindAfterHours: 24, escalateAfterHours: 48, reason: '…' }
 */
export function approvalRequirement(amount: number, currency: string, policy: ApprovalPolicy): ApprovalRequirement {
  const policyCurrency = policy.currency.trim().toUpperCase();
  const orderCurrency = currency.trim().toUpperCase();
  const limit = `${policy.autoApproveBelow} ${policyCurrency}`;
  if (Number.isFinite(amount) && amount >= 0 && orderCurrency === policyCurrency && amount < policy.autoApproveBelow) {
    return { kind: 'automatic', reason: `${amount} ${orderCurrency} is below the automatic approval limit of ${limit}` };
  }
  let reason: string;
  if (!Number.isFinite(amount) || amount < 0) reason = `the amount ${amount} is not a valid price`;
  else if (orderCurrency !== policyCurrency) reason = `the order is in ${orderCurrency || 'an unknown currency'}, the approval limit in ${policyCurrency}`;
  else reason = `${amount} ${orderCurrency} is not below the automatic approval limit of ${limit}`;
  return {
    kind: 'approver',
    approver: policy.approvers.primary,
    escalateTo: policy.approvers.secondary,
    remindAfterHours: policy.remindAfterHours ?? DEFAULT_APPROVAL_TIMING.remindAfterHours,
    escalateAfterHours: policy.escalateAfterHours ?? DEFAULT_APPROVAL_TIMING.escalateAfterHours,
    reason,
  };
}

/** The bare, lowercased address of `Name <addr>` or `addr`. */
function bareAddress(email: string): string {
  const angle = /<([^>]*)>/.exec(email);
  return (angle ? angle[1] : email).trim().toLowerCase();
}

/**
 * Whether `email` (a bare address or `Name <address>`, any case) is one of the policy's approvers,
 * so an approval reply from anyone else can be refused.
 */
export function isKnownApprover(email: string, policy: ApprovalPolicy): boolean {
  const address = bareAddress(email);
  if (!address) return false;
  return [policy.approvers.primary, policy.approvers.secondary].some((a) => bareAddress(a) === address);
}
