import type { EmailAddress, EmailMessageInput } from '@org/orchestrator-contracts';
import { SYNTHETIC_MESSAGE_ID_DOMAIN, deriveThreadId, normalizeMessageId, parseMessageIdList } from '@org/orchestrator-email';
import { UsageError } from './errors';

/** The `deliver` flags that describe a message. */
export interface MessageFlags {
  from?: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  'message-id'?: string;
  'thread-id'?: string;
  'in-reply-to'?: string;
  references?: string[];
}

/** The `deliver` flags that describe a message, for parseArgs and for "cannot combine with --file". */
export const MESSAGE_FLAG_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string', multiple: true },
  cc: { type: 'string', multiple: true },
  subject: { type: 'string' },
  text: { type: 'string' },
  'message-id': { type: 'string' },
  'thread-id': { type: 'string' },
  'in-reply-to': { type: 'string' },
  references: { type: 'string', multiple: true },
} as const;

/**
 * `Name <address>` or a bare `address`. The address is checked later, by the contracts schema,
 * so a bad one is reported like any other invalid field.
 */
export function parseAddress(value: string): EmailAddress {
  const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(value);
  if (!match) return { address: value.trim() };
  const name = (match[1] as string).replace(/^"(.*)"$/, '$1').trim();
  const address = (match[2] as string).trim();
  return name ? { address, name } : { address };
}

/**
 * Builds a message from `deliver` flags. A missing Message-ID is generated
 * (`<uuid@orchestrator.local>`), a missing thread id derived from In-Reply-To/References,
 * and `receivedAt` is now. The result is not validated yet: `deliverEmail` does that.
 * @throws {UsageError} when a required flag is missing.
 */
export function messageFromFlags(flags: MessageFlags, context: { now: Date; newId: () => string }): EmailMessageInput {
  const missing = (['from', 'to', 'subject', 'text'] as const).filter((flag) => {
    const value = flags[flag];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((flag) => `--${flag}`).join(', ')} (or use --file)`, 'deliver');
  }

  const messageId = optionalId(flags['message-id'], '--message-id') ?? `<${context.newId()}@${SYNTHETIC_MESSAGE_ID_DOMAIN}>`;
  const inReplyTo = optionalId(flags['in-reply-to'], '--in-reply-to');
  const references = (flags.references ?? []).flatMap((value) => parseMessageIdList(value));
  const threadId = flags['thread-id']?.trim() || deriveThreadId({ messageId, inReplyTo, references });

  const message: EmailMessageInput = {
    messageId,
    threadId,
    from: parseAddress(flags.from as string),
    to: (flags.to ?? []).map(parseAddress),
    cc: (flags.cc ?? []).map(parseAddress),
    subject: flags.subject as string,
    text: flags.text as string,
    receivedAt: context.now.toISOString(),
    references,
  };
  if (inReplyTo) message.inReplyTo = inReplyTo;
  return message;
}

function optionalId(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const id = normalizeMessageId(value);
  if (!id) throw new UsageError(`${flag} must not be empty`, 'deliver');
  return id;
}
