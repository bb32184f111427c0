import { z } from 'zod';
import type { DecisionLinkUrls } from '@org/orchestrator-contracts/client';
import { assertStrongSecret, decisionLinkUrls } from '@org/orchestrator-contracts/client';
import { APPROVAL_SUBJECTS } from '@org/orchestrator-contracts';
import { parseInput } from './errors';

/**
 * Where the task inbox runs and the secret it checks one-click links with (`INBOX_BASE_URL`,
 * `INBOX_SECRET`, `INBOX_LINK_TTL_HOURS`: the same values as the inbox's).
 */
export interface InboxLinkSettings {
  baseUrl: string;
  secret: string;
  /** How long a link is valid; default 7 days. */
  ttlMs?: number;
}

/** Input of `decisionLinks`: the pending approval a link decides, and the approver it is for. */
export interface DecisionLinksInput {
  threadId: string;
  subject: (typeof APPROVAL_SUBJECTS)[number];
  approver: string;
  /** The pending approval's `requestedAt`. */
  slot: string;
}

const decisionLinksSchema = z.object({
  threadId: z.string().min(1).max(1000),
  subject: z.enum(APPROVAL_SUBJECTS),
  approver: z.string().min(3).max(320),
  slot: z.string().min(1).max(40),
});

/**
 * Reads the inbox's link settings from the environment; `undefined` when `INBOX_BASE_URL` is unset
 * (the emails then carry the command-line instructions only).
 * @throws {Error} when `INBOX_BASE_URL` is set without a strong `INBOX_SECRET`.
 */
export function inboxLinksFromEnv(env: NodeJS.ProcessEnv = process.env): InboxLinkSettings | undefined {
  const baseUrl = env['INBOX_BASE_URL']?.trim();
  if (!baseUrl) return undefined;
  const secret = env['INBOX_SECRET'] ?? '';
  assertStrongSecret(secret, 'INBOX_SECRET');
  const hours = env['INBOX_LINK_TTL_HOURS'] ? Number(env['INBOX_LINK_TTL_HOURS']) : undefined;
  if (hours !== undefined && !(hours > 0)) throw new Error('INBOX_LINK_TTL_HOURS must be a positive number');
  return { baseUrl: new URL(baseUrl).toString(), secret, ...(hours ? { ttlMs: hours * 3600_000 } : {}) };
}

/** The `decisionLinks` activity: signed one-click approve/reject links for an approval email. */
export function createDecisionLinkActivities({ inbox, now }: { inbox?: InboxLinkSettings; now: () => Date }) {
  return {
    /**
     * Signs the approve and reject links of one pending approval for one approver, or returns
     * `null` when no inbox is configured. The result is recorded in the workflow's history, so a
     * replay puts the same links in the same email.
     */
    async decisionLinks(input: DecisionLinksInput): Promise<DecisionLinkUrls | null> {
      const link = parseInput('decisionLinks', decisionLinksSchema, input);
      if (!inbox) return null;
      return decisionLinkUrls({ baseUrl: inbox.baseUrl, secret: inbox.secret, now: now().getTime(), ...(inbox.ttlMs ? { ttlMs: inbox.ttlMs } : {}) }, link);
    },
  };
}
