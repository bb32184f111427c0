import PDFDocument from 'pdfkit';

/** The invoice text Northwind sends for PO-2026-000123 (as in the root fixtures' `invoice()`). */
export const INVOICE_TEXT = [
  'Northwind IT Supplies GmbH',
  'Supplier: Northwind IT Supplies GmbH',
  '',
  'Invoice number INV-2026-0042',
  'Invoice date: 2026-11-30',
  'Your order: PO-2026-000123',
  '',
  '10 x Dell Latitude 5450 laptop, 16 GB RAM @ EUR 1,049.50 = EUR 10,495.00',
  '10 x Monitor Dell P2725H 27" @ EUR 249.00 = EUR 2,490.00',
  '',
  'Subtotal: EUR 12,985.00',
  'VAT 19%: EUR 2,467.15',
  'Total: EUR 15,452.15',
  '',
  'Payment terms: Net 30',
  'IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
  'Account holder: Northwind IT Supplies GmbH',
].join('\n');

/** A text PDF of the given lines (pdfkit, standard font), as the supplier's accounting system would send. */
export function pdfOf(lines: readonly string[], options: { pages?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2026-11-30T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let page = 0; page < (options.pages ?? 1); page++) {
      if (page > 0) doc.addPage();
      doc.fontSize(10);
      for (const line of lines) doc.text(line);
    }
    doc.end();
  });
}
