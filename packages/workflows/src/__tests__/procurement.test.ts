import { WorkflowUpdateFailedError } from '@temporalio/client';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement } from './flow-fixtures';
import {
  INCOMPLETE_REQUEST_TEXT,
  QUOTE_DECLINE,
  QUOTE_PROSE,
  QUOTE_TABLE,
  REQUEST_TEXT,
  TRUSTED_REQUESTERS,
  deliver,
  email,
  mailTo,
  sentTo,
  quoteTable,
  supplierReply,
  waitForState,
} from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { nowDated, quoted, requestQuotes, usualQuotes } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// Every wait of the procurement flow, with days of simulated time on the time-skipping server.
const { env, newThread, withWorker } = flowSuite();

const APPROVER = 'approver@orchestrator.local';
const SECOND_APPROVER = 'finance-director@orchestrator.local';
const HOUR = 3_600_000;

describe('procurement flow (time-skipping)', () => {
  it('asks for missing details, reminds after a day, and closes the request at the deadline', async () => {
    await withWorker(TRUSTED_REQUESTERS, async (h) => {
      const threadId = newThread('missing');
      await deliver(env, h.taskQueue, email(threadId, { text: INCOMPLETE_REQUEST_TEXT }));
      const summary = await waitForThreadSummary(env.client, threadId); // skips three days
      expect(summary.reason).toBe('procurement information-missing');
      const state = await getThreadState(env.client, threadId);
      expect(state.flowState).toMatchObject({ step: 'completed', outcome: 'information-missing', request: { missing: ['quantity', 'neededBy'] } });
      const toAlice = sentTo(h.sent(), 'alice@example.com');
      expect(toAlice).toHaveLength(3);
      expect(toAlice.join('\n')).toContain('How many of each item do you need?');
      expect(toAlice.join('\n')).toContain('A reminder: we still need a few details');
      expect(toAlice.join('\n')).toContain('we have closed this purchase request');
      expect(toAlice.every((m) => m.includes(`In-Reply-To: ${threadId}`))).toBe(true);
    });
  }, 120_000);

  it('continues with the requester’s answer; silent suppliers are reminded, then the quote deadline ends the request', async () => {
    await withWorker(TRUSTED_REQUESTERS, async (h) => {
      const threadId = newThread('silent');
      await deliver(env, h.taskQueue, email(threadId, { text: INCOMPLETE_REQUEST_TEXT }));
      await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-information');
      // A colleague's remark is recorded, not taken as the requester's answer.
      await deliver(env, h.taskQueue, email(threadId, { inReplyTo: threadId, from: { address: 'bob@example.com' }, text: 'I need 100 laptops!' }));
      const answer = await nowDated(env, 'We need 4 laptops, needed by {neededBy}.');
      await deliver(env, h.taskQueue, email(threadId, { inReplyTo: threadId, text: answer }));
      const { flowState } = await waitForState<Procurement>(env, threadId, (s) => Object.keys(s.rfqs ?? {}).length > 0);
      expect(flowState.request?.items[0]).toMatchObject({ name: 'laptops', quantity: 4 });
      expect(answer).toContain(`needed by ${flowState.request?.neededBy}.`);
      const suppliers = Object.keys(flowState.rfqs).sort();
      expect(suppliers).toEqual(['contoso-computing', 'northwind-it']);

      const summary = await waitForThreadSummary(env.client, threadId); // skips the five-day quote window
      expect(summary.reason).toBe('procurement no-quotes');
      const final = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      expect(Object.values(final.rfqs).map((r) => [r.status, r.reminded])).toEqual([
        ['no-response', true],
        ['no-response', true],
      ]);
      const sent = h.sent();
      for (const rfq of Object.values(final.rfqs)) {
        const toSupplier = sentTo(sent, rfq.supplierEmail);
        expect(toSupplier.map((m) => /^Subject: (.*)$/m.exec(m)?.[1])).toEqual(
          expect.arrayContaining(['Request for quotation: laptops', 'Reminder: Request for quotation: laptops']),
        );
      }
      expect(sentTo(sent, 'alice@example.com').at(-1)).toContain('no supplier sent a quote before the deadline');
      expect(summary.handled.map((m) => m.outcome.action)).toEqual(['procurement-no-quotes', 'recorded', 'information-received']);
    });
  }, 120_000);

  it('reminds the approver, escalates to the second approver, refuses an unknown approver, and orders on approval', async () => {
    await withWorker(TRUSTED_REQUESTERS, async (h) => {
      const threadId = newThread('approval');
      const rfqs = await requestQuotes(env, h, threadId);
      expect(Object.keys(rfqs).sort()).toEqual(['contoso-computing', 'fabrikam-displays', 'northwind-it']);
      await usualQuotes(env, h, rfqs);
      const { flowState } = await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-approval');
      expect(flowState.comparison?.best).toBe('contoso-computing');
      expect(flowState.rfqs['fabrikam-displays'].status).toBe('declined');
      expect(flowState.approval).toMatchObject({ status: 'pending', amount: 5420, currency: 'EUR', approvers: [APPROVER, SECOND_APPROVER] });
      expect(await mailTo(h.sent, APPROVER)).toHaveLength(1);

      await env.sleep(25 * HOUR);
      await waitForState<Procurement>(env, threadId, (s) => s.approval?.reminded === true);
      expect((await mailTo(h.sent, APPROVER, 2)).map((m) => /^Subject: (.*)$/m.exec(m)?.[1])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\[Reminder: approval needed\]/)]),
      );
      await env.sleep(24 * HOUR);
      await waitForState<Procurement>(env, threadId, (s) => s.approval?.escalated === true);
      expect((await mailTo(h.sent, SECOND_APPROVER))[0]).toContain('Escalated: approval needed');

      const before = await getThreadState(env.client, threadId);
      const refused = decideApproval(env.client, threadId, 'approvePurchase', { approver: 'mallory@example.com' });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({ cause: { type: 'UnknownApprover' } });
      expect((await getThreadState(env.client, threadId)).flowState).toEqual(before.flowState);

      const decision = await decideApproval(env.client, threadId, 'approvePurchase', { approver: SECOND_APPROVER, comment: 'ok' });
      expect(decision).toMatchObject({ subject: 'purchase', decision: 'approved', approver: SECOND_APPROVER });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.reason).toBe('procurement ordered');
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-ordered-after-escalation');
      await maybeRecordHistory(env, rfqs['contoso-computing'].workflowId, undefined, 'rfq-quoted');

      const state = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      const [po] = await h.purchaseOrders.list();
      expect(po).toMatchObject({ number: state.purchaseOrder?.number, total: 5420, approvedBy: SECOND_APPROVER, supplier: { id: 'contoso-computing' } });
      const toWinner = sentTo(h.sent(), 'quotes@contoso-computing.example').find((m) => m.includes(`Subject: Purchase order ${po.number}`));
      expect(toWinner).toMatch(new RegExp(`filename="?${po.number}.pdf`));
      expect(sentTo(h.sent(), 'sales@northwind-it.example').some((m) => m.includes('placed the order with another supplier'))).toBe(true);
      expect(sentTo(h.sent(), 'orders@fabrikam-displays.example').some((m) => m.includes('another supplier'))).toBe(false);
      expect(sentTo(h.sent(), 'alice@example.com').at(-1)).toContain(`purchase order ${po.number}`);
      // A completed thread takes no more decisions.
      await expect(decideApproval(env.client, threadId, 'rejectPurchase', { approver: APPROVER })).rejects.toThrow();
    });
  }, 120_000);

  it('sends every over-budget purchase to an approver, and the rejection ends the request', async () => {
    await withWorker(
      {
        ...TRUSTED_REQUESTERS,
        procurement: { approval: { autoApproveBelow: 100_000, currency: 'EUR', approvers: { primary: APPROVER, secondary: SECOND_APPROVER } } },
      },
      async (h) => {
        const threadId = newThread('budget');
        const rfqs = await requestQuotes(env, h, threadId, REQUEST_TEXT.replace('Budget 8000 EUR', 'Budget 3000 EUR'));
        await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], await nowDated(env, QUOTE_TABLE)));
        await deliver(env, h.taskQueue, supplierReply(rfqs['contoso-computing'], await nowDated(env, QUOTE_PROSE)));
        await env.sleep(6 * 24 * HOUR); // fabrikam never answers: the deadline passes
        const { flowState } = await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-approval');
        expect(flowState.comparison?.ranking.every((r) => r.notes.some((n) => n.startsWith('over budget')))).toBe(true);
        expect(flowState.approval?.reason).toMatch(/^over budget: 5420.00 EUR exceeds 3000.00 EUR/);
        await decideApproval(env.client, threadId, 'rejectPurchase', { approver: APPROVER, comment: 'Too expensive, wait for Q1' });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary.reason).toBe('procurement rejected');
        expect(await h.purchaseOrders.list()).toEqual([]);
        expect(sentTo(h.sent(), 'alice@example.com').at(-1)).toContain('was not approved by approver@orchestrator.local: "Too expensive, wait for Q1"');
        // Suppliers who quoted hear that nothing was ordered, not that someone else won.
        const note = (await mailTo(h.sent, 'sales@northwind-it.example', 2)).at(-1);
        expect(note).toContain('This time we are not placing an order');
        expect(note).not.toContain('another supplier');
      },
    );
  }, 120_000);

  it('takes a supplier’s corrected quote over its first one (automatic approval below the limit)', async () => {
    await withWorker(
      {
        ...TRUSTED_REQUESTERS,
        procurement: { approval: { autoApproveBelow: 10_000, currency: 'EUR', approvers: { primary: APPROVER, secondary: SECOND_APPROVER } } },
      },
      async (h) => {
        const threadId = newThread('corrected');
        const rfqs = await requestQuotes(env, h, threadId);
        await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], await nowDated(env, QUOTE_TABLE), 1));
        await deliver(env, h.taskQueue, supplierReply(rfqs['contoso-computing'], await nowDated(env, QUOTE_PROSE)));
        await deliver(env, h.taskQueue, supplierReply(rfqs['fabrikam-displays'], QUOTE_DECLINE));
        await quoted(env, rfqs['northwind-it']);
        await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], await nowDated(env, `Correction: ${quoteTable(1000, 200)}`), 2));
        await waitForState<{ replies: number }>(env, rfqs['northwind-it'].rfqMessageId, (s) => s.replies === 2);
        const summary = await waitForThreadSummary(env.client, threadId);
        const state = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
        expect(summary.reason).toBe('procurement ordered');
        expect(state.rfqs['northwind-it']).toMatchObject({ status: 'quoted', replies: 2, quote: { total: 4800 } });
        expect(state.comparison?.best).toBe('northwind-it');
        expect(state.approval).toBeUndefined();
        const [po] = await h.purchaseOrders.list();
        expect(po).toMatchObject({ total: 4800, approvedBy: 'automatic', supplier: { id: 'northwind-it' } });
      },
    );
  }, 120_000);

  it('asks a supplier whose reply cannot be read for a clear quote, and takes the clarified one', async () => {
    await withWorker(
      {
        ...TRUSTED_REQUESTERS,
        procurement: { approval: { autoApproveBelow: 10_000, currency: 'EUR', approvers: { primary: APPROVER, secondary: SECOND_APPROVER } } },
      },
      async (h) => {
        const threadId = newThread('clarify');
        const rfqs = await requestQuotes(env, h, threadId);
        await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], 'Hi, we can do it for a good price, call me.', 1));
        await waitForState<{ clarifications: number }>(env, rfqs['northwind-it'].rfqMessageId, (s) => s.clarifications === 1);
        const [, clarification] = await mailTo(h.sent, 'sales@northwind-it.example', 2);
        expect(clarification).toContain('could you reply with the unit price of each item');
        expect(clarification).toContain(`In-Reply-To: ${rfqs['northwind-it'].rfqMessageId}`);
        await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], await nowDated(env, QUOTE_TABLE), 2));
        await deliver(env, h.taskQueue, supplierReply(rfqs['contoso-computing'], QUOTE_DECLINE));
        await deliver(env, h.taskQueue, supplierReply(rfqs['fabrikam-displays'], QUOTE_DECLINE));
        expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
        const state = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
        expect(state.rfqs['northwind-it']).toMatchObject({ status: 'quoted', replies: 2, clarifications: 1, quote: { total: 5716 } });
      },
    );
  }, 120_000);

  it('withdraws the request when the thread is asked to complete while quotes are awaited', async () => {
    await withWorker(TRUSTED_REQUESTERS, async (h) => {
      const threadId = newThread('withdrawn');
      const rfqs = await requestQuotes(env, h, threadId);
      await completeThread(env.client, threadId, { reason: 'bought elsewhere', requestedBy: 'alice@example.com' });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.reason).toBe('bought elsewhere');
      const state = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      expect(state).toMatchObject({ step: 'completed', outcome: 'cancelled' });
      expect(Object.values(state.rfqs).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      for (const rfq of Object.values(rfqs)) {
        const { status } = await env.client.workflow.getHandle(rfq.workflowId).describe();
        expect(['CANCELLED', 'COMPLETED']).toContain(status.name);
      }
      expect(sentTo(h.sent(), 'alice@example.com').at(-1)).toContain('closed before anything was ordered');
      expect(await h.purchaseOrders.list()).toEqual([]);
    });
  }, 120_000);
});
