import { z } from 'zod';
import { controlCharacterReason, firstControlCharacter } from './control-characters';
import { automatedMailSchema, messageAuthenticationSchema } from './trust';

/** Upper bounds that keep one message well under Temporal's payload limits. */
export const EMAIL_LIMITS = {
  messageIdLength: 998,
  subjectLength: 998,
  textLength: 64 * 1024,
  htmlLength: 128 * 1024,
  recipients: 100,
  references: 200,
  attachments: 100,
} as const;

/**
 * Refuses ids with control characters (NUL, CR, LF, DEL, C1), naming the first one: they are never
 * legitimate, and a stored NUL fails PostgreSQL on every retry. Used by every id field.
 */
export function withoutControlCharacters<T extends z.ZodType<string>>(schema: T): T {
  return schema.superRefine((value, context) => {
    const found = firstControlCharacter(value);
    if (found) context.addIssue({ code: 'custom', message: controlCharacterReason(found), input: value });
  });
}

const messageId = withoutControlCharacters(
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(EMAIL_LIMITS.messageIdLength)
    .regex(/^[^\s]+$/, 'must not contain whitespace'),
);

export const emailAddressSchema = z.object({
  address: z
    .string()
    .trim()
    .pipe(z.email({ error: 'must be a valid email address' })),
  name: z.string().max(256).optional(),
});

/**
 * A blob in the blob store (`@org/orchestrator-blob-store`): content-addressed bytes kept outside
 * Temporal. `id` is `sha256:<hex>`.
 */
export const blobRefSchema = z.object({
  id: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 lowercase hex>'),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'),
});

/** A reference to an attachment whose bytes live outside Temporal (a blob store). */
export const attachmentRefSchema = z.object({
  id: z.string().min(1),
  filename: z.string().min(1).max(512),
  contentType: z.string().min(1).max(256),
  size: z.number().int().nonnegative(),
  contentId: z.string().max(998).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256')
    .optional(),
});

/** Parts of a message that may be cut to fit the limits; what a `trimmed` entry names. */
export const EMAIL_TRIMMED_PARTS = ['subject', 'text', 'html', 'to', 'cc', 'references', 'attachments', 'recipient-names', 'attachment-names'] as const;

/**
 * One cut made to fit {@link EMAIL_LIMITS} or the signal budget: `kept` of `of` (characters for
 * `subject`, `text` and `html`; entries for lists; names left whole for `recipient-names` and
 * `attachment-names`). A body moved to the blob store (`textRef`/`htmlRef`) is not a cut.
 */
export const emailTrimSchema = z.object({
  part: z.enum(EMAIL_TRIMMED_PARTS),
  kept: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
});

/** One inbound email, as delivered to a thread workflow by `NEW_MESSAGE`. */
export const emailMessageSchema = z.object({
  messageId,
  threadId: messageId,
  from: emailAddressSchema,
  to: z.array(emailAddressSchema).max(EMAIL_LIMITS.recipients),
  cc: z.array(emailAddressSchema).max(EMAIL_LIMITS.recipients).default([]),
  subject: z.string().max(EMAIL_LIMITS.subjectLength),
  text: z.string().max(EMAIL_LIMITS.textLength),
  html: z.string().max(EMAIL_LIMITS.htmlLength).optional(),
  receivedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  inReplyTo: messageId.optional(),
  references: z.array(messageId).max(EMAIL_LIMITS.references).default([]),
  attachments: z.array(attachmentRefSchema).max(EMAIL_LIMITS.attachments).default([]),
  /** Set when the full text body was too big to carry: `text` is then an excerpt, the whole body is this blob. */
  textRef: blobRefSchema.optional(),
  /** Set when the full HTML body was too big to carry: `html` is then absent or an excerpt, the whole body is this blob. */
  htmlRef: blobRefSchema.optional(),
  /** How the ingress authenticated the sender (SPF, DKIM, DMARC, ARC). Absent: unauthenticated. */
  authentication: messageAuthenticationSchema.optional(),
  /** Set when the message is automatic mail (auto-reply, bulk, list, bounce): never answered automatically. */
  automated: automatedMailSchema.optional(),
  /** What was cut to fit (the parser's limits, the ingress's signal budget), one entry per part. Absent: nothing. */
  trimmed: z.array(emailTrimSchema).max(EMAIL_TRIMMED_PARTS.length).optional(),
});

export type EmailAddress = z.infer<typeof emailAddressSchema>;
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;
/** One cut made to fit a limit (see {@link emailTrimSchema}). */
export type EmailTrim = z.infer<typeof emailTrimSchema>;
/** A part a {@link EmailTrim} names. */
export type EmailTrimmedPart = (typeof EMAIL_TRIMMED_PARTS)[number];
/** A reference to bytes in the blob store. */
export type BlobRefPayload = z.infer<typeof blobRefSchema>;
/** A validated email message (defaults applied). */
export type EmailMessage = z.infer<typeof emailMessageSchema>;
/** What a sender may pass before defaults are applied (`cc`, `references`, `attachments` optional). */
export type EmailMessageInput = z.input<typeof emailMessageSchema>;
