import type { CarriedThreadState, EmailMessageInput, EmailThreadInput, ProcurementFlowState, SupportFlowState, ThreadState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import {
  completeThread,
  decideApproval,
  deliverEmail,
  getThreadState,
  retryFailedStep,
  submitAgentReply,
  waitForThreadSummary,
} from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import {
  FixableProvider,
  INCOMPLETE_REQUEST_TEXT,
  QUOTE_DECLINE,
  QUOTE_PROSE,
  QUOTE_TABLE,
  REQUEST_TEXT,
  TRUSTED_REQUESTERS,
  authenticatedAs,
  dated,
  email,
  mailTo,
  sentTo,
  supplierReply,
  uniqueId,
  TOM,
  refundRequest,
  threadStateWhen,
} from './flow-fixtures';
import type { FlowOverrides } from './flow-suite';
import { APPROVER, INVOICE_ENV, SUPPLIER, invoiceEmail, order, today, withInvoiceStores } from './invoice-fixtures';
import { flowSuite } from './flow-suite';
import type { HistoryEvent } from './thread-harness';
import { maybeRecordHistory, threadRuns } from './thread-harness';
import { LOCAL_ACTIVITY_MARKER } from './history-events';

// Real time on a dev server that suggests continue-as-new after a few dozen events: a flow waits
// (for an agent, an approval, the customer) while messages keep arriving, so its thread continues
// as new during the wait, and the next runs go on waiting with the timers re-armed from the state.
const { env, withWorker } = flowSuite({ createEnv: () => createLocalTestEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 60 } }) });
const SECOND = 1000;

/** The thread's state once `predicate` holds: these waits span continue-as-new on a real server, so a minute. */
const waitFor = (threadId: string, predicate: (state: ThreadState) => boolean, timeoutMs = 60 * SECOND) => threadStateWhen(env, threadId, predicate, timeoutMs);

/**
 * Decides the pending approval; without an answer within 60 s, fails with the current run's last
 * events (what the decision met: under CI's load one was seen never answered, which the run's
 * refusal of updates while it continues as new now prevents; see update-while-continuing.test.ts).
 */
async function decide(threadId: string, action: 'approveRefund' | 'approvePurchase', input: { approver: string; comment?: string }): Promise<void> {
  const sent = decideApproval(env.client, threadId, action, input);
  const answered = await Promise.race([sent.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 60 * SECOND).unref())]);
  if (!answered) {
    sent.catch(() => undefined);
    throw new Error(`no answer to ${action} on ${threadId} within 60 s; the current run's last events:\n${await lastEvents(threadId)}`);
  }
}

/** The current run's last events, one line each (what an unanswered update met). */
async function lastEvents(threadId: string, count = 25): Promise<string> {
  const handle = env.client.workflow.getHandle(threadWorkflowId(threadId));
  const { runId } = await handle.describe();
  const events = (await handle.fetchHistory()).events ?? [];
  const lines = events.slice(-count).map((e) => {
    const detail =
      e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId ?? e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '';
    const kind = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k]) ?? String(e.eventType);
    return `${String(e.eventId)} ${kind.replace(/EventAttributes$/, '')} ${detail}`;
  });
  return [`run ${runId}, ${events.length} events`, ...lines].join('\n');
}

/** The runs of a thread, first to last (each continue-as-new names the next). */
async function runIds(threadId: string, firstRunId: string): Promise<string[]> {
  return (await threadRuns(env, threadId, firstRunId)).map((run) => run.runId);
}

/** The first of `runs` whose history has an event `matches` accepts (to record the run that shows a behaviour). */
async function runWhere(threadId: string, runs: string[], matches: (event: HistoryEvent) => boolean): Promise<string> {
  for (const runId of runs) {
    const history = await env.client.workflow.getHandle(threadWorkflowId(threadId), runId).fetchHistory();
    if (history.events?.some(matches)) return runId;
  }
  throw new Error(`no run of ${threadId} has the event`);
}

/** An activity of type `name`, scheduled or run locally (its marker names it). */
const activity = (name: string) => (e: HistoryEvent) => e.activityTaskScheduledEventAttributes?.activityType?.name === name || localActivityType(e) === name;

