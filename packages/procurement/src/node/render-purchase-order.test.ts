import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { pdfText, purchaseOrder } from './__tests__/fixtures';
import { renderPurchaseOrderPdf, storePurchaseOrderDocument } from './render-purchase-order';

describe('renderPurchaseOrderPdf', () => {
  it('renders a readable purchase order', async () => {
    const pdf = await renderPurchaseOrderPdf(purchaseOrder(), {
      compress: false,
      buyer: { name: 'Acme GmbH', address: ['Hauptstr. 1', '10115 Berlin'], email: 'purchasing@acme.example' },
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'PURCHASE ORDER',
      'Number: PO-2026-000123',
      'Date: 2026-11-25',
      'Acme GmbH',
      '10115 Berlin',
      'Northwind IT Supplies',
      'sales@northwind-it.example',
      'Needed by: 2026-12-15',
      'Jane Doe <jane@acme.example>',
      '1,049.50',
      '10,495.00',
      '12,985.00', // subtotal of the lines
      '50.00', // the quoted total is 50 more
      '13,035.00',
      'Approved by: cfo@acme.example',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says when the policy approved the order', async () => {
    const text = pdfText(await renderPurchaseOrderPdf(purchaseOrder({ approvedBy: 'automatic' }), { compress: false }));
    expect(text).toContain('Approved automatically under the purchasing policy.');
  });

  it('gives the same bytes when rendered again, compressed or not', async () => {
    const po = purchaseOrder();
    expect((await renderPurchaseOrderPdf(po)).equals(await renderPurchaseOrderPdf(po))).toBe(true);
    expect((await renderPurchaseOrderPdf(po, { compress: false })).equals(await renderPurchaseOrderPdf(po, { compress: false }))).toBe(true);
  });

  it('dates the document by the purchase order, not the clock', async () => {
    const pdf = (await renderPurchaseOrderPdf(purchaseOrder(), { compress: false })).toString('latin1');
    // Info values are indirect string objects: CreationDate and ModDate, nothing else dated.
    expect(pdf.match(/\(D:\d{14}Z\)/g)).toEqual(['(D:20261125100000Z)', '(D:20261125100000Z)']);
    const later = await renderPurchaseOrderPdf(purchaseOrder({ createdAt: '2026-11-26T10:00:00.000Z' }));
    expect(later.equals(await renderPurchaseOrderPdf(purchaseOrder()))).toBe(false);
  });

  it('continues long orders on further pages', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ item: `Item ${i + 1}`, quantity: 1, unit: null, unitPrice: 1, amount: 1 }));
    const pdf = await renderPurchaseOrderPdf(purchaseOrder({ lines, total: 60 }), { compress: false });
    expect(pdf.toString('latin1').match(/\/Type \/Page\n/g)!.length).toBeGreaterThan(1);
    expect(pdfText(pdf)).toContain('Item 60');
  });

  it('refuses a purchase order without a valid creation time', async () => {
    await expect(renderPurchaseOrderPdf(purchaseOrder({ createdAt: 'never' }))).rejects.toThrow(RangeError);
  });
});

describe('storePurchaseOrderDocument', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'po-blobs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the PDF and returns its attachment reference', async () => {
    const blobs = createDirectoryBlobStore(dir);
    const po = purchaseOrder();
    const ref = await storePurchaseOrderDocument(po, blobs);
    const bytes = await blobs.get(ref.id);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(ref).toEqual({ id: `sha256:${sha256}`, filename: 'PO-2026-000123.pdf', contentType: 'application/pdf', size: bytes.length, sha256 });
    expect(bytes.equals(await renderPurchaseOrderPdf(po))).toBe(true);
    // A retried activity stores the same blob again and gets the same reference.
    expect(await storePurchaseOrderDocument(po, blobs)).toEqual(ref);
  });
});
