import type { EmailAddress, EmailMessageInput } from '@org/orchestrator-contracts';
import type { InvoiceStores } from '@org/orchestrator-invoice-matching/node';
import { openSqliteInvoiceStores } from '@org/orchestrator-invoice-matching/node';
import type { FlowHarness } from './flow-suite';
import { supportEmail } from './flow-fixtures';

// The invoice flow's tests: Northwind bills an order of laptops and monitors.

export const SUPPLIER: EmailAddress = { address: 'billing@northwind-it.example', name: 'Northwind IT Supplies' };
export const WAREHOUSE: EmailAddress = { address: 'warehouse@orchestrator.local', name: 'Warehouse' };
export const APPROVER = 'approver@orchestrator.local';
export const INVOICE_ENV = { INVOICE_WAREHOUSE_SENDERS: WAREHOUSE.address };
export const IBAN = 'DE89 3704 0044 0532 0130 00';
export const DAY = 86_400_000;

const LINES = [
  { item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 10, unitPrice: 1049.5 },
  { item: 'Monitor Dell P2725H 27"', quantity: 10, unitPrice: 249 },
];

/** The order the invoices bill (PO-<year>-000001 in the worker's fresh store). */
export async function order(h: FlowHarness, threadId: string): Promise<string> {
  const po = await h.purchaseOrders.createPurchaseOrder({
    threadId,
    supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: SUPPLIER.address },
    lines: LINES,
    total: 12985,
    currency: 'EUR',
    requester: 'jane@example.com',
    approvedBy: APPROVER,
    deliveryLocation: 'Example HQ',
  });
  return po.number;
}

export const today = () => new Date().toISOString().slice(0, 10);

/** Northwind's invoice for `po`, dated today, due in 30 days (or on `due`); `laptopPrice` varies the first line. */
export function invoiceText(po: string, { laptopPrice = '1,049.50', number = 'INV-2026-0042', iban = IBAN, due = '' } = {}): string {
  const laptops = Number(laptopPrice.replace(',', '')) * 10;
  const subtotal = laptops + 2490;
  const vat = Math.round(subtotal * 19) / 100;
  const euro = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return [
    'Northwind IT Supplies GmbH',
    `Invoice number ${number}`,
    `Invoice date: ${today()}`,
    `Your order: ${po}`,
    '',
    `10 x Dell Latitude 5450 laptop, 16 GB RAM @ EUR ${laptopPrice} = EUR ${euro(laptops)}`,
    '10 x Monitor Dell P2725H 27" @ EUR 249.00 = EUR 2,490.00',
    '',
    `Subtotal: EUR ${euro(subtotal)}`,
    `VAT 19%: EUR ${euro(vat)}`,
    `Total: EUR ${euro(subtotal + vat)}`,
    '',
    due ? `Due date: ${due}` : 'Payment terms: Net 30',
    `IBAN ${iban} BIC COBADEFFXXX`,
  ].join('\n');
}

export function invoiceEmail(
  threadId: string,
  po: string,
  options: Parameters<typeof invoiceText>[1] & { from?: EmailAddress; authenticated?: boolean } = {},
): EmailMessageInput {
  const { from = SUPPLIER, authenticated = true, ...text } = options;
  return supportEmail(threadId, {
    from,
    subject: `Invoice ${text.number ?? 'INV-2026-0042'} for ${po}`,
    text: invoiceText(po, text),
    authenticated,
    to: [{ address: 'ap@orchestrator.local' }],
  });
}

/** Runs `body` with the invoice stores of the test worker (a second handle on its SQLite file). */
export async function withInvoiceStores<T>(h: FlowHarness, body: (stores: InvoiceStores) => Promise<T>): Promise<T> {
  const stores = openSqliteInvoiceStores(h.invoiceDatabase);
  try {
    return await body(stores);
  } finally {
    await stores.close();
  }
}
