// The README's examples, run as written (paths in a temporary directory): if this fails, fix both.
import { join } from 'node:path';
import { RulesProvider } from '@org/orchestrator-agents';
import { blobStoreFromUrl } from '@org/orchestrator-blob-store';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { openSqlitePurchaseOrderStore } from '@org/orchestrator-procurement/node';
import { tempDirPerTest } from '@org/orchestrator-testing';
import { compareBankDetails, matchInvoice, matchQuestionText } from '../../index';
import { INVOICE_RULES, createInvoiceActivities, openSqliteInvoiceStores } from '../index';
import { INVOICE_TEXT } from './fixtures';

const dir = tempDirPerTest('invoice-readme-');

it('runs the README example: read, load, match, check the bank details', async () => {
  const data = dir();
  const purchaseOrders = openSqlitePurchaseOrderStore(join(data, 'procurement.sqlite'), { now: () => new Date('2026-11-25T10:00:00Z') });
  await purchaseOrders.createPurchaseOrder({
    threadId: '<req-1@acme.example>',
    supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
    lines: [{ item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 10, unitPrice: 1049.5 }],
    total: 10495,
    currency: 'EUR',
    requester: 'jane@acme.example',
    approvedBy: 'cfo@acme.example',
    deliveryLocation: 'Acme HQ',
  });
  const message: EmailMessage = {
    messageId: '<inv@northwind-it.example>',
    threadId: '<inv@northwind-it.example>',
    from: { address: 'sales@northwind-it.example' },
    to: [{ address: 'ap@acme.example' }],
    cc: [],
    subject: 'Invoice INV-2026-0042',
    text: INVOICE_TEXT.replace('PO-2026-000123', 'PO-2026-000001'),
    receivedAt: '2026-11-30T09:00:00Z',
    references: [],
    attachments: [],
  };

  // README: "Stores, agents and activities (Node)"
  const stores = openSqliteInvoiceStores(join(data, 'invoices.sqlite')); // or await openPostgresInvoiceStores(process.env.DATABASE_URL!)
  const activities = createInvoiceActivities({
    ...stores, // receipts, payments, bankAccounts
    purchaseOrders,
    blobs: blobStoreFromUrl(join(data, 'blobs')),
    agents: new RulesProvider({ rules: INVOICE_RULES }), // or any AgentProvider (a model)
  });
  const { invoice, problems } = await activities.readInvoice({ message }); // body + PDF attachments' text
  const inputs = await activities.loadInvoiceMatchInputs({ invoice: invoice!, supplierAddress: message.from.address });
  expect(problems).toEqual([]);
  expect(inputs).toMatchObject({ supplierId: 'northwind-it', senderIsSupplier: true, receipts: [], existingPayment: null });

  // README: "Matching an invoice (workflow code)"
  const match = matchInvoice(invoice!, inputs.order, inputs.receipts, { percent: 2, absolute: 5 }, { senderAddress: message.from.address });
  // The invoice bills monitors that were never ordered, and nothing was received yet.
  expect(match.outcome).toBe('mismatch');
  expect(matchQuestionText(invoice!, match).text).toContain('- Monitor Dell P2725H 27": not on the purchase order (10 invoiced)');
  expect(compareBankDetails(inputs.knownBankDetails, invoice!.bankDetails)).toBe('first-seen');

  await stores.close();
  await purchaseOrders.close();
}, 30_000);
