import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { deliver, sentTo, supportEmail, waitForState } from './flow-fixtures';
import { APPROVER, DAY, IBAN, INVOICE_ENV, SUPPLIER, WAREHOUSE, invoiceEmail, order, today, withInvoiceStores } from './invoice-fixtures';
import { maybeRecordHistory } from './thread-harness';

// The supplier invoice flow through the thread workflow, with its due-date timer on the time-skipping server.
const { env, newThread, withWorker } = flowSuite();

/** The warehouse reports the goods of `po` received, and the thread records it. */
async function receiveGoods(h: FlowHarness, po: string): Promise<void> {
  const threadId = newThread('receipt');
  const text = `Goods receipt GR-2026-0007 for ${po}\n10 x Dell Latitude 5450 laptop, 16 GB RAM\n10 x Monitor Dell P2725H 27"`;
  await deliver(env, h.taskQueue, supportEmail(threadId, { from: WAREHOUSE, subject: `Goods receipt GR-2026-0007 for ${po}`, text }));
  expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('goods receipt recorded');
  await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'invoice-goods-receipt-recorded');
}

describe('invoice flow (time-skipping)', () => {
  it('records the goods receipt, matches the invoice three ways, has new bank details confirmed, pays on the due date once, and refuses the same invoice again', async () => {
    await withWorker(
      {},
      async (h) => {
        const po = await order(h, newThread('po'));
        await receiveGoods(h, po);
        expect(sentTo(h.sent(), WAREHOUSE.address).join('\n')).toContain('we have recorded goods receipt GR-2026-0007');

        const threadId = newThread('invoice');
        await deliver(env, h.taskQueue, invoiceEmail(threadId, po));
        // The match clears it, but nobody confirmed Northwind's bank details yet: a person checks them first.
        await waitForState(env, threadId, (s) => s['step'] === 'awaiting-bank-check');
        const state = await getThreadState(env.client, threadId);
        expect(state.flow).toBe('invoice');
        expect(state.flowState).toMatchObject({
          match: { outcome: 'matched', discrepancies: [] },
          bankCheck: { status: 'first-seen' },
          supplierId: 'northwind-it',
        });
        const notice = sentTo(h.sent(), APPROVER).join('\n');
        expect(notice).toContain('Check bank details');
        expect(notice).toContain('DE** **** **** **** **30 00');
        expect(notice).not.toContain('DE89370400440532013000');
        expect(await withInvoiceStores(h, (s) => s.payments.findByInvoice('northwind-it:INV-2026-0042'))).toBeUndefined();

        await decideApproval(env.client, threadId, 'approvePurchase', { approver: APPROVER });
        // Paid on the due date, 30 days after the invoice date (skipped), with a remittance advice.
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary.reason).toBe('invoice paid');
        const paid = await getThreadState(env.client, threadId);
        expect(paid.flowState).toMatchObject({ step: 'paid', payment: { amount: 15452.15, currency: 'EUR', supplierId: 'northwind-it' } });
        const remittance = sentTo(h.sent(), SUPPLIER.address).join('\n');
        expect(remittance).toContain('we have paid your invoice INV-2026-0042');
        expect(remittance).toContain('DE** **** **** **** **30 00');
        const payment = await withInvoiceStores(h, async (s) => {
          expect(await s.bankAccounts.get('northwind-it')).toMatchObject({ bankDetails: { iban: 'DE89370400440532013000' }, confirmedBy: APPROVER });
          return s.payments.findByInvoice('northwind-it:INV-2026-0042');
        });
        expect(payment).toMatchObject({ amount: 15452.15, dueDate: expect.any(String) });
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'invoice-bank-details-confirmed-paid-on-due-date');
        expect(Date.parse(payment!.dueDate) - Date.parse(today())).toBe(30 * DAY);

        // The same invoice once more, on a new thread: the supplier is told it was paid; nothing is paid twice.
        const again = newThread('invoice-again');
        await deliver(env, h.taskQueue, invoiceEmail(again, po));
        expect((await waitForThreadSummary(env.client, again)).reason).toBe('invoice rejected');
        expect(sentTo(h.sent(), SUPPLIER.address).join('\n')).toContain(
          `was already paid on ${payment!.paidAt.slice(0, 10)} (reference ${payment!.paymentId})`,
        );
        expect(await withInvoiceStores(h, (s) => s.payments.forOrder(po))).toHaveLength(1);
      },
      { flowEnv: INVOICE_ENV },
    );
  }, 120_000);

  it('asks the buyer about an invoice outside the tolerance; a rejection disputes it with the supplier and pays nothing', async () => {
    await withWorker(
      {},
      async (h) => {
        const po = await order(h, newThread('po'));
        await receiveGoods(h, po);
        await withInvoiceStores(h, (s) => s.bankAccounts.confirm('northwind-it', { iban: IBAN.replaceAll(' ', '') }, 'ap@orchestrator.local'));
        const threadId = newThread('invoice-dear');
        await deliver(env, h.taskQueue, invoiceEmail(threadId, po, { laptopPrice: '1,100.00' }));
        await waitForState(env, threadId, (s) => s['step'] === 'awaiting-approval');
        const state = await getThreadState(env.client, threadId);
        expect(state.flowState).toMatchObject({
          match: { outcome: 'mismatch' },
          bankCheck: { status: 'unchanged' },
          approval: { subject: 'purchase', status: 'pending' },
        });
        expect(sentTo(h.sent(), APPROVER).join('\n')).toContain('unit price EUR 1049.50 ordered, EUR 1100.00 invoiced');

        await decideApproval(env.client, threadId, 'rejectPurchase', { approver: APPROVER, comment: 'we agreed 1049.50' });
        expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('invoice rejected');
        const dispute = sentTo(h.sent(), SUPPLIER.address).join('\n');
        expect(dispute).toContain('we cannot pay invoice INV-2026-0042');
        expect(dispute).toContain("Our buyer's comment: we agreed 1049.50");
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'invoice-mismatch-rejected-by-buyer');
        expect(await withInvoiceStores(h, (s) => s.payments.forOrder(po))).toEqual([]);
      },
      { flowEnv: INVOICE_ENV },
    );
  }, 120_000);

  it('asks the buyer about an invoice for an order we do not know; approved, it goes to a person, never paid automatically', async () => {
    await withWorker(
      {},
      async (h) => {
        await order(h, newThread('po'));
        const threadId = newThread('invoice-unknown-order');
        await deliver(env, h.taskQueue, invoiceEmail(threadId, 'PO-2026-999999'));
        await waitForState(env, threadId, (s) => s['step'] === 'awaiting-approval');
        expect((await getThreadState(env.client, threadId)).flowState).toMatchObject({ match: { outcome: 'no-order' } });
        await decideApproval(env.client, threadId, 'approvePurchase', { approver: APPROVER });
        await waitForState(env, threadId, (s) => s['heldFor'] === 'no-order');
        expect((await getThreadState(env.client, threadId)).flowState).toMatchObject({ step: 'needs-human', decisions: [{ decision: 'approved' }] });
        expect(await withInvoiceStores(h, (s) => s.payments.forOrder('PO-2026-999999'))).toEqual([]);
        expect(sentTo(h.sent(), SUPPLIER.address)).toEqual([]);
      },
      { flowEnv: INVOICE_ENV },
    );
  }, 120_000);

  it('holds what it cannot trust: a receipt from a stranger, an unauthenticated invoice, and one from another address than the supplier’s', async () => {
    await withWorker(
      {},
      async (h) => {
        const po = await order(h, newThread('po'));
        const stranger = newThread('receipt-stranger');
        const receipt = `Goods receipt GR-2026-0099 for ${po}\n10 x Dell Latitude 5450 laptop, 16 GB RAM`;
        await deliver(
          env,
          h.taskQueue,
          supportEmail(stranger, { from: { address: 'someone@example.com' }, subject: `Goods receipt for ${po}`, text: receipt }),
        );
        await waitForState(env, stranger, (s) => s['step'] === 'needs-human');
        expect((await getThreadState(env.client, stranger)).flowState).toMatchObject({ heldFor: 'not-warehouse' });
        expect(await withInvoiceStores(h, (s) => s.receipts.forOrder(po))).toEqual([]);

        const forged = newThread('invoice-unauthenticated');
        await deliver(env, h.taskQueue, invoiceEmail(forged, po, { authenticated: false }));
        await waitForState(env, forged, (s) => s['step'] === 'needs-human');
        expect((await getThreadState(env.client, forged)).flowState).toMatchObject({ heldFor: 'unauthenticated' });

        // Authenticated, but not the order's supplier: the match names it, and only the buyer may let it through.
        const impostor = newThread('invoice-impostor');
        await deliver(
          env,
          h.taskQueue,
          invoiceEmail(impostor, po, { from: { address: 'billing@northwind-it-payments.example' }, iban: 'GB33 BUKB 2020 1555 5555 55' }),
        );
        await waitForState(env, impostor, (s) => s['step'] === 'awaiting-approval');
        const state = await getThreadState(env.client, impostor);
        expect(state.flowState).toMatchObject({
          match: { outcome: 'mismatch', discrepancies: expect.arrayContaining([expect.objectContaining({ kind: 'supplier' })]) },
        });
        await completeThread(env.client, impostor, { reason: 'test done' });
        expect((await waitForThreadSummary(env.client, impostor)).reason).toBeDefined();
        expect(await withInvoiceStores(h, (s) => s.payments.forOrder(po))).toEqual([]);
        expect(sentTo(h.sent(), 'billing@northwind-it-payments.example')).toEqual([]);
        // Each hold told the escalation address, and nobody else.
        expect(sentTo(h.sent(), 'escalations@orchestrator.local')).toHaveLength(2);
      },
      { flowEnv: INVOICE_ENV, escalationAddress: { address: 'escalations@orchestrator.local' } },
    );
  }, 120_000);
});
