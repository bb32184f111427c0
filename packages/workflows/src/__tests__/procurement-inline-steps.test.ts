import { ApplicationFailure } from '@temporalio/common';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowAgentRules } from '@org/orchestrator-installed-flows';
import type { Procurement } from './flow-fixtures';
import { TRUSTED_REQUESTERS, sentTo } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { historyEvents, scheduledActivities } from './history-events';
import { requestQuotes, usualQuotes } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// The procurement steps inline (patches `procurement-inline-steps`, `rfq-report-on-request`, marker 'thread-code-2026-11-28c'):
// the rules agents, the purchase order and the flow's mail run as local activities in the request's
// thread and in its RFQ children; the ledger writes stay activities (each handling ends anchored in
// history); every mail goes out once.
const { env, newThread, withWorker } = flowSuite();

const APPROVER = 'approver@orchestrator.local';
const AUTOMATIC = {
  ...TRUSTED_REQUESTERS,
  procurement: { approval: { autoApproveBelow: 10_000, currency: 'EUR', approvers: { primary: APPROVER, secondary: 'finance-director@orchestrator.local' } } },
};

/** The activity types a workflow ran as activities and as local activities, in order. */
async function stepsOf(workflowId: string) {
  const steps = await scheduledActivities(env, workflowId);
  return { remote: steps.filter((s) => !s.local).map((s) => s.type), local: steps.filter((s) => s.local).map((s) => s.type) };
}

describe('procurement steps inline (time-skipping)', () => {
  it('orders automatically with the agents, the order and the mail inline; the ledger writes stay activities; every mail once', async () => {
    await withWorker(AUTOMATIC, async (h) => {
      const threadId = newThread('inline-order');
      const rfqs = await requestQuotes(env, h, threadId);
      await usualQuotes(env, h, rfqs);
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');

      const request = await stepsOf(threadId);
      expect(request.remote).toEqual(['recordHandledMessage']);
      expect(request.local).toEqual([
        'threadIdKey',
        'loadFlowConfig',
        'classifyThread',
        'extractPurchaseRequest',
        'findSuppliers',
        'createPurchaseOrder',
        'sendEmail', // the purchase order to Contoso
        'sendReply', // the confirmation to Alice
        'sendEmail', // the note to Northwind, not chosen
      ]);
      // One patch marker for every patch, the new one included.
      const events = await historyEvents(env, threadWorkflowId(threadId));
      const patches = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
      expect(patches).toHaveLength(1);

      const contoso = rfqs['contoso-computing'];
      expect(await stepsOf(contoso.rfqMessageId)).toEqual({ remote: ['recordHandledMessage'], local: ['threadIdKey', 'sendEmail', 'readQuote'] });
      const fabrikam = await stepsOf(rfqs['fabrikam-displays'].rfqMessageId);
      expect(fabrikam.remote).toEqual(['recordHandledMessage']);
      // The children report by their completion alone: the request's run never continued as new (patch 'rfq-report-on-request').
      const childEvents = await historyEvents(env, contoso.workflowId);
      expect(childEvents.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
      expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'rfqFinished')).toEqual([]);
      expect(events.filter((e) => e.childWorkflowExecutionCompletedEventAttributes)).toHaveLength(3);

      // Each mail once: three RFQs, the order and one note to the suppliers, Alice's confirmation.
      const sent = h.sent();
      expect(sentTo(sent, contoso.supplierEmail).map((m) => /^Subject: (.*)$/m.exec(m)?.[1])).toEqual([
        'Request for quotation: laptops, monitors',
        expect.stringMatching(/^Purchase order /),
      ]);
      expect(sentTo(sent, 'sales@northwind-it.example')).toHaveLength(2);
      expect(sentTo(sent, 'orders@fabrikam-displays.example')).toHaveLength(1);
      expect(sentTo(sent, 'alice@example.com')).toHaveLength(1);
      const state = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      const [po] = await h.purchaseOrders.list();
      expect(po).toMatchObject({ number: state.purchaseOrder?.number, approvedBy: 'automatic', supplier: { id: 'contoso-computing' } });
      expect(h.store.handledMessages(threadId).map((r) => r.action)).toEqual(['procurement-ordered']);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-ordered-inline');
      await maybeRecordHistory(env, contoso.workflowId, undefined, 'rfq-quoted-inline');
    });
  }, 120_000);

  it('retries an inline mail whose first attempt failed: sent once, the thread goes on', async () => {
    // The purchase order's first attempt fails (a relay hiccup, retryable): the local activity's retry sends it.
    let failed = 0;
    const faults = {
      sendEmail: (input: unknown) => {
        if ((input as { subject?: string }).subject?.startsWith('Purchase order') && failed++ === 0) {
          return ApplicationFailure.create({ type: 'SmtpUnavailable', message: 'the relay hung up' });
        }
        return undefined;
      },
    };
    await withWorker(
      AUTOMATIC,
      async (h) => {
        const threadId = newThread('inline-retry');
        await usualQuotes(env, h, await requestQuotes(env, h, threadId));
        expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
        expect(h.calls('sendEmail').filter((c) => (c.input as { subject: string }).subject.startsWith('Purchase order'))).toHaveLength(2);
        expect(sentTo(h.sent(), 'quotes@contoso-computing.example').filter((m) => /^Subject: Purchase order /m.test(m))).toHaveLength(1);
        const state = await getThreadState(env.client, threadId);
        expect(state.escalation).toBeNull();
      },
      { faults },
    );
  }, 120_000);

  it('keeps the agent tasks as activities when the provider is not in-process; the mail and the order go inline still', async () => {
    // Agents given explicitly, as the worker does for a remote LLM provider: `agentsInline` is unset.
    await withWorker(
      AUTOMATIC,
      async (h) => {
        const threadId = newThread('remote-agents');
        const rfqs = await requestQuotes(env, h, threadId);
        await usualQuotes(env, h, rfqs);
        expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
        const request = await stepsOf(threadId);
        expect(request.remote).toEqual(['classifyThread', 'extractPurchaseRequest', 'recordHandledMessage']);
        expect(request.local).toEqual(expect.arrayContaining(['createPurchaseOrder', 'sendEmail', 'sendReply']));
        expect(await stepsOf(rfqs['contoso-computing'].rfqMessageId)).toEqual({
          remote: ['readQuote', 'recordHandledMessage'],
          local: ['threadIdKey', 'sendEmail'],
        });
      },
      { provider: new RulesProvider({ rules: flowAgentRules() }) },
    );
  }, 120_000);
});
