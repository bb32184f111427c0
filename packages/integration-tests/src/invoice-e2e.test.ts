import PDFDocument from 'pdfkit';
import type { ThreadState } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { openSqliteInvoiceStores } from '@org/orchestrator-invoice-matching/node';
import { eventually } from '@org/orchestrator-testing';
import { flowStackSuite, recipients, uniqueMessageId } from './flow-stack';

// The supplier invoice flow end to end on a real Temporal dev server: the warehouse and the supplier
// write to the SMTP ingress (DKIM-signed), the invoice as a PDF attachment; approval notices and the
// remittance advice reach an SMTP sink. The invoice is due today, so it is paid at once.

const AP = 'ap@acme.example';
const WAREHOUSE = 'warehouse@acme-logistics.example';
const SUPPLIER = 'billing@northwind-it.example';
const APPROVER = 'approver@orchestrator.local';

const { env, stack } = flowStackSuite({
  prefix: 'invoice-e2e',
  acceptDomains: ['acme.example'],
  escalationAddress: 'escalations@acme.example',
  flowEnv: { INVOICE_WAREHOUSE_DOMAINS: 'acme-logistics.example' },
});

function pdfOf(lines: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(10);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

async function invoiceState(threadId: string, predicate: (flowState: Record<string, unknown>, state: ThreadState) => boolean, what: string) {
  return eventually(what, async () => {
    const state = await getThreadState(env.client, threadId).catch(() => undefined);
    return state && predicate(state.flowState as Record<string, unknown>, state) && state;
  });
}

describe('invoice flow end to end (SMTP ingress → Temporal → SMTP)', () => {
  it('records the warehouse’s receipt, reads the PDF invoice, has the new bank details confirmed, pays and sends the remittance advice', async () => {
    const po = await stack.purchaseOrders.createPurchaseOrder({
      threadId: uniqueMessageId('request', 'acme.example'),
      supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: SUPPLIER },
      lines: [{ item: 'Dell Latitude 5450 laptop', quantity: 4, unitPrice: 1049.5 }],
      total: 4198,
      currency: 'EUR',
      requester: 'jane@acme.example',
      approvedBy: APPROVER,
      deliveryLocation: 'Acme HQ',
    });

    // A receipt from a stranger's (signed) domain is held, never recorded.
    const forgedReceipt = uniqueMessageId('receipt', 'example.org');
    await stack.send({
      from: 'dock@example.org',
      to: AP,
      subject: `Goods receipt GR-9 for ${po.number}`,
      text: '4 x Dell Latitude 5450 laptop',
      messageId: forgedReceipt,
    });
    await invoiceState(forgedReceipt, (s) => s['heldFor'] === 'not-warehouse', 'the stranger’s receipt held');

    const receipt = uniqueMessageId('receipt', 'acme-logistics.example');
    await stack.send({
      from: `Warehouse <${WAREHOUSE}>`,
      to: AP,
      subject: `Goods receipt GR-2026-0007 for ${po.number}`,
      text: '4 x Dell Latitude 5450 laptop',
      messageId: receipt,
    });
    await stack.waitForMail('the receipt’s acknowledgement', (m) => m.parsed.inReplyTo === receipt && recipients(m).includes(WAREHOUSE));

    const today = new Date().toISOString().slice(0, 10);
    const pdf = await pdfOf([
      'Northwind IT Supplies GmbH',
      'Invoice number INV-2026-0077',
      `Invoice date: ${today}`,
      `Your order: ${po.number}`,
      '4 x Dell Latitude 5450 laptop @ EUR 1,049.50 = EUR 4,198.00',
      'Subtotal: EUR 4,198.00',
      'VAT 19%: EUR 797.62',
      'Total: EUR 4,995.62',
      `Due date: ${today}`,
      'IBAN DE89 3704 0044 0532 0130 00',
    ]);
    const invoice = uniqueMessageId('invoice', 'northwind-it.example');
    await stack.send({
      from: `Northwind IT Supplies <${SUPPLIER}>`,
      to: AP,
      subject: `Invoice INV-2026-0077 for ${po.number}`,
      text: 'Please find our invoice attached.',
      messageId: invoice,
      attachments: [{ filename: 'INV-2026-0077.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const waiting = await invoiceState(invoice, (s) => s['step'] === 'awaiting-bank-check', 'the invoice waiting for its bank details to be confirmed');
    expect(waiting.flow).toBe('invoice');
    expect(waiting.flowState).toMatchObject({
      invoice: { invoiceNumber: 'INV-2026-0077', total: 4995.62 },
      match: { outcome: 'matched' },
      bankCheck: { status: 'first-seen' },
    });
    const [notice] = await stack.waitForMail(
      'the bank details notice',
      (m) => recipients(m).includes(APPROVER) && /Check bank details/.test(m.parsed.subject ?? ''),
    );
    expect(notice!.parsed.text).toContain('DE** **** **** **** **30 00');

    await decideApproval(env.client, invoice, 'approvePurchase', { approver: APPROVER });
    const [remittance] = await stack.waitForMail('the remittance advice', (m) => m.parsed.inReplyTo === invoice && recipients(m).includes(SUPPLIER));
    expect(remittance!.parsed.text).toContain('we have paid your invoice INV-2026-0077');
    expect(remittance!.parsed.text).toContain('EUR 4995.62');
    expect((await waitForThreadSummary(env.client, invoice)).reason).toBe('invoice paid');
    expect((await getThreadState(env.client, invoice)).flowState).toMatchObject({ step: 'paid', payment: { amount: 4995.62 } });

    const stores = openSqliteInvoiceStores(stack.invoiceDatabase);
    try {
      expect(await stores.receipts.forOrder(po.number)).toHaveLength(1);
      expect(await stores.payments.forOrder(po.number)).toMatchObject([{ amount: 4995.62, iban: 'DE89370400440532013000', supplierId: 'northwind-it' }]);
    } finally {
      await stores.close();
    }
  }, 120_000);
});
