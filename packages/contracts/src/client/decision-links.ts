import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { APPROVAL_SUBJECTS } from '../decisions';
import { SignedTokenError, signToken, verifyToken } from './signed-token';

/** The `purpose` of decision-link tokens: nothing else is accepted as one. */
export const DECISION_LINK_PURPOSE = 'decision-link';

/** How long a one-click link is valid by default (7 days); past it, the approver decides in the inbox. */
export const DEFAULT_DECISION_LINK_TTL_MS = 7 * 24 * 3600_000;

/**
 * What a one-click decision link is bound to. `id` is the Temporal update id the decision is sent
 * with, so the same link used twice is the same update, which a thread applies at most once.
 */
export interface DecisionLink {
  id: string;
  threadId: string;
  subject: (typeof APPROVAL_SUBJECTS)[number];
  decision: 'approved' | 'rejected';
  /** The approver the link was made for: only they may confirm it. */
  approver: string;
  /** The decision slot: the pending approval's `requestedAt`. A link for an earlier approval does not decide a later one. */
  slot: string;
}

const decisionLinkSchema = z.object({
  id: z.string().uuid(),
  threadId: z.string().min(1).max(1000),
  subject: z.enum(APPROVAL_SUBJECTS),
  decision: z.enum(['approved', 'rejected']),
  approver: z.string().min(3).max(320),
  slot: z.string().min(1).max(40),
});

/** The two one-click links of one approval request, as full URLs. */
export interface DecisionLinkUrls {
  approve: string;
  reject: string;
  expiresAt: string;
}

/** Makes a signed decision-link token (a fresh update id each time). */
export function signDecisionLink(secret: string, link: Omit<DecisionLink, 'id'>, expiresAt: number, id: string = randomUUID()): string {
  return signToken(secret, DECISION_LINK_PURPOSE, { ...decisionLinkSchema.parse({ ...link, id }) }, expiresAt);
}

/**
 * Reads a decision-link token.
 * @throws {SignedTokenError} forged, expired, malformed, or not a decision link.
 */
export function verifyDecisionLink(secret: string, token: string, now = Date.now()): DecisionLink & { expiresAt: number } {
  const payload = verifyToken<Record<string, unknown>>(secret, DECISION_LINK_PURPOSE, token, now);
  const parsed = decisionLinkSchema.safeParse(payload);
  if (!parsed.success) throw new SignedTokenError('malformed');
  return { ...parsed.data, expiresAt: payload.exp };
}

/**
 * The approve and reject links for one pending approval, `<baseUrl>/links/<token>`, as put in
 * the approval and escalation emails.
 */
export function decisionLinkUrls(
  options: { baseUrl: string; secret: string; ttlMs?: number; now?: number },
  link: Omit<DecisionLink, 'id' | 'decision'>,
): DecisionLinkUrls {
  const expiresAt = (options.now ?? Date.now()) + (options.ttlMs ?? DEFAULT_DECISION_LINK_TTL_MS);
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = (decision: DecisionLink['decision']) => `${base}/links/${signDecisionLink(options.secret, { ...link, decision }, expiresAt)}`;
  return { approve: url('approved'), reject: url('rejected'), expiresAt: new Date(expiresAt).toISOString() };
}
