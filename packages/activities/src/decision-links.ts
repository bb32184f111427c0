import { z } from 'zod';
import type { DecisionLinkUrls } from '@org/orchestrator-contracts/client';
import { assertStrongSecret, decisionLinkUrls } from '@org/orchestrator-contracts/client';
import type { EnvSource } from '@org/orchestrator-contracts';
import { APPROVAL_SUBJECTS, EnvVariableError, SHARED_ENV, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
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

/** The decision links' own variable (`INBOX_BASE_URL` and `INBOX_SECRET` are the shared ones, `SHARED_ENV`). */
export const DECISION_LINK_ENV = {
  ttlHours: defineEnvVariable({
    name: 'INBOX_LINK_TTL_HOURS',
    schema: envSchemas.number({ min: 0, exclusiveMin: true }),
    default: '`168` (7 days)',
    meaning: 'How long the one-click approve/reject links in approval emails stay valid (with `INBOX_BASE_URL`)',
  }),
} as const;

/**
 * Reads the inbox's link settings from the environment: `INBOX_BASE_URL`, `INBOX_SECRET`,
 * `INBOX_LINK_TTL_HOURS`; `undefined` when `INBOX_BASE_URL` is unset (the emails then carry the
 * command-line instructions only).
 * @throws {EnvVariableError} naming the variable: `INBOX_BASE_URL` not a URL, set without a strong `INBOX_SECRET`, a bad TTL.
 */
export function inboxLinksFromEnv(env: EnvSource = process.env): InboxLinkSettings | undefined {
  const baseUrl = readEnvVariable(env, SHARED_ENV.inboxBaseUrl);
  if (!baseUrl) return undefined;
  const secret = readEnvVariable(env, SHARED_ENV.inboxSecret) ?? '';
  try {
    assertStrongSecret(secret, 'INBOX_SECRET');
  } catch (error) {
    throw new EnvVariableError('INBOX_SECRET', (error as Error).message.replace(/^INBOX_SECRET /, ''));
  }
  const hours = readEnvVariable(env, DECISION_LINK_ENV.ttlHours);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new EnvVariableError('INBOX_BASE_URL', `must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  return { baseUrl: url.toString(), secret, ...(hours ? { ttlMs: hours * 3600_000 } : {}) };
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
