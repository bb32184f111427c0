import { PDF_LIMITS, PdfUnreadableError, readPdfText } from '../pdf-text';
import { INVOICE_TEXT, pdfOf } from './fixtures';

describe('readPdfText', () => {
  it('reads the text lines of a real PDF', async () => {
    const pdf = await pdfOf(INVOICE_TEXT.split('\n').filter(Boolean));
    const { text, pages, truncated } = await readPdfText(pdf, 'INV-2026-0042.pdf');
    expect(pages).toBe(1);
    expect(truncated).toEqual([]);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['Invoice number INV-2026-0042', '10 x Monitor Dell P2725H 27" @ EUR 249.00 = EUR 2,490.00', 'Total: EUR 15,452.15']),
    );
    // The caller's bytes stay usable (PDF.js may detach the buffer it reads).
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 30_000);

  it('reads at most the page limit', async () => {
    const pdf = await pdfOf(['page text'], { pages: PDF_LIMITS.maxPages + 2 });
    const result = await readPdfText(pdf);
    expect(result.pages).toBe(PDF_LIMITS.maxPages + 2);
    expect(result.truncated).toEqual([`pages ${PDF_LIMITS.maxPages + 1}-${PDF_LIMITS.maxPages + 2} not read`]);
    expect(result.text.split('page text')).toHaveLength(PDF_LIMITS.maxPages + 1);
  }, 30_000);

  it('refuses a corrupt PDF, a non-PDF and an oversized file with a typed error', async () => {
    const pdf = await pdfOf(['Invoice number INV-1']);
    const corrupt = Buffer.concat([pdf.subarray(0, 400), Buffer.alloc(2000, 0x41)]);
    await expect(readPdfText(corrupt, 'corrupt.pdf')).rejects.toThrow(PdfUnreadableError);
    await expect(readPdfText(Buffer.from('%PDF-1.7\n%%EOF'), 'empty.pdf')).rejects.toMatchObject({ code: 'PdfUnreadable', filename: 'empty.pdf' });
    await expect(readPdfText(Buffer.from('MZ\x90\x00 not a pdf'), 'invoice.pdf.exe')).rejects.toThrow('not a PDF');
    await expect(readPdfText(new Uint8Array(PDF_LIMITS.maxBytes + 1), 'big.pdf')).rejects.toThrow(/larger than/);
  }, 30_000);
});
