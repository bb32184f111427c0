import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerAttachment } from 'nodemailer/lib/mail-composer';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { EmailAddress, OutboundEmail } from '@org/orchestrator-contracts';
import { OrchestratorError } from '@org/orchestrator-contracts';

/** An outbound email cannot be rendered (e.g. it has attachments but no blob store was given). */
export class RenderMimeError extends OrchestratorError {
  override readonly name = 'RenderMimeError';
  constructor(message: string) {
    super('RenderMimeFailed', message);
  }
}

const address = (a: EmailAddress) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * Renders an outbound email as RFC 5322 MIME with nodemailer's MailComposer: the given
 * Message-ID (never a generated one), `In-Reply-To`, `References`, `Date` (`email.date`, else now)
 * and extra headers such as `Auto-Submitted`. Attachment bytes are streamed from `blobStore`
 * (an `AttachmentRef` with a `contentId` becomes an inline, `cid:`-addressable part).
 *
 * @returns a Buffer when the message has no attachments, else a stream (never the whole
 *   message in memory); see {@link renderMimeStream} to always get a stream.
 * @throws {RenderMimeError} when there are attachments but no blob store.
 * @example
 * const mime = await renderMime(reply, blobs);
 * await transport.send({ raw: mime, ... });
 */
export async function renderMime(email: OutboundEmail, blobStore?: BlobStore): Promise<Buffer | Readable> {
  const composer = await composerFor(email, blobStore);
  const node = composer.compile();
  return email.attachments.length ? node.createReadStream() : node.build();
}

/** {@link renderMime}, always as a stream. */
export async function renderMimeStream(email: OutboundEmail, blobStore?: BlobStore): Promise<Readable> {
  const mime = await renderMime(email, blobStore);
  return Buffer.isBuffer(mime) ? Readable.from([mime]) : mime;
}

async function composerFor(email: OutboundEmail, blobStore: BlobStore | undefined): Promise<MailComposer> {
  if (email.attachments.length && !blobStore) {
    throw new RenderMimeError(`${email.messageId} has ${email.attachments.length} attachment(s) but no blob store was given`);
  }
  const attachments: MailComposerAttachment[] = [];
  for (const ref of email.attachments) {
    const attachment: MailComposerAttachment = {
      filename: ref.filename,
      contentType: ref.contentType,
      content: await (blobStore as BlobStore).open(ref.id),
    };
    const cid = ref.contentId?.replace(/^<|>$/g, '');
    if (cid) {
      attachment.cid = cid;
      attachment.contentDisposition = 'inline';
    }
    attachments.push(attachment);
  }
  return new MailComposer({
    messageId: email.messageId,
    date: email.date ? new Date(email.date) : new Date(),
    from: address(email.from),
    replyTo: email.replyTo ? address(email.replyTo) : undefined,
    to: email.to.map(address),
    cc: email.cc.length ? email.cc.map(address) : undefined,
    subject: email.subject,
    inReplyTo: email.inReplyTo,
    references: email.references.length ? email.references.join(' ') : undefined,
    text: email.text,
    html: email.html,
    headers: email.headers,
    attachments,
  });
}
