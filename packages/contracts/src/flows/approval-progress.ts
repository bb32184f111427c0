import { describeApproverPolicy } from '../approver-policy';
import type { ApprovalMode } from '../approver-policy';
import type { ApprovalState } from './shared-state';

/** Where an approval under a policy stands, for people (the inbox, the command line). */
export interface ApprovalProgress {
  mode: ApprovalMode;
  /** The approvers the policy requires for this amount. */
  required: string[];
  /** Those of `required` who approved, and everyone who rejected, in the order they decided. */
  approved: string[];
  rejected: string[];
  /** Required approvers who have not decided (empty once the approval is settled). */
  awaited: string[];
  /** The policy in words, e.g. `all of 2 approvers (above 5000 EUR)`. */
  policy: string;
  /** `2 of 3 approved` (`all`), or `1 of 2 approvers asked` style for `first` while pending. */
  summary: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The progress of an approval asked for under a policy, or `undefined` for one asked for before
 * policies (one approver decided alone: its `decision` says everything).
 */
export function approvalProgress(approval: ApprovalState): ApprovalProgress | undefined {
  if (!approval.mode || !approval.required) return undefined;
  const decisions = approval.decisions ?? [];
  const decidedBy = (approver: string) => decisions.some((d) => same(d.approver, approver));
  const approved = approval.required.filter((a) => decisions.some((d) => d.decision === 'approved' && same(d.approver, a)));
  const rejected = decisions.filter((d) => d.decision === 'rejected').map((d) => d.approver);
  const awaited = approval.status === 'pending' ? approval.required.filter((a) => !decidedBy(a)) : [];
  const summary =
    approval.mode === 'all'
      ? `${approved.length} of ${approval.required.length} approved`
      : approval.required.length === 1
        ? 'one approver'
        : `first of ${approval.required.length} decides`;
  return {
    mode: approval.mode,
    required: [...approval.required],
    approved,
    rejected,
    awaited,
    policy: describeApproverPolicy(approval.mode, approval.required, approval.tierAbove, approval.currency),
    summary,
  };
}
