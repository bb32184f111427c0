import type { AttachmentRef, EmailAddress, EmailMessage, OutboundEmail } from '@org/orchestrator-contracts';
import { EMAIL_LIMITS } from '@org/orchestrator-contracts';
import { replySubject } from './reply-subject';

/** Input of {@link composeReply}. */
export interface ComposeReplyInput {
  /** The message being answered. */
  original: Pick<EmailMessage, 'messageId' | 'threadId' | 'from' | 'subject' | 'references'> & Partial<Pick<EmailMessage, 'inReplyTo'>>;
  from: EmailAddress;
  /** The reply's own Message-ID (`<id@host>`), derived deterministically by the workflow. */
  messageId: string;
  text: string;
  html?: string;
  attachments?: AttachmentRef[];
  /** Defaults to the original sender. */
  to?: EmailAddress[];
  cc?: EmailAddress[];
  replyTo?: EmailAddress;
  /** `Date` header (ISO 8601); the send time when absent. Pass workflow time for reproducible output. */
  date?: string;
  /** Marks the reply `Auto-Submitted: auto-replied` (RFC 3834), so auto-responders don't answer it. Default true. */
  automatic?: boolean;
  /** Extra headers (not the structural ones). */
  headers?: Record<string, string>;
}

/** How many `References` a reply carries at most: the root plus the most recent ancestors. */
export const MAX_REPLY_REFERENCES = 20;

/**
 * The ancestors of a reply to `original`: its `References` (or, lacking those, its `In-Reply-To`)
 * followed by its own Message-ID (RFC 5322 §3.6.4), without repeats. Trimmed to
 * {@link MAX_REPLY_REFERENCES} keeping the first (the thread root, which is the thread id) and
 * the most recent ones.
 */
export function replyReferences(original: ComposeReplyInput['original']): string[] {
  const parents = original.references.length ? original.references : original.inReplyTo ? [original.inReplyTo] : [];
  const all = [...new Set([...parents, original.messageId])];
  const max = Math.min(MAX_REPLY_REFERENCES, EMAIL_LIMITS.references);
  return all.length <= max ? all : [all[0] as string, ...all.slice(-(max - 1))];
}

/**
 * A reply to `original` that mail clients thread correctly: `In-Reply-To` is the original's
 * Message-ID, `References` its ancestors plus that id, the subject has exactly one `Re:`, it goes
 * to the original sender unless `to` says otherwise, and is marked `Auto-Submitted: auto-replied`.
 * Pure and deterministic: no clock, no randomness (the caller supplies `messageId` and `date`).
 * @example
 * const reply = composeReply({ original, from: { address: 'orders@acme.example' }, messageId: '<r1@acme.example>', text: 'Thanks!' });
 * await sendEmail(reply);
 */
export function composeReply(input: ComposeReplyInput): OutboundEmail {
  const { original } = input;
  const headers: Record<string, string> = { ...(input.automatic === false ? {} : { 'Auto-Submitted': 'auto-replied' }), ...input.headers };
  const reply: OutboundEmail = {
    messageId: input.messageId,
    threadId: original.threadId,
    from: input.from,
    to: input.to ?? [original.from],
    cc: input.cc ?? [],
    subject: replySubject(original.subject),
    text: input.text,
    inReplyTo: original.messageId,
    references: replyReferences(original),
    attachments: input.attachments ?? [],
  };
  if (input.html !== undefined) reply.html = input.html;
  if (input.replyTo) reply.replyTo = input.replyTo;
  if (input.date) reply.date = input.date;
  if (Object.keys(headers).length) reply.headers = headers;
  return reply;
}
