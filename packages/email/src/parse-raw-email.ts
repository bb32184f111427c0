import { simpleParser } from 'mailparser';
import type { AddressObject, HeaderLines, ParsedMail, SimpleParserOptions } from 'mailparser';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { AttachmentRef, EmailAddress, EmailMessageInput, EmailTrim } from '@org/orchestrator-contracts';
import { EMAIL_LIMITS, emailAddressSchema, validateEmailMessage } from '@org/orchestrator-contracts';
import { attachmentRef } from './attachments';
import { automatedMailFromHeaders } from './automated-mail';
import { EmailParseError } from './errors';
import { htmlToPlainText } from './html-to-text';
import { deriveThreadId, normalizeMessageId, parseMessageIdList, syntheticMessageId } from './message-id';

/** Options of {@link parseRawEmail}. */
export interface ParseRawEmailOptions {
  /** When the message arrived; used only when it has no valid `Date` header. Defaults to now. */
  receivedAt?: Date;
  /**
   * Where attachment bytes and over-long bodies go. With a store, every attachment is stored
   * (`AttachmentRef.id` is its blob id) and a body over `inlineLimits` is stored whole, the message
   * keeping an excerpt and a `textRef` / `htmlRef`. Without one, only metadata is produced.
   */
  blobStore?: BlobStore;
  /** Body sizes (UTF-8 bytes) above which a body goes to the blob store. Default 32 KiB text, 64 KiB HTML. */
  inlineLimits?: { text?: number; html?: number };
}

/** Default {@link ParseRawEmailOptions.inlineLimits}. */
export const DEFAULT_INLINE_LIMITS = { text: 32 * 1024, html: 64 * 1024 } as const;

const PARSER_OPTIONS: SimpleParserOptions = {
  // Inline images stay `cid:` links: data URLs would bloat the HTML past the payload limits.
  keepCidLinks: true,
  // We hash attachments with SHA-256 ourselves; mailparser's MD5 would be wasted work.
  checksumAlgo: false,
};

const TRUNCATED = '\n[… truncated]';
const STORED = '\n[… truncated; the full text is in textRef]';
const MAX_NAME = 256;

/**
 * Parses a raw RFC 5322 message (an `.eml` file, an SMTP DATA payload) into a thread message.
 *
 * - Message-IDs are canonical (`<id@host>`); a message without one gets a stable id derived from
 *   its content ({@link syntheticMessageId}), so a redelivery is recognised as a duplicate.
 * - `threadId` is the root of the thread ({@link deriveThreadId}).
 * - `text` is always readable: an HTML-only message gets a plain text rendering of its HTML.
 * - `receivedAt` is the `Date` header, else `options.receivedAt`, else now.
 * - Attachments become {@link AttachmentRef} metadata (SHA-256, size); their bytes are not carried,
 *   but stored in `options.blobStore` when one is given (the ref's `id` is then the blob id).
 * - With a blob store, a text body over `inlineLimits.text` is stored whole and `text` becomes an
 *   excerpt with `textRef`; an HTML body over `inlineLimits.html` is stored with `htmlRef` and `html`
 *   is left out (half a document renders worse than the text rendering).
 * - The result fits the contracts schema: text is truncated and over-long HTML dropped at
 *   {@link EMAIL_LIMITS}; recipients, references and attachments are capped there too;
 *   recipients whose address is not valid are left out. Each cut is recorded in `trimmed`
 *   (`{ part, kept, of }`).
 * - `automated` is set for automatic mail (`Auto-Submitted` other than `no`, `Precedence:
 *   bulk|list|junk`, `List-Id`), so no path answers an auto-reply or a list automatically.
 *
 * @throws {EmailParseError} when the input is not an email (no headers, no valid `From`).
 * @example
 * const message = await parseRawEmail(await readFile('message.eml'));
 * await deliverEmail(client, message, { taskQueue });
 */
