/**
 * Email handling for Agent Orchestrator, on the Node mail ecosystem (mailparser, nodemailer):
 * raw MIME in, contract-valid thread messages out; threaded replies composed, rendered and sent.
 *
 * @example
 * import { composeReply, parseRawEmail, renderMime, stripQuotedReply } from '@org/orchestrator-email';
 *
 * const message = await parseRawEmail(await readFile('purchase-request.eml'), { blobStore });
 * const newContent = stripQuotedReply(message.text); // what an agent should read
 * const reply = composeReply({ original: message, from, messageId: '<r1@orchestrator.local>', text: 'Thanks!' });
 * const mime = await renderMime(reply, blobStore); // Message-ID, In-Reply-To, References, Re: subject
 *
 * // A reply that names only its parent finds its thread through the thread index:
 * const index = openSqliteThreadIndex('.data/orchestrator.sqlite'); // from '@org/orchestrator-email/sqlite'
 * const { threadId } = await resolveThread(index, message);
 *
 * @module
 */
export { attachmentRef } from './attachments';
export type { AttachmentSource } from './attachments';
export { automatedMailFromHeaders } from './automated-mail';
export { MAX_REPLY_REFERENCES, composeReply, replyReferences } from './compose-reply';
export type { ComposeReplyInput } from './compose-reply';
export { EmailParseError } from './errors';
export type { EmailParseReason } from './errors';
export { SYNTHETIC_MESSAGE_ID_DOMAIN, deriveThreadId, normalizeMessageId, parseMessageIdList, syntheticMessageId } from './message-id';
export type { SyntheticIdParts, ThreadHeaders } from './message-id';
export { DEFAULT_INLINE_LIMITS, parseRawEmail } from './parse-raw-email';
export type { ParseRawEmailOptions } from './parse-raw-email';
export { RenderMimeError, renderMime, renderMimeStream } from './render-mime';
export { replySubject } from './reply-subject';
export { stripQuotedReply } from './strip-quoted-reply';
export { resolveThread } from './thread-index/resolve-thread';
export type { ThreadPlacement } from './thread-index/resolve-thread';
export { THREAD_INDEX_MAX_LOOKUP, ThreadIndexInputError } from './thread-index/thread-index';
export type { ThreadIndex, ThreadIndexDirection, ThreadIndexRecord } from './thread-index/thread-index';
export { createFileOutbox, outboxFileName } from './transport/file-outbox';
export type { MailEnvelope, MailTransport, RawMail, TransportReceipt } from './transport/mail-transport';
export { createSmtpTransport, redactSmtpUrl } from './transport/smtp-transport';
export type { DkimSigningKey, SmtpTransportOptions } from './transport/smtp-transport';
