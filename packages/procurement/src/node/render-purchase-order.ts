import PDFDocument from 'pdfkit';
import type { AttachmentRef } from '@org/orchestrator-contracts';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { AUTOMATIC_APPROVAL } from '../approval';
import type { PurchaseOrder } from '../types';

/** The buying organisation printed on the purchase order. */
export interface PurchaseOrderBuyer {
  name: string;
  /** Postal address lines. */
  address?: string[];
  email?: string;
}

/** Options of {@link renderPurchaseOrderPdf}. */
export interface RenderPurchaseOrderOptions {
  /** Default {@link DEFAULT_BUYER}. */
  buyer?: PurchaseOrderBuyer;
  /** Compress page streams (default true); tests turn it off to read the text. */
  compress?: boolean;
}

/** The buyer printed when none is configured. */
export const DEFAULT_BUYER: PurchaseOrderBuyer = { name: 'Agent Orchestrator Purchasing' };

const PDF_CONTENT_TYPE = 'application/pdf';
const MARGIN = 50;
const COLUMNS = [
  { title: '#', x: 50, width: 20, align: 'left' },
  { title: 'Item', x: 72, width: 218, align: 'left' },
  { title: 'Qty', x: 290, width: 45, align: 'right' },
  { title: 'Unit', x: 341, width: 50, align: 'left' },
  { title: 'Unit price', x: 391, width: 74, align: 'right' },
  { title: 'Amount', x: 467, width: 78, align: 'right' },
] as const;

/** `12,500.00`: fixed separators, because locale formatting differs between machines. */
function money(value: number): string {
  const [whole, cents] = value.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/**
 * Renders a purchase order as an A4 PDF: buyer, supplier, number, date, lines, totals, delivery
 * and approval. The document date and PDF metadata come from `po.createdAt`, so rendering the
 * same purchase order again gives the same bytes (and the same blob id).
 * @example
 * const pdf = await renderPurchaseOrderPdf(po, { buyer: { name: 'Acme GmbH', address: ['Hauptstr. 1', '10115 Berlin'] } });
 */
export async function renderPurchaseOrderPdf(po: PurchaseOrder, options: RenderPurchaseOrderOptions = {}): Promise<Buffer> {
  const buyer = options.buyer ?? DEFAULT_BUYER;
  const created = new Date(po.createdAt);
  if (Number.isNaN(created.getTime())) throw new RangeError(`purchase order ${po.number} has no valid createdAt`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: `Purchase order ${po.number}`,
      Author: buyer.name,
      Subject: `Purchase order ${po.number} to ${po.supplier.name}`,
      // pdfkit stamps the current time otherwise, and derives the file ID from it.
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(20).text('PURCHASE ORDER', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Number: ${po.number}`, MARGIN, MARGIN, { width, align: 'right' });
  doc.text(`Date: ${po.createdAt.slice(0, 10)}`, { width, align: 'right' });
  doc.text(`Currency: ${po.currency}`, { width, align: 'right' });

  const top = 110;
  const half = width / 2 - 10;
  const right = MARGIN + width / 2 + 10;
  const partiesBottom = Math.max(
    block(doc, 'Buyer', [buyer.name, ...(buyer.address ?? []), ...(buyer.email ? [buyer.email] : [])], MARGIN, top, half),
    block(doc, 'Supplier', [po.supplier.name, po.supplier.email, `Supplier id: ${po.supplier.id}`], right, top, half),
  );
  const deliveryTop = Math.max(partiesBottom, top + 70) + 10;
  const deliveryBottom = Math.max(
    block(doc, 'Deliver to', [po.deliveryLocation, ...(po.neededBy ? [`Needed by: ${po.neededBy}`] : [])], MARGIN, deliveryTop, half),
    block(doc, 'Requested by', [po.requester], right, deliveryTop, half),
  );

  let y = Math.max(deliveryBottom, deliveryTop + 40) + 20;
  y = tableHeader(doc, y);
  po.lines.forEach((line, i) => {
    const cells = [String(i + 1), line.item, String(line.quantity), line.unit ?? '', money(line.unitPrice), money(line.amount)];
    const height = Math.max(...cells.map((c, k) => doc.heightOfString(c, { width: COLUMNS[k].width }))) + 6;
    if (y + height > doc.page.height - MARGIN - 120) {
      doc.addPage();
      y = tableHeader(doc, MARGIN);
    }
    doc.font('Helvetica').fontSize(10);
    cells.forEach((cell, k) => doc.text(cell, COLUMNS[k].x, y + 3, { width: COLUMNS[k].width, align: COLUMNS[k].align }));
    y += height;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor('#cccccc')
      .stroke();
  });

  const subtotal = Math.round(po.lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
  const totals: Array<[string, string]> = [['Subtotal', money(subtotal)]];
  // The quoted total can include shipping or discounts the lines do not show.
  if (Math.abs(po.total - subtotal) >= 0.01) totals.push(['Other charges / discounts', money(po.total - subtotal)]);
  y += 8;
  for (const [label, value] of totals) {
    doc.font('Helvetica').fontSize(10).text(label, 300, y, { width: 165, align: 'right' });
    doc.text(value, 467, y, { width: 78, align: 'right' });
    y += 16;
  }
  doc.font('Helvetica-Bold').fontSize(11).text(`Total (${po.currency})`, 300, y, { width: 165, align: 'right' });
  doc.text(money(po.total), 447, y, { width: 98, align: 'right' });
  y += 36;

  const approval = po.approvedBy === AUTOMATIC_APPROVAL ? 'Approved automatically under the purchasing policy.' : `Approved by: ${po.approvedBy}`;
  doc.font('Helvetica-Bold').fontSize(10).text('Approval', MARGIN, y);
  doc.font('Helvetica').text(approval, { width });
  doc.moveDown();
  doc.text(`Please confirm this order by replying to this email and quote ${po.number} on your delivery note and invoice.`, { width });

  doc.end();
  return done;
}

/** A titled block of lines at (x, y); returns its bottom. */
function block(doc: PDFKit.PDFDocument, title: string, lines: string[], x: number, y: number, width: number): number {
  doc.font('Helvetica-Bold').fontSize(10).text(title, x, y, { width });
  doc.font('Helvetica').fontSize(10);
  for (const line of lines) doc.text(line, { width });
  return doc.y;
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.font('Helvetica-Bold').fontSize(10);
  for (const c of COLUMNS) doc.text(c.title, c.x, y, { width: c.width, align: c.align });
  const bottom = y + 16;
  doc
    .moveTo(MARGIN, bottom)
    .lineTo(doc.page.width - MARGIN, bottom)
    .lineWidth(1)
    .strokeColor('#000000')
    .stroke();
  return bottom;
}

/**
 * Renders the purchase order and stores the PDF in the blob store, returning the attachment
 * reference for the outbound email (`PO-2026-000123.pdf`). Rendering is deterministic and blobs are
 * content-addressed, so a retried activity stores nothing new and returns the same reference.
 * @example
 * const attachment = await storePurchaseOrderDocument(po, blobStoreFromUrl('.data/blobs'));
 */
export async function storePurchaseOrderDocument(
  po: PurchaseOrder,
  blobStore: BlobStore,
  options: Omit<RenderPurchaseOrderOptions, 'compress'> = {},
): Promise<AttachmentRef> {
  const pdf = await renderPurchaseOrderPdf(po, options);
  const ref = await blobStore.put(pdf, { contentType: PDF_CONTENT_TYPE });
  return { id: ref.id, filename: `${po.number}.pdf`, contentType: PDF_CONTENT_TYPE, size: ref.size, sha256: ref.sha256 };
}
