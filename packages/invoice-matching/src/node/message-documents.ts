import type { BlobStore } from '@org/orchestrator-blob-store';
import type { AttachmentRef } from '@org/orchestrator-contracts';
import type { AttachedDocument } from './tasks/read-invoice';
import { PDF_LIMITS, PdfUnreadableError, readPdfText } from './pdf-text';

/** Most PDF attachments of one message read. */
export const MAX_PDF_ATTACHMENTS = 5;

/**
 * The text of a message's PDF attachments, from the blob store. An unreadable PDF (corrupt, not a
 * PDF, too large, gone from the store) becomes a problem, not a failure: the body may still hold
 * the invoice, and a person sees the problem.
 */
export async function readMessageDocuments(blobs: Pick<BlobStore, 'get'>, pdfs: readonly AttachmentRef[], problems: string[]): Promise<AttachedDocument[]> {
  const documents: AttachedDocument[] = [];
  if (pdfs.length > MAX_PDF_ATTACHMENTS) problems.push(`only the first ${MAX_PDF_ATTACHMENTS} of ${pdfs.length} PDF attachments were read`);
  for (const attachment of pdfs.slice(0, MAX_PDF_ATTACHMENTS)) {
    const filename = attachment.filename.slice(0, 200);
    if (attachment.size > PDF_LIMITS.maxBytes) {
      problems.push(`${filename}: larger than ${PDF_LIMITS.maxBytes} bytes, not read`);
      continue;
    }
    try {
      const pdf = await readPdfText(await blobs.get(attachment.id), filename);
      for (const cut of pdf.truncated) problems.push(`${filename}: ${cut}`);
      if (!pdf.text) problems.push(`${filename}: no text layer (a scan?)`);
      else documents.push({ filename, text: pdf.text });
    } catch (error) {
      if (error instanceof PdfUnreadableError) problems.push(error.message);
      else if ((error as Error).name === 'BlobNotFoundError' || (error as Error).name === 'InvalidBlobIdError')
        problems.push(`${filename}: the attachment is not in the blob store`);
      else throw error;
    }
  }
  return documents;
}
