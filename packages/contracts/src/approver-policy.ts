import { z } from 'zod';
import { emailAddressSchema } from './email';

/**
 * Who must approve, shared by every approval (the procurement purchase, the support refund).
 * Workflow-safe: pure functions and schemas, used by the flow configuration (validated at worker
 * start) and by the approval module (which applies it inside the workflow).
 */

/** `first`: the first decision of a required approver decides. `all`: every required approver must approve; one rejection rejects. */
export const APPROVAL_MODES = ['first', 'all'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** Most approvers a tier may require: every one of them is mailed and reminded. */
export const MAX_TIER_APPROVERS = 10;

const approverAddress = emailAddressSchema.shape.address;

/** One row of the amount matrix: amounts strictly above `above` (in the flow's currency) need `approvers`. */
export const approvalTierSchema = z.object({
  above: z.number().finite().nonnegative(),
  approvers: z
    .array(approverAddress)
    .min(1, 'a tier needs at least one approver')
    .max(MAX_TIER_APPROVERS, `a tier may require at most ${MAX_TIER_APPROVERS} approvers`)
    .refine((list) => new Set(list.map((a) => a.trim().toLowerCase())).size === list.length, 'lists an approver twice'),
});
export type ApprovalTier = z.infer<typeof approvalTierSchema>;

/**
 * The approval policy of a flow: the mode and the amount matrix. Below the first tier (or with no
 * tiers) the flow's primary approver decides alone, as before policies existed.
 */
export const approverPolicySchema = z.object({
  mode: z.enum(APPROVAL_MODES),
  /** Ordered by `above`, strictly increasing; the highest tier the amount is above applies. */
  tiers: z.array(approvalTierSchema).max(20),
});
export type ApproverPolicy = z.infer<typeof approverPolicySchema>;

/** Today's behaviour: the primary approver decides alone, escalating to the second. */
export const DEFAULT_APPROVER_POLICY: ApproverPolicy = { mode: 'first', tiers: [] };

/** Checks the tiers' order on top of {@link approverPolicySchema}: each `above` greater than the one before. */
export const orderedApproverPolicySchema = approverPolicySchema.superRefine((policy, ctx) => {
  policy.tiers.forEach((tier, i) => {
    const before = policy.tiers[i - 1];
    if (before && tier.above <= before.above) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', i, 'above'],
        message: `must be greater than the tier before (${before.above}): tiers are ordered by amount`,
      });
    }
  });
});

/** The approvers an amount needs, and the tier that chose them (absent: below every tier). */
export interface RequiredApprovers {
  approvers: string[];
  tierAbove?: number;
}

/**
 * The approvers who must decide `amount` `currency` under `policy`: those of the highest tier the
 * amount is strictly above, else `[primary]`. There is no currency conversion: an amount in another
 * currency than the flow's, or one that is not a valid price (negative, `NaN`, `Infinity`), takes the
 * highest tier, so it can never slip under a limit.
 * @example
 * const policy = { mode: 'all', tiers: [{ above: 5000, approvers: ['cfo@example.com', 'ceo@example.com'] }] } as const;
 * requiredApprovers(policy, 5000, 'EUR', 'EUR', 'lead@example.com'); // { approvers: ['lead@example.com'] }
 * requiredApprovers(policy, 5000.01, 'EUR', 'EUR', 'lead@example.com'); // { approvers: ['cfo@…', 'ceo@…'], tierAbove: 5000 }
 */
export function requiredApprovers(policy: ApproverPolicy, amount: number, currency: string, flowCurrency: string, primary: string): RequiredApprovers {
  const comparable = Number.isFinite(amount) && amount >= 0 && currency.trim().toUpperCase() === flowCurrency.trim().toUpperCase();
  const tiers = policy.tiers.filter((t) => !comparable || amount > t.above);
  const tier = tiers[tiers.length - 1];
  return tier ? { approvers: [...tier.approvers], tierAbove: tier.above } : { approvers: [primary] };
}

/** A policy in words, fit to show a person, e.g. `all of 2 approvers (above 5000 EUR)`. */
export function describeApproverPolicy(mode: ApprovalMode, required: readonly string[], tierAbove: number | undefined, currency: string): string {
  const who = required.length === 1 ? 'one approver' : mode === 'all' ? `all of ${required.length} approvers` : `the first of ${required.length} approvers`;
  return tierAbove === undefined ? who : `${who} (above ${tierAbove} ${currency})`;
}
