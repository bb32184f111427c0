import { z } from 'zod';
import type { ApprovalTier, ApproverPolicy, EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import {
  APPROVAL_MODES,
  DEFAULT_APPROVER_POLICY,
  EnvVariableError,
  defineEnvVariable,
  envSchemas,
  orderedApproverPolicySchema,
  readEnvVariable,
} from '@org/orchestrator-contracts';

/**
 * How a flow declares and reads its approval policy settings (mode and amount matrix): the flows
 * declare their variables with {@link approverPolicyVariables}, tabled in the worker README.
 */

/**
 * `amount:approver,approver;amount:approver,…` → tiers (schema-checked, ordered); e.g.
 * `5000:cfo@example.com;20000:cfo@example.com,ceo@example.com`. Blank segments are ignored.
 */
const tiersSchema = z
  .string()
  .transform((raw, ctx): ApprovalTier[] => {
    const tiers: ApprovalTier[] = [];
    for (const segment of raw.split(';').map((s) => s.trim())) {
      if (!segment) continue;
      const match = /^(\d+(?:\.\d+)?)\s*:\s*(.+)$/.exec(segment);
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: `must be tiers like "5000:cfo@example.com;20000:cfo@example.com,ceo@example.com", got tier ${JSON.stringify(segment)}`,
        });
        return z.NEVER;
      }
      tiers.push({ above: Number(match[1]), approvers: (match[2] as string).split(',').map((a) => a.trim()) });
    }
    const checked = orderedApproverPolicySchema.safeParse({ mode: 'first', tiers });
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const [, index, field, position] = issue.path;
        const tier = typeof index === 'number' ? tiers[index] : undefined;
        const where = tier && typeof index === 'number' ? `tier ${index + 1} (above ${tier.above})` : 'tiers';
        const what = field === 'approvers' && typeof position === 'number' ? ` approver ${JSON.stringify(tier?.approvers[position])}` : '';
        ctx.addIssue({ code: 'custom', message: `${where}${what}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return checked.data.tiers;
  })
  .describe('tiers `amount:approver,approver;amount:…`, amounts increasing (e.g. `5000:cfo@example.com;20000:cfo@example.com,ceo@example.com`)');

const modeMeaning = (flow: string) =>
  `How the ${flow} approvers decide: \`first\`, the first decision of a required approver decides; \`all\`, every required approver must approve and one rejection rejects. Reminders and escalation go on for those who have not decided; there is no cap on how long an approval waits`;
const tiersMeaning = (flow: string, below: string, currency: string) =>
  `The ${flow} amount matrix in \`${currency}\`: amounts strictly above a tier's amount need its approvers (the highest such tier applies; an amount in another currency takes the highest). Below every tier ${below} decides alone. A requester listed in a tier is replaced by the second approver`;

/** A flow's two approval policy variables: its mode and its amount matrix. */
export interface ApproverPolicyVariables {
  mode: EnvVariableSpec<ApproverPolicy['mode']>;
  tiers: EnvVariableSpec<ApprovalTier[]>;
}

/**
 * Declares a flow's approval policy variables, e.g. procurement's `PROCUREMENT_APPROVAL_MODE` and
 * `PROCUREMENT_APPROVAL_TIERS`: `what` is what is approved (`purchase`), `below` who decides alone
 * below every tier, `currency` the variable naming the tiers' currency.
 */
export function approverPolicyVariables(names: { mode: string; tiers: string }, what: string, below: string, currency: string): ApproverPolicyVariables {
  return {
    mode: defineEnvVariable({ name: names.mode, schema: envSchemas.oneOf(APPROVAL_MODES), default: '`first`', meaning: modeMeaning(what) }),
    tiers: defineEnvVariable({ name: names.tiers, schema: tiersSchema, default: 'unset (no tiers)', meaning: tiersMeaning(what, below, currency) }),
  };
}

/** A flow's approval policy from the environment (defaults: {@link DEFAULT_APPROVER_POLICY}). */
export function approverPolicyFromEnv(env: EnvSource, variables: ApproverPolicyVariables): ApproverPolicy {
  return {
    mode: readEnvVariable(env, variables.mode, EnvVariableError) ?? DEFAULT_APPROVER_POLICY.mode,
    tiers: readEnvVariable(env, variables.tiers, EnvVariableError) ?? [],
  };
}

/**
 * `policy` checked against the schema (a configuration built in code, not from the environment);
 * `setting` names it in the error.
 * @throws {EnvVariableError} naming `setting` and the first problem.
 */
export function checkedApproverPolicy(policy: ApproverPolicy, setting: string): ApproverPolicy {
  const checked = orderedApproverPolicySchema.safeParse(policy);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  throw new EnvVariableError(setting, `is not a valid approval policy: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
}