export async function parseRawEmail(raw: Buffer | string, options: ParseRawEmailOptions = {}): Promise<EmailMessageInput> {
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) {
    throw new EmailParseError('not-an-email', 'expected the raw message as a Buffer or a string');
  }
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (!looksLikeHeaders(bytes)) {
    throw new EmailParseError('not-an-email', 'no email header section found (expected lines like "From: …", "Subject: …")');
  }
  const nul = headerSectionNul(bytes);
  if (nul >= 0) throw new EmailParseError('not-an-email', `the header section contains a NUL byte (at byte ${nul}): binary data, not mail`);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    throw new EmailParseError('malformed-mime', `cannot parse the message: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  if (mail.headers.size === 0) {
    throw new EmailParseError('not-an-email', 'no email headers found (expected "From:", "To:", "Subject:" …)');
  }

  checkMultipartBoundary(mail, bytes);
  const from = senderOf(mail);
  const rawDate = headerValue(mail.headerLines, 'date');
  const trims: EmailTrim[] = [];
  const cut = (part: EmailTrim['part'], kept: number, of: number) => {
    if (kept < of) trims.push({ part, kept, of });
  };
  const fullSubject = mail.subject ?? '';
  const subject = truncate(fullSubject, EMAIL_LIMITS.subjectLength, '');
  cut('subject', subject.length, fullSubject.length);
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : undefined;
  const body = bodyText(mail.text, html);

  const messageId = normalizeMessageId(mail.messageId) ?? syntheticMessageId({ from: from.address, date: rawDate, subject, body });
  const inReplyTo = parseMessageIdList(mail.inReplyTo)[0];
  const allReferences = parseMessageIdList(mail.references);
  const references = capReferences(allReferences);
  cut('references', references.length, allReferences.length);
  const to = recipients(mail.to);
  const cc = recipients(mail.cc);
  cut('to', to.kept.length, to.of);
  cut('cc', cc.kept.length, cc.of);
  cut('attachments', Math.min(mail.attachments.length, EMAIL_LIMITS.attachments), mail.attachments.length);

  const message: EmailMessageInput = {
    messageId,
    threadId: deriveThreadId({ messageId, inReplyTo, references }),
    from,
    to: to.kept,
    cc: cc.kept,
    subject,
    text: truncate(body, EMAIL_LIMITS.textLength, TRUNCATED),
    receivedAt: receivedAt(rawDate, options.receivedAt),
    references,
    attachments: await storeAttachments(mail, options.blobStore),
  };
  const limits = { ...DEFAULT_INLINE_LIMITS, ...options.inlineLimits };
  const { blobStore } = options;
  if (blobStore && Buffer.byteLength(body) > limits.text) {
    message.textRef = await blobStore.put(Buffer.from(body, 'utf8'), { contentType: 'text/plain; charset=utf-8' });
    message.text = truncate(body, Math.min(limits.text, EMAIL_LIMITS.textLength), STORED);
  } else if (message.text !== body) {
    cut('text', message.text.length - TRUNCATED.length, body.length);
  }
  if (blobStore && html !== undefined && Buffer.byteLength(html) > limits.html) {
    message.htmlRef = await blobStore.put(Buffer.from(html, 'utf8'), { contentType: 'text/html; charset=utf-8' });
  } else if (html !== undefined && html.length <= EMAIL_LIMITS.htmlLength) {
    // Over-long HTML is dropped rather than cut: half a document renders worse than the text.
    message.html = html;
  } else if (html !== undefined) {
    cut('html', 0, html.length);
  }
  if (inReplyTo) message.inReplyTo = inReplyTo;
  const automated = automatedMailFromHeaders(mail.headerLines);
  if (automated) message.automated = automated;
  if (trims.length) message.trimmed = trims;

  const checked = validateEmailMessage(message);
  if (!checked.ok) {
    const summary = checked.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    throw new EmailParseError('invalid-message', `the parsed message is not valid: ${summary}`, checked.issues);
  }
  return message;
}

async function storeAttachments(mail: ParsedMail, blobStore: BlobStore | undefined): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const [index, attachment] of mail.attachments.slice(0, EMAIL_LIMITS.attachments).entries()) {
    const ref = attachmentRef(attachment, index);
    if (blobStore) {
      const blob = await blobStore.put(attachment.content, { contentType: ref.contentType });
      ref.id = blob.id;
    }
    refs.push(ref);
  }
  return refs;
}

/**
 * Whether the input starts like an RFC 5322 header section: a header field (`Name: value`) or an
 * mbox `From ` line, with no NUL byte before it.
 */
function looksLikeHeaders(bytes: Buffer): boolean {
  const firstLine = bytes.subarray(0, 8192).toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  return /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(firstLine) || /^From \S/.test(firstLine);
}

/** Where the first NUL byte of the header section (in its first 8 KiB) is, or -1: binary files are not mail. */
function headerSectionNul(bytes: Buffer): number {
  const head = bytes.subarray(0, 8192);
  const end = head.indexOf('\n\n') >= 0 ? head.indexOf('\n\n') : head.indexOf('\r\n\r\n');
  return head.subarray(0, end >= 0 ? end : head.length).indexOf(0);
}

/**
 * A multipart message whose boundary is missing, or never occurs in the body, has lost its
 * parts: mailparser would return an empty message. Refuse it rather than deliver nothing.
 */
function checkMultipartBoundary(mail: ParsedMail, bytes: Buffer): void {
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const type = contentType?.value?.toLowerCase() ?? '';
  if (!type.startsWith('multipart/')) return;
  const boundary = contentType?.params?.['boundary'];
  if (!boundary) {
    throw new EmailParseError('malformed-mime', `the message is ${type} but its Content-Type has no boundary parameter`);
  }
  if (!bytes.includes(`--${boundary}`)) {
    throw new EmailParseError('malformed-mime', `the MIME boundary "${boundary}" declared by Content-Type never occurs in the body`);
  }
}

/** Every mailbox of an address header, groups flattened. */
function mailboxes(header: AddressObject | AddressObject[] | undefined): { address?: string; name: string }[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry])));
}

function toAddress(mailbox: { address?: string; name: string }): EmailAddress | undefined {
  const parsed = emailAddressSchema.safeParse({ address: mailbox.address ?? '' });
  if (!parsed.success) return undefined;
  const name = mailbox.name.trim();
  return name ? { address: parsed.data.address, name: name.slice(0, MAX_NAME) } : { address: parsed.data.address };
}

function senderOf(mail: ParsedMail): EmailAddress {
  const sender = mailboxes(mail.from).find((mailbox) => mailbox.address?.trim());
  if (!sender) throw new EmailParseError('missing-from', 'the message has no From address');
  const address = toAddress(sender);
  if (!address) {
    throw new EmailParseError('invalid-from', `the From address is not a valid email address: ${sender.address}`);
  }
  return address;
}

/** The valid, distinct recipients, capped at {@link EMAIL_LIMITS}; `of` counts them before the cap. */
function recipients(header: AddressObject | AddressObject[] | undefined): { kept: EmailAddress[]; of: number } {
  const seen = new Set<string>();
  const result: EmailAddress[] = [];
  for (const mailbox of mailboxes(header)) {
    const address = toAddress(mailbox);
    if (!address || seen.has(address.address.toLowerCase())) continue;
    seen.add(address.address.toLowerCase());
    result.push(address);
  }
  return { kept: result.slice(0, EMAIL_LIMITS.recipients), of: result.length };
}

function bodyText(text: string | undefined, html: string | undefined): string {
  // No-break spaces (from `&nbsp;` in converted HTML) would defeat plain keyword matching downstream.
  // trimEnd, not /\s+$/: that regex is quadratic on a long run of whitespace before the end.
  const plain = (text ?? '').replace(/\u00a0/g, ' ').trimEnd();
  if (plain.trim() || html === undefined) return plain;
  // mailparser already renders HTML-only mail as text; this covers a failed conversion.
  return htmlToPlainText(html);
}

/** The unfolded value of the first header named `name`, as written (mailparser rewrites a bad Date to now). */
function headerValue(lines: HeaderLines, name: string): string | undefined {
  const line = lines.find((l) => l.key === name)?.line;
  if (line === undefined) return undefined;
  const value = line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
  return value || undefined;
}

function receivedAt(rawDate: string | undefined, fallback: Date | undefined): string {
  const dated = rawDate === undefined ? undefined : new Date(rawDate);
  if (dated && !Number.isNaN(dated.getTime())) return dated.toISOString();
  if (fallback && !Number.isNaN(fallback.getTime())) return fallback.toISOString();
  return new Date().toISOString();
}

/** Keeps the root (the thread id) and the most recent ancestors, as RFC 5322 §3.6.4 suggests when trimming. */
function capReferences(references: string[]): string[] {
  const max = EMAIL_LIMITS.references;
  return references.length <= max ? references : [references[0] as string, ...references.slice(-(max - 1))];
}

function truncate(value: string, max: number, marker: string): string {
  return value.length <= max ? value : value.slice(0, max - marker.length) + marker;
}
