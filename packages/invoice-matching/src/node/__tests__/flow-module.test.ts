import type { EmailMessage } from '@org/orchestrator-contracts';
import { EnvVariableError } from '@org/orchestrator-contracts';
import { DEFAULT_INVOICE_POLICY, invoicePolicyFromEnv } from '../invoice-policy';
import { routeInvoiceMail } from '../route-invoice-mail';

const mail = (subject: string, text: string, attachments: EmailMessage['attachments'] = []) => ({ subject, text, attachments });
const pdf = (filename: string) => ({ id: 'blob-1', filename, contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) });

describe('routeInvoiceMail', () => {
  it('claims invoices and goods receipts that name a purchase order', () => {
    expect(routeInvoiceMail(mail('Invoice INV-2026-0042 for PO-2026-000123', 'Please pay.'))).toEqual({ intent: 'invoice' });
    expect(routeInvoiceMail(mail('Rechnung 4711', 'Ihre Bestellung PO-2026-000123'))).toEqual({ intent: 'invoice' });
    expect(routeInvoiceMail(mail('Our documents', 'For po 2026-000123, see attached.', [pdf('Invoice_4711.pdf')]))).toEqual({ intent: 'invoice' });
    expect(routeInvoiceMail(mail('Goods receipt GR-7 for PO-2026-000123', '10 x Laptop'))).toEqual({ intent: 'goods-receipt' });
    expect(routeInvoiceMail(mail('Delivery', 'Goods received for PO-2026-000123:\n10 x Laptop'))).toEqual({ intent: 'goods-receipt' });
  });

  it('leaves everything else to the classifier: no order number, or no invoice or receipt words', () => {
    expect(routeInvoiceMail(mail('Invoice question', 'Where is my invoice for order A10482?'))).toBeUndefined();
    expect(routeInvoiceMail(mail('Purchase request', 'We need 4 laptops, like on PO-2026-000123.'))).toBeUndefined();
    expect(routeInvoiceMail(mail('Hello', 'x'.repeat(100_000)))).toBeUndefined();
  });
});

describe('invoicePolicyFromEnv', () => {
  it('takes the defaults, and the tolerance and warehouse from the environment', () => {
    expect(invoicePolicyFromEnv({})).toEqual(DEFAULT_INVOICE_POLICY);
    expect(
      invoicePolicyFromEnv({
        INVOICE_TOLERANCE_PERCENT: '1.5',
        INVOICE_TOLERANCE_ABSOLUTE: '10',
        INVOICE_WAREHOUSE_SENDERS: 'Warehouse@Acme.example, dock@acme.example',
        INVOICE_WAREHOUSE_DOMAINS: 'Logistics.Acme.example',
      }),
    ).toEqual({
      tolerance: { percent: 1.5, absolute: 10 },
      warehouseSenders: { addresses: ['warehouse@acme.example', 'dock@acme.example'], domains: ['logistics.acme.example'] },
    });
  });

  it.each([
    ['INVOICE_TOLERANCE_PERCENT', '150'],
    ['INVOICE_TOLERANCE_PERCENT', '1e2'],
    ['INVOICE_TOLERANCE_ABSOLUTE', '-1'],
    ['INVOICE_WAREHOUSE_SENDERS', 'not-an-address'],
    ['INVOICE_WAREHOUSE_DOMAINS', '*.acme.example'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => invoicePolicyFromEnv({ [name]: value })).toThrow(EnvVariableError);
    expect(() => invoicePolicyFromEnv({ [name]: value })).toThrow(name);
  });
});
