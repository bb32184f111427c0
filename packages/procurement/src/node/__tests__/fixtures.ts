import type { PurchaseOrder, PurchaseOrderInput } from '../../types';

/** A purchase order input as the flow would build it from the chosen quote. */
export function purchaseOrderInput(overrides: Partial<PurchaseOrderInput> = {}): PurchaseOrderInput {
  return {
    threadId: '<req-1@acme.example>',
    supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
    lines: [
      { item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 10, unit: 'pcs', unitPrice: 1049.5 },
      { item: 'Monitor Dell P2725H 27"', quantity: 10, unitPrice: 249 },
    ],
    total: 13035,
    currency: 'EUR',
    requester: 'Jane Doe <jane@acme.example>',
    approvedBy: 'cfo@acme.example',
    deliveryLocation: 'Acme HQ, Hauptstr. 1, 10115 Berlin',
    neededBy: '2026-12-15',
    ...overrides,
  };
}

/** A stored purchase order, without a store. */
export function purchaseOrder(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return {
    number: 'PO-2026-000123',
    year: 2026,
    sequence: 123,
    threadId: '<req-1@acme.example>',
    supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
    lines: [
      { item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 10, unit: 'pcs', unitPrice: 1049.5, amount: 10495 },
      { item: 'Monitor Dell P2725H 27"', quantity: 10, unit: null, unitPrice: 249, amount: 2490 },
    ],
    total: 13035,
    currency: 'EUR',
    requester: 'Jane Doe <jane@acme.example>',
    approvedBy: 'cfo@acme.example',
    deliveryLocation: 'Acme HQ, Hauptstr. 1, 10115 Berlin',
    neededBy: '2026-12-15',
    createdAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The text shown by an uncompressed pdfkit PDF: pdfkit writes standard-font text as hex strings
 * in `[<…> kerning <…>] TJ` arrays; each array is one run of text.
 */
export function pdfText(pdf: Buffer): string {
  const runs = [...pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)].map((m) =>
    [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''),
  );
  return runs.join('\n');
}
