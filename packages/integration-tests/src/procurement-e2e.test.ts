import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ProcurementFlowState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { ReceivedMail } from '@org/orchestrator-testing';
import { eventually } from '@org/orchestrator-testing';
import { flowStackSuite, recipients, references } from './flow-stack';

// The procurement flow end to end on a real Temporal dev server, with real email both ways: the
// requester and the suppliers write to the SMTP ingress, everything the flow sends reaches an SMTP sink.

const PURCHASING = 'purchasing@orchestrator.test';
const REQUESTER = 'alice@example.com';
const APPROVER = 'approver@orchestrator.local';
const SUPPLIERS = {
  northwind: 'sales@northwind-it.example',
  contoso: 'quotes@contoso-computing.example',
  fabrikam: 'orders@fabrikam-displays.example',
};

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const REQUEST_TEXT = () =>
  'Hello purchasing,\n\nWe need 4 laptops (Dell Latitude 5440) and 4 monitors (Dell P2723D) for the new team. ' +
  `Budget 8000 EUR. Needed by ${day(60)}. Please deliver to the Berlin office.\n\nThanks, Alice`;
const QUOTE_TABLE = () =>
  'Dear Alice,\n\nthank you for your request. We are pleased to offer:\n\n| Item | Qty | Unit price | Total |\n|---|---|---|---|\n' +
  '| Laptop Dell Latitude 5440 | 4 | EUR 1.150,00 | EUR 4.600,00 |\n| Monitor Dell P2723D | 4 | EUR 279,00 | EUR 1.116,00 |\n\n' +
  `Total (net): EUR 5.716,00\n\nDelivery within 2 weeks after order. The offer is valid until ${day(90)}.\nPayment terms: 30 days net.\n\nKind regards\nNorthwind IT`;
const QUOTE_PROSE = () =>
  'Hi Alice,\n\nThanks for your enquiry. We can offer the following:\n\n- 4 x Laptop Dell Latitude 5440 @ EUR 1,090.00 each\n- 4 x Monitor Dell P2723D @ EUR 265.00 each\n\n' +
  `Total: EUR 5,420.00. Delivery in 10 days from your order, prices valid until ${day(90)}.\n\nRegards,\nContoso Computing`;
const QUOTE_DECLINE =
  'Hello Alice,\n\nthank you for thinking of us. Unfortunately we are unable to quote for laptops: we only sell monitors, ' +
  'and the Dell P2723D is out of stock until February.\n\nBest regards,\nFabrikam Displays';

const { env, stack } = flowStackSuite({
  prefix: 'procurement-e2e',
  acceptDomains: ['orchestrator.test'],
  // Quotes settle 2 s after the last one; nobody is reminded or times out while the test runs.
  // The requester's domain is allowed (its mail is DKIM-signed, see flow-stack); mail goes out from
  // the configured mailbox, never from an inbound To: header.
  flows: {
    procurement: { correctionWindowMs: 2_000, quoteWindowMs: 60_000, supplierReminderAfterMs: 60_000 },
    mailboxes: { procurement: { address: PURCHASING, name: 'Purchasing' } },
    trust: { procurementRequesters: { domains: ['example.com'] } },
  },
});

