import { PAYLOAD_LIMITS, serializedPayloadBytes } from '@org/orchestrator-contracts';
import { bankDetailsSchema, goodsReceiptSchema, invoiceFlowStateSchema, invoiceSchema, MAX_DISCREPANCIES, MAX_DOCUMENT_LINES } from '../schema';
import { invoiceKey } from '../ids';
import { invoice, receipt } from './fixtures/documents';

describe('the invoice vocabulary', () => {
  it('normalises IBAN and BIC, currency to upper case', () => {
    expect(bankDetailsSchema.parse({ iban: 'de89 3704 0044 0532 0130 00', bic: 'cobade ff' })).toEqual({ iban: 'DE89370400440532013000', bic: 'COBADEFF' });
    expect(invoiceSchema.parse({ ...invoice(), currency: 'eur' }).currency).toBe('EUR');
  });

  it('refuses what is not an invoice, naming the fields', () => {
    const result = invoiceSchema.safeParse({ ...invoice(), lines: [], dueDate: 'next week', currency: 'euros', bankDetails: { iban: 'pay me' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['bankDetails.iban', 'currency', 'dueDate', 'lines']);
  });

  it('bounds lines and strings', () => {
    const line = { item: 'x', quantity: 1, unitPrice: 1, amount: 1 };
    expect(invoiceSchema.safeParse({ ...invoice(), lines: Array(MAX_DOCUMENT_LINES + 1).fill(line) }).success).toBe(false);
    expect(invoiceSchema.safeParse({ ...invoice(), invoiceNumber: 'I'.repeat(65) }).success).toBe(false);
    expect(goodsReceiptSchema.safeParse({ ...receipt(), lines: [{ item: 'x', quantityReceived: -1 }] }).success).toBe(false);
  });

  it('validates the flow state carried across continue-as-new', () => {
    const state = { step: 'scheduled', invoice: invoice(), paymentDueAt: '2026-12-30T08:00:00.000Z', bankCheck: { status: 'unchanged' } };
    expect(invoiceFlowStateSchema.parse(state)).toEqual(state);
    expect(invoiceFlowStateSchema.safeParse({ ...state, step: 'paid-twice' }).success).toBe(false);
  });

  it('bounds the flow state: the largest one the schema allows stays under the size Temporal warns at', () => {
    const item = (i: number) => `${i} ${'x'.repeat(495)}`;
    const lines = Array.from({ length: MAX_DOCUMENT_LINES }, (_, i) => ({ item: item(i), quantity: 1e9, unitPrice: 1e9, amount: 1e18 }));
    const largest = invoiceFlowStateSchema.parse({
      step: 'paid',
      invoice: invoice({ lines, supplierName: 'S'.repeat(200), invoiceNumber: 'I'.repeat(64), poNumber: 'P'.repeat(64) }),
      match: {
        outcome: 'mismatch',
        discrepancies: Array.from({ length: MAX_DISCREPANCIES }, (_, i) => ({
          kind: 'price',
          item: item(i),
          expected: 'e'.repeat(500),
          actual: 'a'.repeat(500),
        })),
        orderTotal: 1e18,
        invoiceTotal: 1e18,
      },
      bankCheck: { status: 'changed', knownIbanMasked: 'DE** **** **** **** **30 00' },
      paymentDueAt: '2026-12-30T08:00:00.000Z',
      payment: {
        paymentId: 'PAY-1',
        invoiceKey: 'k'.repeat(200),
        supplierId: 's'.repeat(100),
        amount: 1e18,
        currency: 'EUR',
        iban: 'DE89370400440532013000',
        paidAt: '2026-12-30T08:00:00.000Z',
        dueDate: '2026-12-30',
        poNumber: 'P'.repeat(64),
        billed: lines.map((l) => ({ item: l.item, quantity: l.quantity })),
      },
      remittanceMessageId: `<${'m'.repeat(990)}>`,
    });
    expect(serializedPayloadBytes(largest)).toBeLessThan(512 * 1024);
    expect(serializedPayloadBytes(largest)).toBeLessThan(PAYLOAD_LIMITS.maxPayloadBytes / 3);
  });
});

describe('invoiceKey', () => {
  it('is one key per supplier and invoice number, however the number is written', () => {
    expect(invoiceKey(' Northwind-IT ', 'INV-2026-0042')).toBe('northwind-it:INV20260042');
    expect(invoiceKey('northwind-it', 'inv 2026/0042')).toBe(invoiceKey('northwind-it', 'INV20260042'));
    expect(invoiceKey('contoso', 'INV-2026-0042')).not.toBe(invoiceKey('northwind-it', 'INV-2026-0042'));
    expect(() => invoiceKey('northwind-it', ' -/ ')).toThrow(TypeError);
  });
});