function localActivityType(e: HistoryEvent): string | undefined {
  const marker = e.markerRecordedEventAttributes;
  const data = marker?.markerName === LOCAL_ACTIVITY_MARKER ? marker.details?.['data']?.payloads?.[0]?.data : undefined;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type : undefined;
}
const update = (name: string) => (e: HistoryEvent) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name;

/** What a run carried into the next one (its continue-as-new input). */
async function carriedBy(threadId: string, runId: string): Promise<CarriedThreadState> {
  const history = await env.client.workflow.getHandle(threadWorkflowId(threadId), runId).fetchHistory();
  const data = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0]?.data;
  if (!data) throw new Error(`run ${runId} did not continue as new`);
  return (JSON.parse(Buffer.from(data).toString('utf8')) as EmailThreadInput).carried as CarriedThreadState;
}

/** Messages from someone else on the thread: recorded, never answered; they queue while the flow waits. */
async function chatter(taskQueue: string, threadId: string, from: string, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const message: EmailMessageInput = {
      messageId: `<${tag}.${i}.${Date.now().toString(36)}@colleague.example>`,
      threadId,
      from: { address: from },
      to: [{ address: 'support@orchestrator.local' }],
      subject: 'Re: the thread',
      text: `Note ${i}: just keeping everyone in the loop.`,
      receivedAt: new Date().toISOString(),
      inReplyTo: threadId,
      references: [threadId],
    };
    await deliverEmail(env.client, message, { taskQueue });
    ids.push(message.messageId);
  }
  return ids;
}

