import { z } from 'zod';
import type { EmailMessage } from './email';

/** A verdict of one authentication method, as named in RFC 8601 `Authentication-Results`. */
export const AUTH_VERDICTS = ['pass', 'fail', 'softfail', 'neutral', 'none', 'policy', 'temperror', 'permerror'] as const;
export type AuthVerdict = (typeof AUTH_VERDICTS)[number];

const verdict = z.enum(AUTH_VERDICTS);
const domain = z.string().trim().toLowerCase().max(255);

/**
 * How the sender of an inbound message was authenticated, set by the ingress (never by the sender).
 * Absent on messages delivered before authentication existed, or by a client that did not verify:
 * such a message is unauthenticated.
 */
export const messageAuthenticationSchema = z.object({
  /**
   * Who produced the verdicts: `ingress` (verified here with mailauth from the connection, the
   * envelope and the raw message), or the configured `authserv-id` whose `Authentication-Results`
   * header was trusted.
   */
  verifiedBy: z.string().trim().min(1).max(255),
  spf: z.object({ result: verdict, domain: domain.optional() }).optional(),
  /** One entry per DKIM signature checked (at most 10 kept). */
  dkim: z
    .array(z.object({ result: verdict, domain, selector: z.string().max(255).optional() }))
    .max(10)
    .default([]),
  dmarc: z.object({ result: verdict, domain: domain.optional(), policy: z.string().max(32).optional() }).optional(),
  arc: z.object({ result: verdict }).optional(),
  /**
   * The `From:` domain proven by this message: set only when DMARC passed (SPF or DKIM aligned with
   * `From:`), or when the message came through a trusted relay (see `relay`).
   */
  alignedDomain: domain.optional(),
  /** Set when the message came through an internal relay the ingress trusts (SMTP AUTH or a configured network). */
  relay: z.string().trim().max(255).optional(),
});
export type MessageAuthentication = z.infer<typeof messageAuthenticationSchema>;
export type MessageAuthenticationInput = z.input<typeof messageAuthenticationSchema>;

/** Why a message is automatic mail (RFC 3834 and common practice): never answered automatically. */
export const AUTOMATED_MAIL_KINDS = ['auto-submitted', 'precedence', 'list', 'mailer-daemon', 'no-reply'] as const;
export type AutomatedMailKind = (typeof AUTOMATED_MAIL_KINDS)[number];

/** What the ingress read from `Auto-Submitted`, `Precedence`, `List-Id` and the sender's local part. */
export const automatedMailSchema = z.object({
  kind: z.enum(AUTOMATED_MAIL_KINDS),
  /** The header value or address that showed it, e.g. `auto-replied`, `bulk`, `<list.example.com>`. */
  detail: z.string().max(256),
});
export type AutomatedMail = z.infer<typeof automatedMailSchema>;

const domainOf = (address: string) =>
  address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

/**
 * The sender's address when the message proves it: its `From:` domain is the aligned (DMARC-passed
 * or trusted-relay) domain. `undefined` for anything unauthenticated. Workflow-safe.
 * @example authenticatedSender(message) === 'buyer@corp.example' // only if DMARC passed for corp.example
 */
export function authenticatedSender(message: Pick<EmailMessage, 'from' | 'authentication'>): string | undefined {
  const aligned = message.authentication?.alignedDomain;
  const address = message.from.address.trim().toLowerCase();
  return aligned !== undefined && aligned.length > 0 && domainOf(address) === aligned ? address : undefined;
}

const AUTOMATED_LOCAL_PARTS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+._-].*)?$/i;

/**
 * Why `message` is automatic mail that must get no automatic reply, or `undefined` for a person's
 * mail. Reads what the ingress recorded (`automated`) and the sender's address, so a message
 * delivered by a client without the header check is still caught by its sender. Workflow-safe.
 */
export function automatedMail(message: Pick<EmailMessage, 'from' | 'automated'>): AutomatedMail | undefined {
  if (message.automated) return message.automated;
  const match = AUTOMATED_LOCAL_PARTS.exec(message.from.address.slice(0, message.from.address.lastIndexOf('@')));
  if (!match) return undefined;
  return { kind: /reply/i.test(match[1]) ? 'no-reply' : 'mailer-daemon', detail: message.from.address };
}
