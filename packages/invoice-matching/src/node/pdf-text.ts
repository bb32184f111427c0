import { OrchestratorError } from '@org/orchestrator-contracts';
import { getDocumentProxy } from 'unpdf';

/** Bounds on reading one PDF: an invoice has a few pages; a hostile file must not cost more. */
export const PDF_LIMITS = {
  /** Largest file read (bytes). */
  maxBytes: 10 * 1024 * 1024,
  /** Pages read; later ones are skipped (and said so). */
  maxPages: 20,
  /** Characters of text kept. */
  maxChars: 60_000,
} as const;

/** A PDF that cannot be read: not a PDF, corrupt, encrypted, or over the size limit. Never retried. */
export class PdfUnreadableError extends OrchestratorError {
  override readonly name = 'PdfUnreadableError';
  constructor(
    readonly filename: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('PdfUnreadable', `${filename}: cannot read the PDF: ${reason}`, options);
  }
}

/** The text of a PDF and what was left out. */
export interface PdfText {
  text: string;
  pages: number;
  /** What was cut (pages beyond the limit, text beyond the limit); empty when nothing was. */
  truncated: string[];
}

/**
 * The text of a PDF's pages, one line per text line, in reading order as PDF.js gives it (via
 * unpdf's serverless PDF.js build: no canvas, no worker thread, no native code). Scanned pages
 * without a text layer give no text (there is no OCR). Throws {@link PdfUnreadableError}.
 * @example
 * const { text } = await readPdfText(await blobs.get(attachment.id), attachment.filename);
 */
export async function readPdfText(bytes: Uint8Array, filename = 'document.pdf'): Promise<PdfText> {
  if (bytes.byteLength > PDF_LIMITS.maxBytes) throw new PdfUnreadableError(filename, `larger than ${PDF_LIMITS.maxBytes} bytes`);
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) throw new PdfUnreadableError(filename, 'not a PDF (no %PDF- header)');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js may transfer (detach) the buffer it is given, and the caller's stays usable.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: true });
  } catch (error) {
    throw new PdfUnreadableError(filename, (error as Error).message || 'invalid PDF structure', { cause: error });
  }
  try {
    const truncated: string[] = [];
    const pages = Math.min(pdf.numPages, PDF_LIMITS.maxPages);
    if (pdf.numPages > pages) truncated.push(`pages ${pages + 1}-${pdf.numPages} not read`);
    let text = '';
    for (let number = 1; number <= pages && text.length < PDF_LIMITS.maxChars; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      text += '\n';
    }
    if (text.length > PDF_LIMITS.maxChars) {
      truncated.push(`text after ${PDF_LIMITS.maxChars} characters not read`);
      text = text.slice(0, PDF_LIMITS.maxChars);
    }
    return { text: text.replace(/[ \t]+\n/g, '\n').trim(), pages: pdf.numPages, truncated };
  } catch (error) {
    throw new PdfUnreadableError(filename, (error as Error).message || 'damaged page content', { cause: error });
  } finally {
    await pdf.destroy();
  }
}