describe('resumable waits under bounded state', () => {
  it('support: continues as new while waiting for an agent, breaches the SLA in a later run, and sends the reply once', async () => {
    const sla = 30 / 60; // 30 seconds, for every urgency
    await withWorker({ support: { sla: { firstResponseMinutes: { high: sla, normal: sla, low: sla } } } }, async (h) => {
      const threadId = uniqueId('agent-wait');
      const peter = { address: 'p.hall@mail.example', name: 'Peter Hall' };
      // A long complaint: the suspended handling's message is too big to carry inline and is stashed.
      const details = ' The sole came off, the laces tore, and the insole slipped out on the first run.'.repeat(250);
      const complaint = await deliverEmail(
        env.client,
        {
          messageId: threadId,
          threadId,
          from: peter,
          to: [{ address: 'support@shop.test' }],
          subject: 'Worst service ever',
          text: `This is the worst service I have ever had! The running shoes from order B20931 fell apart after one week. I am furious and disappointed.${details}\n\nPeter Hall`,
          receivedAt: new Date().toISOString(),
          authentication: authenticatedAs(peter.address),
        },
        { taskQueue: h.taskQueue },
      );
      await waitFor(threadId, (s) => (s.flowState as unknown as SupportFlowState).step === 'awaiting-agent');
      await mailTo(h.sent, 'agent@orchestrator.local');

      // Messages keep coming while the flow waits: the thread continues as new mid-wait.
      const first = await chatter(h.taskQueue, threadId, 'colleague@shop.test', 40, 'before-breach');
      const waiting = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.pending === 40);
      expect(waiting.flowState as unknown as SupportFlowState).toMatchObject({ step: 'awaiting-agent', sla: { breached: false } });
      // The SLA timer was re-armed from the deadline in the state: the breach happens in a later run.
      const breached = await waitFor(threadId, (s) => (s.flowState as unknown as SupportFlowState).sla?.breached === true);
      expect(breached.continuedAsNew).toBeGreaterThanOrEqual(1);
      const second = await chatter(h.taskQueue, threadId, 'colleague@shop.test', 40, 'after-breach');
      await waitFor(threadId, (s) => s.continuedAsNew > breached.continuedAsNew && s.counts.pending === 80);

      const receipt = await submitAgentReply(env.client, threadId, {
        agent: 'agent@orchestrator.local',
        reply: 'Dear Peter, I am sorry. A replacement pair is on its way.',
      });
      const done = await waitFor(threadId, (s) => s.counts.handled === 81);
      expect(done.counts).toMatchObject({ received: 81, handled: 81, duplicates: 0, pending: 0, byAction: { 'answered-by-agent': 1, 'not-customer': 80 } });
      await completeThread(env.client, threadId);
      await waitForThreadSummary(env.client, threadId);

      // Each email once, however many runs the wait spanned.
      expect(sentTo(h.sent(), 'agent@orchestrator.local')).toHaveLength(1);
      expect(sentTo(h.sent(), 'supervisor@orchestrator.local').filter((m) => m.includes('[SLA breached]'))).toHaveLength(1);
      const toPeter = sentTo(h.sent(), peter.address);
      expect(toPeter).toHaveLength(1);
      expect(toPeter[0]).toContain(`Message-ID: ${receipt.replyMessageId}`);
      // And each message handled exactly once, in arrival order, by the ledger.
      const handled = h.store.handledMessages(threadId).map((r) => r.messageId);
      expect(handled).toEqual([threadId, ...first, ...second]);

      const runs = await runIds(threadId, complaint.runId);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      // The first run suspended the handling: the big complaint went by reference, the queue inline.
      const carried = await carriedBy(threadId, runs[0]!);
      expect(carried.suspended?.stashed).toMatchObject({ count: 1, id: expect.stringMatching(/^sha256:/) });
      expect(carried.suspended?.message).toBeUndefined();
      expect(carried.flowState).toMatchObject({ step: 'awaiting-agent', sla: { breached: false } });
      await maybeRecordHistory(env, threadWorkflowId(threadId), runs[0], 'bounded-support-agent-wait-suspended');
      const replied = await runWhere(threadId, runs, update('submitAgentReply'));
      expect(replied).not.toBe(runs[0]);
      await maybeRecordHistory(env, threadWorkflowId(threadId), replied, 'bounded-support-agent-wait-resumed');
    });
  }, 240_000);

  it('support: continues as new while a refund awaits approval, reminds in a later run, and answers once approved', async () => {
    const SUPERVISOR = 'supervisor@orchestrator.local';
    await withWorker({ support: { approvalRemindAfterMs: 25 * SECOND, approvalEscalateAfterMs: 3_600_000 } }, async (h) => {
      const threadId = uniqueId('refund-wait');
      const tom = TOM;
      const start = await deliverEmail(env.client, refundRequest(threadId), { taskQueue: h.taskQueue });
      await waitFor(threadId, (s) => (s.flowState as unknown as SupportFlowState).step === 'awaiting-approval');
      await mailTo(h.sent, SUPERVISOR);
      const notes = await chatter(h.taskQueue, threadId, 'colleague@shop.test', 40, 'refund');
      const resumed = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.pending === 40);
      expect(resumed.flowState as unknown as SupportFlowState).toMatchObject({
        step: 'awaiting-approval',
        approval: { status: 'pending', reminded: false },
        refundRequest: { amount: 'EUR 549.00' },
      });
      await waitFor(threadId, (s) => (s.flowState as unknown as SupportFlowState).approval?.reminded === true);
      await decide(threadId, 'approveRefund', { approver: SUPERVISOR });
      const done = await waitFor(threadId, (s) => s.counts.handled === 41);
      expect(done.counts.byAction).toMatchObject({ 'answered-refund-approved': 1, 'not-customer': 40 });
      expect(done.flowState).not.toHaveProperty('refundRequest');
      const toTom = sentTo(h.sent(), tom.address);
      expect(toTom).toHaveLength(1);
      expect(toTom[0]).toContain('your refund of EUR 549.00 has been approved');
      expect(sentTo(h.sent(), SUPERVISOR).map((m) => /^Subject: (.*)$/m.exec(m)?.[1])).toEqual([
        expect.stringMatching(/^\[Refund approval needed\]/),
        expect.stringMatching(/^\[Reminder: refund approval needed\]/),
      ]);
      expect(h.store.handledMessages(threadId).map((r) => r.messageId)).toEqual([threadId, ...notes]);
      const runs = await runIds(threadId, start.runId);
      await maybeRecordHistory(
        env,
        threadWorkflowId(threadId),
        await runWhere(threadId, runs, update('approveRefund')),
        'bounded-support-refund-approval-resumed',
      );
    });
  }, 240_000);

  it('procurement: continues as new while waiting for approval, reminds once in a later run, and orders on approval', async () => {
    const flows: FlowOverrides = {
      ...TRUSTED_REQUESTERS,
      procurement: { correctionWindowMs: SECOND, approval: { remindAfterHours: 25 / 3600, escalateAfterHours: 1 } },
    };
    await withWorker(flows, async (h) => {
      const threadId = uniqueId('approval-wait');
      const request = await deliverEmail(env.client, email(threadId, { text: dated(REQUEST_TEXT, Date.now()) }), { taskQueue: h.taskQueue });
      const { flowState } = await waitFor(threadId, (s) => Object.keys((s.flowState as unknown as ProcurementFlowState).rfqs ?? {}).length === 3);
      const rfqs = (flowState as unknown as ProcurementFlowState).rfqs;
      await mailTo(h.sent, '@', 3);
      for (const [supplier, text] of [
        ['northwind-it', QUOTE_TABLE],
        ['contoso-computing', QUOTE_PROSE],
        ['fabrikam-displays', QUOTE_DECLINE],
      ] as const) {
        await deliverEmail(env.client, supplierReply(rfqs[supplier], dated(text, Date.now())), { taskQueue: h.taskQueue });
      }
      await waitFor(threadId, (s) => (s.flowState as unknown as ProcurementFlowState).step === 'awaiting-approval');
      await mailTo(h.sent, APPROVER);

      const notes = await chatter(h.taskQueue, threadId, 'bob@example.com', 45, 'while-approving');
      const resumed = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.pending === 45);
      expect((resumed.flowState as unknown as ProcurementFlowState).approval).toMatchObject({ status: 'pending', reminded: false });
      const reminded = await waitFor(threadId, (s) => (s.flowState as unknown as ProcurementFlowState).approval?.reminded === true);
      expect(reminded.continuedAsNew).toBeGreaterThanOrEqual(1);

      await decide(threadId, 'approvePurchase', { approver: APPROVER, comment: 'ok' });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.reason).toBe('procurement ordered');
      expect(summary.counts).toMatchObject({ handled: 46, pending: 0, byAction: { 'procurement-ordered': 1, recorded: 45 } });
      const [po] = await h.purchaseOrders.list();
      expect(po).toMatchObject({ total: 5420, approvedBy: APPROVER, supplier: { id: 'contoso-computing' } });
      const toApprover = sentTo(h.sent(), APPROVER).map((m) => /^Subject: (.*)$/m.exec(m)?.[1]);
      expect(toApprover).toEqual([expect.stringMatching(/^\[Approval needed\]/), expect.stringMatching(/^\[Reminder: approval needed\]/)]);
      expect(sentTo(h.sent(), 'quotes@contoso-computing.example').filter((m) => m.includes(`Subject: Purchase order ${po.number}`))).toHaveLength(1);
      expect(h.store.handledMessages(threadId).map((r) => r.messageId)).toEqual([threadId, ...notes]);

      const runs = await runIds(threadId, request.runId);
      const approved = await runWhere(threadId, runs, update('approvePurchase'));
      expect(approved).not.toBe(runs[0]);
      await maybeRecordHistory(env, threadWorkflowId(threadId), approved, 'bounded-procurement-approval-resumed');
    });
  }, 240_000);

  it('procurement: continues as new while asking for details and while collecting quotes; the RFQs outlive the runs and report; orders once', async () => {
    const flows: FlowOverrides = { ...TRUSTED_REQUESTERS, procurement: { correctionWindowMs: SECOND, quoteWindowMs: 90 * SECOND } };
    await withWorker(flows, async (h) => {
      const threadId = uniqueId('procurement-waits');
      const request = await deliverEmail(env.client, email(threadId, { text: INCOMPLETE_REQUEST_TEXT }), { taskQueue: h.taskQueue });
      await waitFor(threadId, (s) => (s.flowState as unknown as ProcurementFlowState).step === 'awaiting-information');

      // A colleague keeps writing while the requester is asked: the thread continues as new mid-wait.
      const early = await chatter(h.taskQueue, threadId, 'bob@example.com', 45, 'while-asking');
      const asking = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.handled === 45);
      expect(asking.flowState as unknown as ProcurementFlowState).toMatchObject({ step: 'awaiting-information', information: { asked: 1, questions: 1 } });
      const answer = email(threadId, { inReplyTo: threadId, text: dated('We need 4 laptops, needed by {neededBy}.', Date.now()) });
      await deliverEmail(env.client, answer, { taskQueue: h.taskQueue });
      const { flowState } = await waitFor(threadId, (s) => Object.keys((s.flowState as unknown as ProcurementFlowState).rfqs ?? {}).length === 2);
      const rfqs = (flowState as unknown as ProcurementFlowState).rfqs;
      expect((flowState as unknown as ProcurementFlowState).information).toBeUndefined();
      expect(Object.keys(rfqs).sort()).toEqual(['contoso-computing', 'northwind-it']);
      await mailTo(h.sent, 'quotes@contoso-computing.example');
      await mailTo(h.sent, 'sales@northwind-it.example');

      // While the quotes are collected: more chatter, another continue-as-new; the RFQ children go on.
      const runsBefore = (await getThreadState(env.client, threadId)).continuedAsNew;
      const late = await chatter(h.taskQueue, threadId, 'bob@example.com', 45, 'while-quoting');
      const quoting = await waitFor(threadId, (s) => s.continuedAsNew > runsBefore && s.counts.pending === 45);
      expect((quoting.flowState as unknown as ProcurementFlowState).step).toBe('requesting-quotes');
      for (const [supplier, text] of [
        ['northwind-it', QUOTE_TABLE],
        ['contoso-computing', QUOTE_DECLINE],
      ] as const) {
        await deliverEmail(env.client, supplierReply(rfqs[supplier], dated(text, Date.now())), { taskQueue: h.taskQueue });
      }
      // The results come by signal to the later run (Northwind's after its correction window).
      const compared = await waitFor(threadId, (s) => (s.flowState as unknown as ProcurementFlowState).step === 'awaiting-approval');
      expect((compared.flowState as unknown as ProcurementFlowState).rfqs).toMatchObject({
        'northwind-it': { status: 'quoted' },
        'contoso-computing': { status: 'declined' },
      });
      await decide(threadId, 'approvePurchase', { approver: 'approver@orchestrator.local' });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.reason).toBe('procurement ordered');
      expect(summary.counts).toMatchObject({ received: 92, handled: 92, pending: 0, duplicates: 0 });
      const [po, ...others] = await h.purchaseOrders.list();
      expect(others).toEqual([]);
      expect(po).toMatchObject({ supplier: { id: 'northwind-it' } });
      expect(sentTo(h.sent(), 'sales@northwind-it.example').filter((m) => m.includes(`Subject: Purchase order ${po.number}`))).toHaveLength(1);
      for (const rfq of Object.values(rfqs))
        expect(sentTo(h.sent(), rfq.supplierEmail).filter((m) => /^Subject: Request for quotation/m.test(m))).toHaveLength(1);
      const handled = h.store.handledMessages(threadId).map((r) => r.messageId);
      expect(handled).toHaveLength(92);
      expect(new Set(handled)).toEqual(new Set([threadId, answer.messageId, ...early, ...late]));

      const runs = await runIds(threadId, request.runId);
      const signalled = await runWhere(threadId, runs, (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'rfqFinished');
      expect(runs.indexOf(signalled)).toBeGreaterThan(1);
      await maybeRecordHistory(env, threadWorkflowId(threadId), signalled, 'bounded-procurement-quotes-resumed');
      await maybeRecordHistory(env, rfqs['northwind-it']!.workflowId, undefined, 'rfq-reported-to-parent');
      // The run that started the RFQs asked them to report by signal before it continued as new
      // (patch 'rfq-report-on-request'); children of a run that does not continue report by their completion.
      const asked = await runWhere(threadId, runs, (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'rfqReportToParent');
      expect(runs.indexOf(asked)).toBeLessThan(runs.indexOf(signalled));
      await maybeRecordHistory(env, threadWorkflowId(threadId), asked, 'bounded-procurement-rfqs-asked-to-report');
      await maybeRecordHistory(env, rfqs['northwind-it']!.workflowId, undefined, 'rfq-asked-to-report');
    });
  }, 300_000);

  it('procurement: a thread completed while a later run collects quotes cancels the RFQs it did not start, and withdraws', async () => {
    await withWorker({ ...TRUSTED_REQUESTERS, procurement: { quoteWindowMs: 600 * SECOND } }, async (h) => {
      const threadId = uniqueId('quotes-withdrawn');
      await deliverEmail(env.client, email(threadId, { text: dated(REQUEST_TEXT, Date.now()) }), { taskQueue: h.taskQueue });
      const { flowState } = await waitFor(threadId, (s) => Object.keys((s.flowState as unknown as ProcurementFlowState).rfqs ?? {}).length === 3);
      const rfqs = Object.values((flowState as unknown as ProcurementFlowState).rfqs);
      const runsBefore = (await getThreadState(env.client, threadId)).continuedAsNew;
      await chatter(h.taskQueue, threadId, 'bob@example.com', 45, 'before-withdrawal');
      await waitFor(threadId, (s) => s.continuedAsNew > runsBefore && s.counts.pending === 45);

      await completeThread(env.client, threadId, { reason: 'not needed any more', requestedBy: 'alice@example.com' });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.counts).toMatchObject({ handled: 46, pending: 0 });
      const state = (await getThreadState(env.client, threadId)).flowState as unknown as ProcurementFlowState;
      expect(state).toMatchObject({ step: 'completed', outcome: 'cancelled' });
      // Every RFQ child was cancelled by the later run, and reported so.
      for (const rfq of rfqs) {
        expect(state.rfqs[rfq.supplierId]?.status).toBe('cancelled');
        const child = await env.client.workflow.getHandle(rfq.workflowId).describe();
        expect(child.status.name).toBe('COMPLETED');
      }
      expect(sentTo(h.sent(), 'alice@example.com')).toHaveLength(1); // the withdrawal, nothing else
      expect(await h.purchaseOrders.list()).toEqual([]);
    });
  }, 240_000);

  it('support: keeps waiting for the customer across runs and closes at the deadline carried in the state', async () => {
    await withWorker({ support: { closeAfterSilenceMs: 25 * SECOND } }, async (h) => {
      const threadId = uniqueId('quiet');
      const emma = { address: 'emma.jones@mail.example', name: 'Emma Jones' };
      await deliverEmail(
        env.client,
        {
          messageId: threadId,
          threadId,
          from: emma,
          to: [{ address: 'support@shop.test' }],
          subject: 'Where is my order A10482?',
          text: 'Hi, where is my order A10482?\n\nEmma',
          receivedAt: new Date().toISOString(),
          authentication: authenticatedAs(emma.address),
        },
        { taskQueue: h.taskQueue },
      );
      const answered = await waitFor(threadId, (s) => (s.flowState as unknown as SupportFlowState).step === 'awaiting-customer');
      const closeAt = (answered.flowState as unknown as SupportFlowState).closeAt;
      await chatter(h.taskQueue, threadId, 'colleague@shop.test', 40, 'cc');
      const later = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.handled === 41);
      expect(later.flowState as unknown as SupportFlowState).toMatchObject({ step: 'awaiting-customer', closeAt });
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.reason).toBe('support conversation closed after silence');
      expect(summary.continuedAsNew).toBeGreaterThanOrEqual(1);
      const toEmma = sentTo(h.sent(), emma.address);
      expect(toEmma).toHaveLength(2);
      expect(toEmma[1]).toContain('we are closing this conversation');
    });
  }, 240_000);

  it('invoice: continues as new while new bank details await confirmation, and pays once, confirmed in a later run', async () => {
    await withWorker(
      {},
      async (h) => {
        const po = await order(h, uniqueId('po'));
        const received = { receiptId: 'GR-2026-0007', poNumber: po, receivedAt: new Date().toISOString() };
        const lines = [
          { item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantityReceived: 10 },
          { item: 'Monitor Dell P2725H 27"', quantityReceived: 10 },
        ];
        await withInvoiceStores(h, (s) => s.receipts.record({ ...received, lines }, '<gr@warehouse.example>'));
        const threadId = uniqueId('invoice-wait');
        const start = await deliverEmail(env.client, invoiceEmail(threadId, po, { due: today() }), { taskQueue: h.taskQueue });
        await waitFor(threadId, (s) => s.flowState.step === 'awaiting-bank-check');

        const notes = await chatter(h.taskQueue, threadId, 'colleague@northwind-it.example', 45, 'while-checking');
        const resumed = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.pending === 45);
        expect(resumed.flowState).toMatchObject({ step: 'awaiting-bank-check', approval: { status: 'pending' }, policy: { tolerance: { percent: 2 } } });

        await decide(threadId, 'approvePurchase', { approver: APPROVER });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary.reason).toBe('invoice paid');
        expect(summary.counts).toMatchObject({ handled: 46, pending: 0, byAction: { paid: 1, recorded: 45 } });
        expect(h.store.handledMessages(threadId).map((r) => r.messageId)).toEqual([threadId, ...notes]);
        expect(sentTo(h.sent(), SUPPLIER.address).filter((m) => m.includes('we have paid your invoice INV-2026-0042'))).toHaveLength(1);
        expect(await withInvoiceStores(h, (s) => s.payments.forOrder(po))).toHaveLength(1);
        const runs = await runIds(threadId, start.runId);
        expect(runs.length).toBeGreaterThanOrEqual(2);
        await maybeRecordHistory(
          env,
          threadWorkflowId(threadId),
          await runWhere(threadId, runs, update('approvePurchase')),
          'bounded-invoice-bank-check-resumed',
        );
      },
      { flowEnv: INVOICE_ENV },
    );
  }, 240_000);

  it('de-duplicates ids the window dropped against the ledger: a late redelivery is not handled again', async () => {
    await withWorker({}, async (h) => {
      const threadId = uniqueId('long-ids');
      // ~900-character ids: the seen window (48 KB) drops ids after about fifty of them.
      const id = (n: number) => `<${String(n).padStart(4, '0')}.${'x'.repeat(900)}@example.com>`;
      const message = (n: number): EmailMessageInput => ({
        messageId: n === 0 ? threadId : id(n),
        threadId,
        from: { address: 'alice@example.com' },
        to: [{ address: 'orders@orchestrator.test' }],
        subject: n === 0 ? 'Team lunch on Friday' : `Re: Team lunch (${n})`,
        text: n === 0 ? 'Shall we all meet for lunch on Friday at noon?' : `Follow-up ${n}.`,
        receivedAt: new Date().toISOString(),
      });
      const start = await deliverEmail(env.client, message(0), { taskQueue: h.taskQueue });
      for (let n = 1; n <= 90; n++) await deliverEmail(env.client, message(n), { taskQueue: h.taskQueue });
      await waitFor(threadId, (s) => s.counts.handled === 91);
      // Redeliveries of ids long out of the window, of a recent one, and one new message.
      for (const n of [1, 2, 3, 90, 91]) await deliverEmail(env.client, message(n), { taskQueue: h.taskQueue });
      const state = await waitFor(threadId, (s) => s.counts.handled === 92);
      await completeThread(env.client, threadId);
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.counts).toMatchObject({ received: 96, handled: 92, duplicates: 4, pending: 0 });
      expect(state.messages.length).toBeLessThan(92);
      const handled = h.store.handledMessages(threadId).map((r) => r.messageId);
      expect(handled).toHaveLength(92);
      expect(new Set(handled).size).toBe(92);
      const runs = await runIds(threadId, start.runId);
      const dedupeRun = await runWhere(threadId, runs, activity('findHandledMessages'));
      await maybeRecordHistory(env, threadWorkflowId(threadId), dedupeRun, 'bounded-ledger-dedupe');
      // The same on the current code: a continued run whose local steps come before its first patch question.
      await maybeRecordHistory(env, threadWorkflowId(threadId), dedupeRun, 'bounded-ledger-dedupe-current-code');
    });
  }, 240_000);

  it('a failed step stays held across runs: what it keeps for the retry is bounded, and a retry in a later run answers once', async () => {
    const provider = new FixableProvider();
    provider.broken.add('draft_support_answer');
    const extras = { provider, escalationAddress: { address: 'humans@orchestrator.test' } };
    await withWorker(
      {},
      async (h) => {
        const threadId = uniqueId('held-across-runs');
        const emma = { address: 'emma.jones@mail.example', name: 'Emma Jones' };
        const customer = (n: number, text: string): EmailMessageInput => ({
          messageId: n === 0 ? threadId : `<emma.${n}.${Date.now().toString(36)}@mail.example>`,
          threadId,
          from: emma,
          to: [{ address: 'support@shop.test' }],
          subject: n === 0 ? 'Where is my order A10482?' : 'Re: Where is my order A10482?',
          text,
          receivedAt: new Date().toISOString(),
          authentication: authenticatedAs(emma.address),
          ...(n === 0 ? {} : { inReplyTo: threadId, references: [threadId] }),
        });
        const start = await deliverEmail(env.client, customer(0, 'Hi,\n\nmy kettle (order A10482) has not arrived. Where is it?\n\nEmma'), {
          taskQueue: h.taskQueue,
        });
        await waitFor(threadId, (s) => s.escalation?.status === 'needs-human');

        // Three long follow-ups (about 25 KB each): the first two are kept for the retry, the third
        // would pass the 64 KB kept for it and is only recorded; then chatter continues the thread as new.
        const long = ' Could you tell me where the parcel with my kettle is now?'.repeat(430);
        const followUps = [1, 2, 3].map((n) => customer(n, `Any news about my kettle (order A10482)? It has still not arrived.${long}`));
        for (const message of followUps) await deliverEmail(env.client, message, { taskQueue: h.taskQueue });
        await chatter(h.taskQueue, threadId, 'colleague@shop.test', 40, 'while-held');
        const held = await waitFor(threadId, (s) => s.continuedAsNew >= 1 && s.counts.handled === 44);
        expect(held.escalation).toMatchObject({ status: 'needs-human', failedStep: { activity: 'draftSupportAnswer', messageId: threadId } });
        expect(held.escalation?.failedStep?.held).toBeLessThanOrEqual(10);
        expect(held.counts.byAction).toMatchObject({ failed: 1, 'held-for-human': 43 });
        const runs = await runIds(threadId, start.runId);
        // What the last run before the retry carried (held messages arrive while the runs go on).
        const carried = await carriedBy(threadId, runs.at(-2)!);
        expect(carried.stepFailure?.message?.messageId).toBe(threadId);
        const keptIds = carried.stepFailure?.held.map((m) => m.messageId) ?? [];
        expect(keptIds.slice(0, 2)).toEqual([followUps[0]!.messageId, followUps[1]!.messageId]);
        expect(keptIds).not.toContain(followUps[2]!.messageId);
        expect(Buffer.byteLength(JSON.stringify(carried.stepFailure?.held))).toBeLessThanOrEqual(64 * 1024);
        expect(sentTo(h.sent(), emma.address)).toEqual([]);

        // Fixed; a person retries in a later run: the failed message and the kept ones are answered, once.
        provider.broken.clear();
        await retryFailedStep(env.client, threadId, { requestedBy: 'ops@orchestrator.test', comment: 'drafting fixed' });
        const after = await waitFor(threadId, (s) => s.escalation === null && s.counts.pending === 0 && (s.counts.byAction['answered'] ?? 0) >= 3);
        expect(after.counts.byAction['answered']).toBe(3);
        const toEmma = sentTo(h.sent(), emma.address);
        expect(toEmma).toHaveLength(3);
        for (const id of [threadId, followUps[0]!.messageId, followUps[1]!.messageId])
          expect(toEmma.filter((m) => m.includes(`In-Reply-To: ${id}`))).toHaveLength(1);
        expect(sentTo(h.sent(), 'humans@orchestrator.test')).toHaveLength(1);
        await completeThread(env.client, threadId);
        await waitForThreadSummary(env.client, threadId);
        const retried = await runWhere(threadId, await runIds(threadId, start.runId), update('retryFailedStep'));
        expect(retried).not.toBe(start.runId);
        await maybeRecordHistory(env, threadWorkflowId(threadId), retried, 'bounded-step-failure-carried-then-retried');
      },
      extras,
    );
  }, 240_000);
});
