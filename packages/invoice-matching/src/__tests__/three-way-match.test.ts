import { matchInvoice, withinTolerance } from '../three-way-match';
import { MAX_DISCREPANCIES } from '../schema';
import { invoice, order, receipt } from './fixtures/documents';

const tolerance = { percent: 2, absolute: 5 };
const laptop = 'Dell Latitude 5450 laptop, 16 GB RAM';
const monitor = 'Monitor Dell P2725H 27"';

describe('matchInvoice', () => {
  it('matches an invoice that bills what was ordered and received', () => {
    expect(matchInvoice(invoice(), order(), [receipt()], tolerance, { senderAddress: 'Sales@Northwind-IT.example' })).toEqual({
      outcome: 'matched',
      discrepancies: [],
      orderTotal: 12985,
      invoiceTotal: 15452.15,
    });
  });

  it('matches lines by normalised item name and accepts partial invoices of received goods', () => {
    const partial = invoice({
      lines: [{ item: '  DELL LATITUDE 5450 LAPTOP, 16 GB  RAM.', quantity: 4, unitPrice: 1049.5, amount: 4198 }],
      subtotal: 4198,
      tax: 797.62,
      total: 4995.62,
    });
    const firstDelivery = receipt({ lines: [{ item: laptop, quantityReceived: 4 }] });
    expect(matchInvoice(partial, order(), [firstDelivery], tolerance).outcome).toBe('matched');
  });

  it('accepts a price difference within the stricter of percent and absolute', () => {
    // 10 × 0.40 = 4.00 more on 10495: within 2 % and within 5.00.
    const cheap = invoice({
      lines: [
        { item: laptop, quantity: 10, unitPrice: 1049.9, amount: 10499 },
        { item: monitor, quantity: 10, unitPrice: 249, amount: 2490 },
      ],
      subtotal: 12989,
      tax: 2467.91,
      total: 15456.91,
    });
    const match = matchInvoice(cheap, order(), [receipt()], tolerance);
    expect(match.outcome).toBe('within-tolerance');
    expect(match.discrepancies).toEqual([
      { kind: 'price', item: laptop, expected: 1049.5, actual: 1049.9 },
      { kind: 'total', expected: 12985, actual: 12989 },
    ]);
    // 10 × 1.00 = 10.00 more: within 2 % of 10495 but over 5.00.
    const dearer = invoice({
      lines: [
        { item: laptop, quantity: 10, unitPrice: 1050.5, amount: 10505 },
        { item: monitor, quantity: 10, unitPrice: 249, amount: 2490 },
      ],
      subtotal: 12995,
      tax: 2469.05,
      total: 15464.05,
    });
    expect(matchInvoice(dearer, order(), [receipt()], tolerance).outcome).toBe('mismatch');
  });

  it('refuses another currency whatever the amounts', () => {
    const match = matchInvoice(invoice({ currency: 'USD' }), order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([{ kind: 'currency', expected: 'EUR', actual: 'USD' }]);
  });

  it('flags an invoice sent by someone other than the order supplier (forged)', () => {
    const match = matchInvoice(invoice(), order(), [receipt()], tolerance, { senderAddress: 'billing@northwind-it.example.evil' });
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([{ kind: 'supplier', expected: 'sales@northwind-it.example', actual: 'billing@northwind-it.example.evil' }]);
  });

  it('flags an invoice of another supplier for this purchase order', () => {
    const match = matchInvoice(invoice({ supplierName: 'Contoso Office Ltd' }), order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toContainEqual({ kind: 'supplier', expected: 'Northwind IT Supplies', actual: 'Contoso Office Ltd' });
  });

  it('refuses billing more than was received, summing every receipt of the order', () => {
    const half = (id: string) =>
      receipt({
        receiptId: id,
        lines: [
          { item: laptop, quantityReceived: 5 },
          { item: monitor, quantityReceived: 5 },
        ],
      });
    expect(matchInvoice(invoice(), order(), [half('GR-1'), half('GR-2')], tolerance).outcome).toBe('matched');
    const match = matchInvoice(invoice(), order(), [half('GR-1')], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([
      { kind: 'quantity-received', item: laptop, expected: 5, actual: 10 },
      { kind: 'quantity-received', item: monitor, expected: 5, actual: 10 },
    ]);
  });

  it('counts a replayed receipt once and ignores receipts of other orders', () => {
    const half = receipt({
      lines: [
        { item: laptop, quantityReceived: 5 },
        { item: monitor, quantityReceived: 10 },
      ],
    });
    const otherOrder = receipt({ receiptId: 'GR-X', poNumber: 'PO-2026-000999', lines: [{ item: laptop, quantityReceived: 5 }] });
    const match = matchInvoice(invoice(), order(), [half, half, otherOrder], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([{ kind: 'quantity-received', item: laptop, expected: 5, actual: 10 }]);
  });

  it('refuses billing goods again that an earlier invoice of the order billed (another invoice number)', () => {
    const alreadyBilled = [
      { item: laptop, quantity: 10 },
      { item: monitor, quantity: 4 },
    ];
    const match = matchInvoice(invoice(), order(), [receipt()], tolerance, { alreadyBilled });
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([
      { kind: 'quantity-ordered', item: laptop, expected: 0, actual: 10 },
      { kind: 'quantity-received', item: laptop, expected: 0, actual: 10 },
      { kind: 'quantity-ordered', item: monitor, expected: 6, actual: 10 },
      { kind: 'quantity-received', item: monitor, expected: 6, actual: 10 },
    ]);
    // The rest of the order, billed in a second invoice, matches; nonsense earlier quantities count nothing.
    const rest = invoice({ lines: [{ item: monitor, quantity: 6, unitPrice: 249, amount: 1494 }], subtotal: 1494, tax: 283.86, total: 1777.86 });
    expect(
      matchInvoice(rest, order(), [receipt()], tolerance, {
        alreadyBilled: [...alreadyBilled, { item: monitor, quantity: Number.NaN }, { item: monitor, quantity: -5 }],
      }).outcome,
    ).toBe('matched');
  });

  it('waits for the warehouse when nothing was received yet', () => {
    expect(matchInvoice(invoice(), order(), [], tolerance)).toMatchObject({ outcome: 'no-receipt', discrepancies: [] });
    // Something wrong beyond tolerance is a mismatch at once: no receipt can fix it.
    expect(matchInvoice(invoice({ currency: 'GBP' }), order(), [], tolerance).outcome).toBe('mismatch');
  });

  it('answers no-order without an order or with an order of another number', () => {
    expect(matchInvoice(invoice(), null, [receipt()], tolerance)).toEqual({ outcome: 'no-order', discrepancies: [], orderTotal: 0, invoiceTotal: 15452.15 });
    expect(matchInvoice(invoice({ poNumber: 'PO-2026-000124' }), order(), [receipt()], tolerance).outcome).toBe('no-order');
  });

  it('sums duplicate lines, so splitting a line cannot bill more than was ordered', () => {
    const split = invoice({
      lines: [
        { item: laptop, quantity: 10, unitPrice: 1049.5, amount: 10495 },
        { item: laptop, quantity: 10, unitPrice: 1049.5, amount: 10495 },
        { item: monitor, quantity: 10, unitPrice: 249, amount: 2490 },
      ],
      subtotal: 23480,
      tax: 4461.2,
      total: 27941.2,
    });
    const match = matchInvoice(split, order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual(
      expect.arrayContaining([
        { kind: 'quantity-ordered', item: laptop, expected: 10, actual: 20 },
        { kind: 'quantity-received', item: laptop, expected: 10, actual: 20 },
        { kind: 'total', expected: 12985, actual: 23480 },
      ]),
    );
  });

  it('never takes a negative quantity as a credit', () => {
    const credit = invoice({
      lines: [
        { item: laptop, quantity: 12, unitPrice: 1049.5, amount: 12594 },
        { item: laptop, quantity: -2, unitPrice: 1049.5, amount: -2099 },
        { item: monitor, quantity: 10, unitPrice: 249, amount: 2490 },
      ],
    });
    const match = matchInvoice(credit, order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual(
      expect.arrayContaining([
        { kind: 'quantity-ordered', item: laptop, expected: 10, actual: -2 },
        { kind: 'quantity-ordered', item: laptop, expected: 10, actual: 12 },
      ]),
    );
  });

  it('treats NaN and infinite numbers as mismatches, never as matches', () => {
    const nan = invoice({
      lines: [
        { item: laptop, quantity: Number.NaN, unitPrice: 1049.5, amount: 10495 },
        { item: monitor, quantity: 10, unitPrice: Number.NaN, amount: 2490 },
      ],
      total: Number.POSITIVE_INFINITY,
    });
    const match = matchInvoice(nan, order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.invoiceTotal).toBe(0);
    expect(match.discrepancies).toEqual(
      expect.arrayContaining([
        { kind: 'quantity-ordered', item: laptop, expected: 10, actual: 'NaN' },
        { kind: 'price', item: monitor, expected: 249, actual: 'NaN' },
        { kind: 'total', expected: 15452.15, actual: 'Infinity' },
      ]),
    );
    expect(JSON.parse(JSON.stringify(match))).toEqual(match);
  });

  it('flags lines not on the order and wrong arithmetic', () => {
    const extra = invoice({
      lines: [
        { item: laptop, quantity: 10, unitPrice: 1049.5, amount: 10495 },
        { item: monitor, quantity: 10, unitPrice: 249, amount: 2490 },
        { item: 'Express handling fee', quantity: 1, unitPrice: 0, amount: 0 },
      ],
      total: 16000,
    });
    const match = matchInvoice(extra, order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toEqual([
      { kind: 'unknown-line', item: 'Express handling fee', expected: 0, actual: 1 },
      { kind: 'total', expected: 15452.15, actual: 16000 },
    ]);
  });

  it('bounds the discrepancies of a huge hostile invoice', () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({ item: `junk ${i}`, quantity: 1, unitPrice: 1, amount: 1 }));
    const match = matchInvoice(invoice({ lines, subtotal: 200, tax: 0, total: 200 }), order(), [receipt()], tolerance);
    expect(match.outcome).toBe('mismatch');
    expect(match.discrepancies).toHaveLength(MAX_DISCREPANCIES);
  });
});

describe('withinTolerance', () => {
  it('takes the stricter of percent and absolute, and refuses non-finite numbers', () => {
    expect(withinTolerance(100, 101.99, tolerance)).toBe(true);
    expect(withinTolerance(100, 102.01, tolerance)).toBe(false);
    expect(withinTolerance(10000, 10005, tolerance)).toBe(true);
    expect(withinTolerance(10000, 10005.01, tolerance)).toBe(false);
    expect(withinTolerance(100, Number.NaN, tolerance)).toBe(false);
    expect(withinTolerance(100, 100, { percent: -1, absolute: -1 })).toBe(true);
  });
});
