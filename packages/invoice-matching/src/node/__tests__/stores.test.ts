import type { DatabaseKind } from '@org/orchestrator-testing';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import { invoiceKey } from '../../ids';
import { IBAN, OTHER_IBAN, receipt } from '../../__tests__/fixtures/documents';
import { GoodsReceiptConflictError, InvalidInvoiceDataError, InvoicePaymentConflictError } from '../errors';
import { MAX_RECEIPTS_PER_ORDER } from '../goods-receipt-store';
import type { InvoiceStores } from '../open-stores';
import { openPostgresInvoiceStores, openSqliteInvoiceStores } from '../open-stores';

function openStores(kind: DatabaseKind, location: string, now: () => Date): Promise<InvoiceStores> | InvoiceStores {
  return kind === 'sqlite' ? openSqliteInvoiceStores(location, { now }) : openPostgresInvoiceStores(location, { now });
}

const payment = (overrides = {}) => ({
  invoiceKey: invoiceKey('northwind-it', 'INV-2026-0042'),
  supplierId: 'northwind-it',
  amount: 15452.15,
  currency: 'EUR',
  iban: IBAN,
  dueDate: '2026-12-30',
  ...overrides,
});

describe.each(DATABASE_KINDS)('invoice stores on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  let stores: InvoiceStores;
  let now: Date;
  let location: string;
  beforeEach(async () => {
    now = new Date('2026-11-28T10:00:00Z');
    location = await databases.fresh('invoices');
    stores = await openStores(kind, location, () => now);
  }, 30_000);
  afterEach(() => stores.close());

  describe('goods receipts', () => {
    it('records a receipt once; a replay adds no row and says where it came from first', async () => {
      expect(await stores.receipts.record(receipt(), '<gr-1@warehouse.example>')).toEqual({
        receipt: receipt(),
        created: true,
        sourceMessageId: '<gr-1@warehouse.example>',
      });
      const replay = await stores.receipts.record({ ...receipt(), poNumber: 'po-2026-000123 ' }, '<forwarded@warehouse.example>');
      expect(replay).toEqual({ receipt: receipt(), created: false, sourceMessageId: '<gr-1@warehouse.example>' });
      expect(await stores.receipts.forOrder('PO-2026-000123')).toEqual([receipt()]);
    });

    it('refuses different content under a recorded receipt id', async () => {
      await stores.receipts.record(receipt(), '<gr-1@warehouse.example>');
      const edited = receipt({ lines: [{ item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantityReceived: 100 }] });
      await expect(stores.receipts.record(edited, '<gr-evil@warehouse.example>')).rejects.toThrow(GoodsReceiptConflictError);
      await expect(stores.receipts.record(edited, '<gr-evil@warehouse.example>')).rejects.toMatchObject({
        code: 'GoodsReceiptConflict',
        receiptId: 'GR-2026-0007',
      });
      expect(await stores.receipts.forOrder('PO-2026-000123')).toEqual([receipt()]);
    });

    it('lists an order receipts oldest first, no one else s, bounded', async () => {
      await stores.receipts.record(receipt({ receiptId: 'GR-2', receivedAt: '2026-11-29T08:00:00Z' }), '<a@w>');
      await stores.receipts.record(receipt({ receiptId: 'GR-1', receivedAt: '2026-11-27T08:00:00+01:00' }), '<b@w>');
      await stores.receipts.record(receipt({ receiptId: 'GR-3', poNumber: 'PO-2026-000999' }), '<c@w>');
      expect((await stores.receipts.forOrder(' po-2026-000123')).map((r) => [r.receiptId, r.receivedAt])).toEqual([
        ['GR-1', '2026-11-27T07:00:00.000Z'],
        ['GR-2', '2026-11-29T08:00:00.000Z'],
      ]);
      expect(await stores.receipts.forOrder('PO-0000')).toEqual([]);
      expect(MAX_RECEIPTS_PER_ORDER).toBeGreaterThan(0);
    });

    it('refuses invalid receipts with a typed error', async () => {
      await expect(stores.receipts.record(receipt({ lines: [] }), '<a@w>')).rejects.toThrow(InvalidInvoiceDataError);
      await expect(stores.receipts.record({ ...receipt(), receiptId: 'x'.repeat(10_000) }, '<a@w>')).rejects.toThrow(/receiptId/);
      await expect(stores.receipts.record(receipt(), '  ')).rejects.toThrow(/sourceMessageId/);
    });
  });

  describe('payments', () => {
    it('pays an invoice once: a retry or a duplicate invoice gets the same record', async () => {
      const first = await stores.payments.recordPayment(payment());
      expect(first).toEqual({ ...payment(), paymentId: expect.stringMatching(/^PAY-[0-9A-F]{20}$/), paidAt: '2026-11-28T10:00:00.000Z' });
      now = new Date('2026-12-01T10:00:00Z');
      expect(await stores.payments.recordPayment(payment())).toEqual(first);
      // The same invoice number written differently is the same invoice.
      expect(await stores.payments.recordPayment(payment({ invoiceKey: 'Northwind-IT:inv 2026 0042' }))).toEqual(first);
      expect(await stores.payments.findByInvoice('northwind-it:INV-2026-0042')).toEqual(first);
      expect(await stores.payments.findByInvoice(invoiceKey('northwind-it', 'INV-2026-0043'))).toBeUndefined();
    });

    it('refuses paying a paid invoice again with another amount or account', async () => {
      const first = await stores.payments.recordPayment(payment());
      await expect(stores.payments.recordPayment(payment({ amount: 15452.16 }))).rejects.toThrow(InvoicePaymentConflictError);
      await expect(stores.payments.recordPayment(payment({ iban: OTHER_IBAN }))).rejects.toMatchObject({
        code: 'InvoicePaymentConflict',
        paymentId: first.paymentId,
      });
      expect(await stores.payments.findByInvoice(first.invoiceKey)).toEqual(first);
    });

    it('records one payment when many workers pay the same invoice at once', async () => {
      const others = await Promise.all([1, 2, 3].map(() => openStores(kind, location, () => now)));
      try {
        const records = await Promise.all([stores, ...others].flatMap((s) => [s.payments.recordPayment(payment()), s.payments.recordPayment(payment())]));
        expect(new Set(records.map((r) => JSON.stringify(r))).size).toBe(1);
      } finally {
        await Promise.all(others.map((s) => s.close()));
      }
    }, 30_000);

    it('lists the payments of an order with what each billed', async () => {
      const billed = [{ item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 4 }];
      const first = await stores.payments.recordPayment(payment({ poNumber: 'po-2026-000123', billed }));
      expect(first).toMatchObject({ poNumber: 'PO-2026-000123', billed });
      now = new Date('2026-11-29T10:00:00Z');
      const second = await stores.payments.recordPayment(payment({ invoiceKey: 'northwind-it:INV-2026-0050', poNumber: 'PO-2026-000123', billed }));
      await stores.payments.recordPayment(payment({ invoiceKey: 'northwind-it:INV-2026-0051', poNumber: 'PO-2026-000999' }));
      await stores.payments.recordPayment(payment({ invoiceKey: 'northwind-it:INV-2026-0052' }));
      expect(await stores.payments.forOrder(' PO-2026-000123')).toEqual([first, second]);
    });

    it('refuses invalid payments', async () => {
      await expect(stores.payments.recordPayment(payment({ amount: Number.NaN }))).rejects.toThrow(InvalidInvoiceDataError);
      await expect(stores.payments.recordPayment(payment({ amount: -1 }))).rejects.toThrow(/amount/);
      await expect(stores.payments.recordPayment(payment({ invoiceKey: 'no-colon' }))).rejects.toThrow(TypeError);
    });
  });

  describe('supplier bank accounts', () => {
    it('keeps the confirmed account and who confirmed it', async () => {
      expect(await stores.bankAccounts.get('northwind-it')).toBeUndefined();
      const confirmed = await stores.bankAccounts.confirm('Northwind-IT', { iban: 'de89 3704 0044 0532 0130 00' }, 'ap@acme.example');
      expect(confirmed).toEqual({
        supplierId: 'northwind-it',
        bankDetails: { iban: IBAN },
        confirmedBy: 'ap@acme.example',
        confirmedAt: '2026-11-28T10:00:00.000Z',
      });
      expect(await stores.bankAccounts.get('northwind-it')).toEqual(confirmed);
      now = new Date('2026-11-29T10:00:00Z');
      await stores.bankAccounts.confirm('northwind-it', { iban: OTHER_IBAN, bic: 'NWBKGB2L' }, 'cfo@acme.example');
      expect(await stores.bankAccounts.get('northwind-it')).toMatchObject({
        bankDetails: { iban: OTHER_IBAN, bic: 'NWBKGB2L' },
        confirmedBy: 'cfo@acme.example',
      });
    });

    it('refuses an IBAN with wrong check digits and an anonymous confirmation', async () => {
      await expect(stores.bankAccounts.confirm('northwind-it', { iban: 'DE89370400440532013001' }, 'ap@acme.example')).rejects.toThrow(/mod 97/);
      await expect(stores.bankAccounts.confirm('northwind-it', { iban: IBAN }, ' ')).rejects.toThrow(InvalidInvoiceDataError);
      expect(await stores.bankAccounts.get('northwind-it')).toBeUndefined();
    });
  });

  it('keeps everything across reopening', async () => {
    await stores.receipts.record(receipt(), '<gr-1@w>');
    const paid = await stores.payments.recordPayment(payment());
    await stores.close();
    stores = await openStores(kind, location, () => now);
    expect(await stores.receipts.forOrder('PO-2026-000123')).toEqual([receipt()]);
    expect(await stores.payments.findByInvoice(paid.invoiceKey)).toEqual(paid);
  });
});