describe('procurement over SMTP on a Temporal dev server', () => {
  it('requests quotes, reads the replies, asks the approver, and orders with a PDF purchase order', async () => {
    const requestId = `<purchase-request.${Date.now().toString(36)}@example.com>`;
    await stack.send({
      from: `Alice <${REQUESTER}>`,
      to: `Purchasing <${PURCHASING}>`,
      subject: 'Purchase request: laptops and monitors',
      text: REQUEST_TEXT(),
      messageId: requestId,
    });

    // One RFQ per seeded supplier, each a new thread of its own (its Message-ID is the child's thread id).
    const rfqs = await stack.waitForMail('RFQ', (m) => /^Request for quotation:/.test(m.parsed.subject ?? ''), 3);
    const rfqTo = (address: string): ReceivedMail => {
      const rfq = rfqs.find((m) => recipients(m).includes(address));
      if (!rfq) throw new Error(`no RFQ to ${address}; RFQs went to ${rfqs.map((m) => recipients(m).join(',')).join('; ')}`);
      return rfq;
    };
    expect(rfqs.flatMap(recipients).sort()).toEqual(Object.values(SUPPLIERS).sort());
    for (const rfq of rfqs) {
      expect(rfq.parsed.from?.value[0]?.address).toBe(PURCHASING);
      expect(rfq.parsed.inReplyTo).toBeUndefined();
      expect(rfq.parsed.text).toContain('Dell Latitude 5440');
    }

    // The suppliers answer their RFQ from their mail clients: threaded by In-Reply-To/References.
    const reply = (supplier: keyof typeof SUPPLIERS, name: string, text: string) => {
      const rfq = rfqTo(SUPPLIERS[supplier]);
      return stack.send({
        from: `${name} <${SUPPLIERS[supplier]}>`,
        to: PURCHASING,
        subject: `Re: ${rfq.parsed.subject}`,
        text,
        messageId: `<quote.${supplier}.${Date.now().toString(36)}@${SUPPLIERS[supplier].split('@')[1]}>`,
        inReplyTo: rfq.parsed.messageId,
        references: [rfq.parsed.messageId!],
      });
    };
    await reply('northwind', 'Northwind IT Supplies', QUOTE_TABLE());
    await reply('contoso', 'Contoso Computing GmbH', QUOTE_PROSE());
    await reply('fabrikam', 'Fabrikam Displays', QUOTE_DECLINE);

    // Past the correction window the quotes are compared; 5420 EUR is above the automatic limit.
    const [approvalMail] = await stack.waitForMail('approval request', (m) => recipients(m).includes(APPROVER));
    expect(approvalMail!.parsed.subject).toBe('[Approval needed] Purchase of EUR 5420.00 from Contoso Computing GmbH');
    expect(approvalMail!.parsed.text).toContain(`orchestrator approve ${requestId}`);
    const state = (await getThreadState(env.client, requestId)).flowState as unknown as ProcurementFlowState;
    expect(state).toMatchObject({
      step: 'awaiting-approval',
      comparison: { best: 'contoso-computing' },
      approval: { status: 'pending', amount: 5420, currency: 'EUR' },
    });
    expect(Object.fromEntries(Object.entries(state.rfqs).map(([id, r]) => [id, r.status]))).toEqual({
      'northwind-it': 'quoted',
      'contoso-computing': 'quoted',
      'fabrikam-displays': 'declined',
    });
    expect(state.rfqs['northwind-it']!.quote?.total).toBe(5716);
    // Each RFQ child ran under the id of its RFQ email, read from the mail the supplier received.
    expect(state.rfqs['northwind-it']!.rfqMessageId).toBe(rfqTo(SUPPLIERS.northwind).parsed.messageId);

    // The search attributes find the thread (visibility is eventually consistent).
    const listed = await eventually(
      'the thread in a visibility query',
      async () => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({ query: "OrchestratorFlow = 'procurement' AND OrchestratorStatus = 'awaiting-approval'" })) {
          ids.push(execution.workflowId);
        }
        return ids.length > 0 && ids;
      },
      10_000,
    );
    expect(listed).toEqual([threadWorkflowId(requestId)]);

    // Someone who is not an approver: refused by the validator, nothing changes, nothing is recorded.
    const handle = env.client.workflow.getHandle(threadWorkflowId(requestId));
    const before = await getThreadState(env.client, requestId);
    const refused = decideApproval(env.client, requestId, 'approvePurchase', { approver: 'mallory@example.com' });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'UnknownApprover' } });
    expect((await getThreadState(env.client, requestId)).flowState).toEqual(before.flowState);
    const acceptedUpdates = async () => ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(await acceptedUpdates()).toEqual([]);

    const decision = await decideApproval(env.client, requestId, 'approvePurchase', { approver: APPROVER });
    expect(decision).toMatchObject({ subject: 'purchase', decision: 'approved', approver: APPROVER });

    // The order goes to the winner with the PDF, the requester is told in her thread, the runner-up thanked.
    const [po] = await stack.waitForMail('purchase order', (m) => recipients(m).includes(SUPPLIERS.contoso) && /^Purchase order /.test(m.parsed.subject ?? ''));
    const summary = await waitForThreadSummary(env.client, requestId);
    expect(summary.reason).toBe('procurement ordered');
    expect(await acceptedUpdates()).toHaveLength(1); // the approver's, and only that
    const [stored] = await stack.purchaseOrders.list();
    expect(stored).toMatchObject({ total: 5420, currency: 'EUR', approvedBy: APPROVER, supplier: { id: 'contoso-computing' } });
    expect(stored!.number).toMatch(/^PO-\d{4}-\d{6}$/);
    expect(po!.parsed.subject).toBe(`Purchase order ${stored!.number}`);
    expect(po!.parsed.inReplyTo).toBe(rfqTo(SUPPLIERS.contoso).parsed.messageId);
    const [pdf] = po!.parsed.attachments;
    expect(po!.parsed.attachments).toHaveLength(1);
    expect(pdf!.filename).toBe(`${stored!.number}.pdf`);
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.content.subarray(0, 4).toString('latin1')).toBe('%PDF');

    const [confirmation] = await stack.waitForMail('confirmation to the requester', (m) => recipients(m).includes(REQUESTER));
    expect(confirmation!.parsed.inReplyTo).toBe(requestId);
    expect(references(confirmation!)).toEqual([requestId]);
    expect(confirmation!.parsed.subject).toBe('Re: Purchase request: laptops and monitors');
    expect(confirmation!.parsed.text).toContain(`purchase order ${stored!.number}`);
    expect(confirmation!.parsed.attachments.map((a) => a.filename)).toEqual([`${stored!.number}.pdf`]);

    const [thanks] = await stack.waitForMail(
      'note to the supplier not chosen',
      (m) => recipients(m).includes(SUPPLIERS.northwind) && m.parsed.subject === 'Your quotation',
    );
    expect(thanks!.parsed.text).toContain('placed the order with another supplier');
    expect(thanks!.parsed.inReplyTo).toBe(rfqTo(SUPPLIERS.northwind).parsed.messageId);

    // Everything sent, exactly once: 3 RFQs, 1 approval request, PO, confirmation, 1 thank-you; nothing to the decliner after its RFQ.
    expect(stack.mailTo(SUPPLIERS.fabrikam)).toHaveLength(1);
    expect(stack.mailTo(REQUESTER)).toHaveLength(1);
    expect(stack.sink.received).toHaveLength(7);
    const final = (await getThreadState(env.client, requestId)).flowState as unknown as ProcurementFlowState;
    expect(final).toMatchObject({
      step: 'completed',
      outcome: 'ordered',
      purchaseOrder: { number: stored!.number, supplierId: 'contoso-computing', total: 5420 },
    });
  }, 60_000);
});
