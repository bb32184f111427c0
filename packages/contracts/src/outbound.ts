import { z } from 'zod';
import { EMAIL_LIMITS, attachmentRefSchema, emailAddressSchema, withoutControlCharacters } from './email';

const messageId = withoutControlCharacters(
  z
    .string()
    .trim()
    .max(EMAIL_LIMITS.messageIdLength)
    .regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must look like <id@host>'),
);

/** Headers an outbound email may not set through `headers`: they come from its own fields. */
export const RESERVED_OUTBOUND_HEADERS = [
  'bcc',
  'cc',
  'content-transfer-encoding',
  'content-type',
  'date',
  'from',
  'in-reply-to',
  'message-id',
  'mime-version',
  'references',
  'reply-to',
  'sender',
  'subject',
  'to',
] as const;

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,75}$/, 'must be a header name (letters, digits, dashes)')
  .refine((name) => !(RESERVED_OUTBOUND_HEADERS as readonly string[]).includes(name.toLowerCase()), {
    message: 'is set from the email fields, not from headers',
  });

/**
 * One email the orchestrator sends. Workflows build it (usually with the email package's
 * `composeReply`); the `sendEmail` activity validates it and delivers it once per `messageId`,
 * which the workflow derives deterministically so a retried or replayed send reuses it.
 * Attachments are blob references: their bytes are streamed from the blob store when sending.
 *
 * **Outbound Message-ID** is the one term for the Message-ID of an email the orchestrator sends
 * (`FlowContext.outboundMessageId(step)` derives it). Fields recorded in histories, carried in
 * state, sent in update results or stored in tables keep the names they were recorded under:
 * `messageId` here, `replyMessageId` (`sendReply` input, `MessageOutcome`, a support turn, an
 * agent's reply and its receipt, the ledger's `reply_message_id`) and `notificationMessageId`
 * (`notifyEscalation` input). Code that handles one calls it `outboundMessageId`.
 */
export const outboundEmailSchema = z.object({
  /** The outbound Message-ID. */
  messageId,
  threadId: withoutControlCharacters(z.string().trim().min(1).max(EMAIL_LIMITS.messageIdLength)),
  from: emailAddressSchema,
  replyTo: emailAddressSchema.optional(),
  to: z.array(emailAddressSchema).min(1, 'needs at least one recipient').max(EMAIL_LIMITS.recipients),
  cc: z.array(emailAddressSchema).max(EMAIL_LIMITS.recipients).default([]),
  subject: z.string().max(EMAIL_LIMITS.subjectLength),
  text: z.string().max(EMAIL_LIMITS.textLength),
  html: z.string().max(EMAIL_LIMITS.htmlLength).optional(),
  inReplyTo: messageId.optional(),
  references: z.array(messageId).max(EMAIL_LIMITS.references).default([]),
  attachments: z.array(attachmentRefSchema).max(EMAIL_LIMITS.attachments).default([]),
  /** The `Date` header (ISO 8601); the time of sending when absent. */
  date: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** Extra headers, e.g. `Auto-Submitted: auto-replied`; values are single lines. */
  headers: z
    .record(
      headerName,
      z
        .string()
        .max(998)
        .regex(/^[^\r\n]*$/, 'must be a single line'),
    )
    .optional(),
});

/** A validated outbound email (defaults applied). */
export type OutboundEmail = z.infer<typeof outboundEmailSchema>;
/** What a workflow may pass before defaults are applied (`cc`, `references`, `attachments` optional). */
export type OutboundEmailInput = z.input<typeof outboundEmailSchema>;
