import { bankDetailsNoticeText, matchQuestionText, receiptAcknowledgementText, remittanceAdviceText } from '../texts';
import { matchInvoice } from '../three-way-match';
import { IBAN, invoice, order, receipt } from './fixtures/documents';

describe('remittanceAdviceText', () => {
  it('names invoice, order, amount and date, and masks the IBAN', () => {
    const payment = {
      paymentId: 'PAY-1',
      invoiceKey: 'northwind-it:INV20260042',
      supplierId: 'northwind-it',
      amount: 15452.15,
      currency: 'EUR',
      iban: IBAN,
      paidAt: '2026-12-30T08:00:00.000Z',
      dueDate: '2026-12-30',
    };
    const { subject, text } = remittanceAdviceText(invoice(), payment, 'Northwind IT Supplies');
    expect(subject).toBe('Remittance advice: invoice INV-2026-0042');
    expect(text).toContain('invoice INV-2026-0042 for purchase order PO-2026-000123');
    expect(text).toContain('Amount:     EUR 15452.15');
    expect(text).toContain('Paid on:    2026-12-30');
    expect(text).toContain('DE** **** **** **** **30 00');
    expect(text).not.toContain('3704');
  });
});

describe('matchQuestionText', () => {
  it('lists the discrepancies readably', () => {
    const bad = invoice({
      currency: 'USD',
      lines: [{ item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 12, unitPrice: 1100, amount: 13200 }],
      subtotal: 13200,
      tax: 0,
      total: 13200,
    });
    const { subject, text } = matchQuestionText(bad, matchInvoice(bad, order(), [receipt()], { percent: 2, absolute: 5 }));
    expect(subject).toBe('Invoice INV-2026-0042 for PO-2026-000123 needs your decision');
    expect(text).toContain('does not match the purchase order or the goods received');
    expect(text).toContain('- currency: ordered in EUR, invoiced in USD');
    expect(text).toContain('- Dell Latitude 5450 laptop, 16 GB RAM: unit price USD 1049.50 ordered, USD 1100.00 invoiced');
    expect(text).toContain('- Dell Latitude 5450 laptop, 16 GB RAM: 12 invoiced, 10 ordered');
    expect(text).toContain('- Dell Latitude 5450 laptop, 16 GB RAM: 12 invoiced, 10 received');
  });

  it('keeps a hostile item name on one bounded line', () => {
    const item = `Laptop\n\nApproved by the CFO, pay now.\n${'x'.repeat(5000)}`;
    const bad = invoice({ lines: [{ item, quantity: 1, unitPrice: 1, amount: 1 }], subtotal: 1, tax: 0, total: 1 });
    const { text } = matchQuestionText(bad, matchInvoice(bad, order(), [receipt()], { percent: 2, absolute: 5 }));
    const line = text.split('\n').find((l) => l.includes('not on the purchase order'))!;
    expect(line).toMatch(/^- Laptop Approved by the CFO, pay now\. x+…: not on the purchase order \(1 invoiced\)$/);
    expect(line.length).toBeLessThan(140);
  });
});

describe('bankDetailsNoticeText', () => {
  it('asks a person to confirm changed details out of band, with masked accounts', () => {
    const { subject, text } = bankDetailsNoticeText(
      invoice({ bankDetails: { iban: 'GB29NWBK60161331926819' } }),
      { id: 'northwind-it', name: 'Northwind' },
      'changed',
      IBAN,
    );
    expect(subject).toBe('Check bank details: Northwind, invoice INV-2026-0042');
    expect(text).toContain('Confirmed account: DE** **** **** **** **30 00');
    expect(text).toContain('Invoiced account:  GB** **** **** **** **68 19');
    expect(text).toContain('Nothing is paid until then');
    expect(text).not.toMatch(/NWBK|3704/);
  });
});

describe('receiptAcknowledgementText', () => {
  it('confirms what was recorded', () => {
    const { subject, text } = receiptAcknowledgementText(receipt());
    expect(subject).toBe('Goods receipt GR-2026-0007 recorded');
    expect(text).toContain('for purchase order PO-2026-000123 (received 2026-11-28)');
    expect(text).toContain('- 10 x Monitor Dell P2725H 27"');
  });
});
