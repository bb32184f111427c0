import { createHash } from 'node:crypto';

/** Domain of the Message-IDs this package makes up for messages that came without one. */
export const SYNTHETIC_MESSAGE_ID_DOMAIN = 'orchestrator.local';

/**
 * The canonical form of a Message-ID: angle brackets, no whitespace (`<id@host>`).
 * Accepts `id@host`, `<id@host>` and folded or padded variants; `undefined` when nothing is left.
 * @example normalizeMessageId(' CAF1x@mail.example.com ') // '<CAF1x@mail.example.com>'
 */
export function normalizeMessageId(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  // A bracketed id wins over anything around it, such as a trailing `(comment)`.
  const bracketed = /<([^<>]*)>/.exec(value);
  let inner = bracketed ? (bracketed[1] as string) : value;
  // Folding whitespace and list separators are never part of an id (RFC 5322 §3.6.4).
  inner = trimSeparators(inner.replace(/\s+/g, ''));
  return inner ? `<${inner}>` : undefined;
}

/**
 * `value` without leading `,`/`<` and trailing `,`/`>`. A loop, not `/[,>]+$/`: that regex is
 * quadratic on a long run of separators before the end (a forged header is cheap to send).
 */
function trimSeparators(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ',' || value[start] === '<')) start++;
  while (end > start && (value[end - 1] === ',' || value[end - 1] === '>')) end--;
  return value.slice(start, end);
}

/**
 * Splits a `References` / `In-Reply-To` value into canonical Message-IDs, in order, without repeats.
 * Tolerates missing brackets and comma separators, which real mailers produce.
 * @example parseMessageIdList('<a@x> b@y, <c@z>') // ['<a@x>', '<b@y>', '<c@z>']
 */
export function parseMessageIdList(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const joined = (typeof value === 'string' ? [value] : value).join(' ').replace(/\([^()]*\)/g, ' ');
  const tokens = joined.match(/<[^<>]*>|[^\s,<>]+/g) ?? [];
  const ids: string[] = [];
  for (const token of tokens) {
    const id = normalizeMessageId(token);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The headers that place a message in its thread. */
export interface ThreadHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: readonly string[];
}

/**
 * The thread id of a message: the Message-ID of the thread's root. That is the first entry of
 * `References` when present, else `In-Reply-To`, else the message's own Message-ID.
 *
 * Why the root: RFC 5322 §3.6.4 has every reply copy its parent's `References` (or its
 * `In-Reply-To`) and append the parent's id, so the first entry is the same for every message of
 * a thread, however deep. Each thread therefore maps to one workflow, whichever message arrives.
 * @throws {TypeError} when `messageId` is empty.
 * @example
 * deriveThreadId({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] }) // '<a@x>'
 */
export function deriveThreadId(headers: ThreadHeaders): string {
  const own = normalizeMessageId(headers.messageId);
  if (!own) throw new TypeError('messageId must not be empty');
  const root = parseMessageIdList(headers.references ?? [])[0] ?? normalizeMessageId(headers.inReplyTo);
  return root ?? own;
}

/** What identifies a message that has no Message-ID of its own. */
export interface SyntheticIdParts {
  from: string;
  /** The raw `Date` header, if any: never the time of arrival, which differs per delivery. */
  date?: string;
  subject: string;
  body: string;
}

/**
 * A stable Message-ID for a message that has none: `<sha256(from, date, subject, body)@orchestrator.local>`.
 * The same message redelivered gets the same id, so the thread ignores it as a duplicate.
 * @example syntheticMessageId({ from: 'a@x.com', subject: 'Hi', body: 'Hello' }) // '<3f1c…@orchestrator.local>'
 */
export function syntheticMessageId(parts: SyntheticIdParts): string {
  // JSON keeps the fields apart, so ('ab','c') and ('a','bc') hash differently.
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.from.toLowerCase(), parts.date ?? '', parts.subject, parts.body]))
    .digest('hex');
  return `<${digest}@${SYNTHETIC_MESSAGE_ID_DOMAIN}>`;
}
