import { createHash } from 'node:crypto';
import type { AttachmentRef } from '@org/orchestrator-contracts';
import { EMAIL_LIMITS } from '@org/orchestrator-contracts';

/** What an attachment reference is built from: the decoded bytes and the part's MIME metadata. */
export interface AttachmentSource {
  content: Buffer;
  filename?: string;
  contentType?: string;
  contentId?: string;
}

const MAX_FILENAME = 512;
const MAX_CONTENT_TYPE = 256;

/**
 * Metadata of one attachment, without its bytes (they go to a blob store, not into workflow
 * history). `id` is content-addressed (`sha256:<hex>`), so the same file always has the same id.
 * @param index zero-based position, used for the `attachment-N` fallback name (N = index + 1).
 */
export function attachmentRef(source: AttachmentSource, index: number): AttachmentRef {
  const sha256 = createHash('sha256').update(source.content).digest('hex');
  const filename = source.filename?.trim() || `attachment-${index + 1}`;
  const contentType = source.contentType?.trim() || 'application/octet-stream';
  const ref: AttachmentRef = {
    id: `sha256:${sha256}`,
    filename: filename.slice(0, MAX_FILENAME),
    contentType: contentType.slice(0, MAX_CONTENT_TYPE),
    size: source.content.length,
    sha256,
  };
  const contentId = source.contentId?.trim();
  if (contentId) ref.contentId = contentId.slice(0, EMAIL_LIMITS.messageIdLength);
  return ref;
}
