import { WorkflowUpdateFailedError } from '@temporalio/client';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement } from './flow-fixtures';
import {
  INCOMPLETE_REQUEST_TEXT,
  QUOTE_DECLINE,
  QUOTE_TABLE,
  REQUESTER,
  REQUEST_TEXT,
  TRUSTED_REQUESTERS,
  authenticatedAs,
  deliver,
  email,
  mailTo,
  sentTo,
  supplierReply,
  waitForState,
} from './flow-fixtures';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { recordedUpdates, scheduledActivities, startedChildren } from './history-events';
import { nowDated } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// The procurement side of the trust boundary: who may start RFQs, answer questions, quote, approve.
const { env, newThread, withWorker } = flowSuite();

const HUMANS = 'humans@orchestrator.test';
const APPROVER = 'approver@orchestrator.local';
const HOUR = 3_600_000;
const withHumans = { escalationAddress: { address: HUMANS } };

/** Waits until the thread is held, and returns its state. */
async function held(threadId: string) {
  return waitForState<Procurement>(env, threadId, (s, state) => s.step === 'needs-human' && state.escalation !== null);
}

/** Nobody but the escalation mailbox heard anything, and nothing went to suppliers. */
async function onlyTheEscalationNotice(h: FlowHarness, threadId: string, reason: string) {
  const [notice] = await mailTo(h.sent, HUMANS);
  expect(notice).toContain(`needs a human: procurement request held: ${reason}`);
  expect(h.sent()).toHaveLength(1);
  const activities = (await scheduledActivities(env, threadId)).map((a) => a.type);
  expect(activities).not.toContain('findSuppliers');
  expect(activities).not.toContain('sendReply');
  expect(activities).not.toContain('extractPurchaseRequest');
  expect(await startedChildren(env, threadId)).toBe(0);
}

describe('procurement sender policy (time-skipping)', () => {
  it('holds a forged request from an allowed domain: no RFQ, no reply, only the escalation notice', async () => {
    await withWorker(
      TRUSTED_REQUESTERS,
      async (h) => {
        const threadId = newThread('forged');
        // From: an allowed address, but nothing proves it (no DMARC alignment, no trusted relay).
        await deliver(
          env,
          h.taskQueue,
          email(threadId, {
            text: await nowDated(env, REQUEST_TEXT),
            authentication: { verifiedBy: 'ingress', dmarc: { result: 'fail', domain: 'example.com' } },
          }),
        );
        const { flowState, state } = await held(threadId);
        expect(flowState).toMatchObject({ heldFor: 'unauthenticated', rfqs: {} });
        expect(state.escalation?.reason).toBe('procurement request held: unauthenticated');
        await onlyTheEscalationNotice(h, threadId, 'unauthenticated');
        expect(h.store.handledMessages(threadId).map((r) => r.action)).toEqual(['held-for-human: unauthenticated']);
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-held-unauthenticated');

        // A later message (even an authenticated one) is only recorded: a person owns the thread.
        await deliver(env, h.taskQueue, email(threadId, { inReplyTo: threadId, text: 'Any news?' }));
        await waitForState(env, threadId, (_s, s) => s.messages.length === 2 && s.messages.every((m) => m.outcome));
        expect(h.sent()).toHaveLength(1);
      },
      withHumans,
    );
  }, 120_000);

  it('holds an authenticated request from a domain that is not allowed, and one from a subdomain of an allowed one', async () => {
    await withWorker(
      TRUSTED_REQUESTERS,
      async (h) => {
        for (const address of ['mallory@other.example', 'eve@sales.example.com']) {
          const threadId = newThread('not-allowed');
          await deliver(env, h.taskQueue, email(threadId, { from: { address }, text: await nowDated(env, REQUEST_TEXT) }));
          const { flowState } = await held(threadId);
          expect(flowState.heldFor).toBe('requester-not-allowed');
          expect(await startedChildren(env, threadId)).toBe(0);
        }
        // The notices are sent one activity after the state shows the hold: wait for both.
        expect(await mailTo(h.sent, HUMANS, 2)).toHaveLength(2);
        expect(sentTo(h.sent(), '@').length).toBe(sentTo(h.sent(), HUMANS).length);
      },
      withHumans,
    );
  }, 120_000);

  it('trusts nobody when nothing is configured', async () => {
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('unconfigured');
        await deliver(env, h.taskQueue, email(threadId, { text: await nowDated(env, REQUEST_TEXT) }));
        expect((await held(threadId)).flowState.heldFor).toBe('requester-not-allowed');
        await onlyTheEscalationNotice(h, threadId, 'requester-not-allowed');
      },
      withHumans,
    );
  }, 120_000);

  it('reads only the authenticated requester’s answers, and hands the request to a person after maxClarifications questions', async () => {
    await withWorker(
      { ...TRUSTED_REQUESTERS, procurement: { maxClarifications: 1 } },
      async (h) => {
        const threadId = newThread('limit');
        await deliver(env, h.taskQueue, email(threadId, { text: INCOMPLETE_REQUEST_TEXT }));
        await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-information');
        // A forged answer from the requester's address is recorded and not read.
        await deliver(
          env,
          h.taskQueue,
          email(threadId, { inReplyTo: threadId, authentication: undefined, text: await nowDated(env, 'We need 400 laptops, needed by {neededBy}.') }),
        );
        // The requester's own answer is still incomplete; with one question allowed, a person takes over.
        await deliver(env, h.taskQueue, email(threadId, { inReplyTo: threadId, text: 'We need 4 laptops.' }));
        const { flowState, state } = await held(threadId);
        expect(flowState).toMatchObject({ heldFor: 'clarification-limit', request: { missing: ['neededBy'] } });
        expect(flowState.request?.items[0]).toMatchObject({ quantity: 4 });
        expect(state.escalation?.reason).toBe('procurement request held: clarification-limit');
        expect(sentTo(h.sent(), REQUESTER.address)).toHaveLength(1); // the one question
        await mailTo(h.sent, HUMANS);
        expect(h.store.handledMessages(threadId).map((r) => r.action)).toEqual([
          'ignored: unauthenticated',
          'information-incomplete',
          'held-for-human: clarification-limit',
        ]);
        expect(await startedChildren(env, threadId)).toBe(0);
      },
      withHumans,
    );
  }, 120_000);

  it('lets only the supplier’s authenticated mail change its quote; refuses the requester approving their own purchase', async () => {
    const approval = { autoApproveBelow: 10, currency: 'EUR', approvers: { primary: REQUESTER.address, secondary: APPROVER } };
    await withWorker({ ...TRUSTED_REQUESTERS, procurement: { approval } }, async (h) => {
      const threadId = newThread('suppliers');
      await deliver(env, h.taskQueue, email(threadId, { text: await nowDated(env, REQUEST_TEXT) }));
      const { flowState } = await waitForState<Procurement>(env, threadId, (s) => Object.keys(s.rfqs ?? {}).length === 3);
      const northwind = flowState.rfqs['northwind-it'];
      await mailTo(h.sent, northwind.supplierEmail);

      const cheap = await nowDated(env, QUOTE_TABLE.replaceAll('1.150,00', '1,00').replaceAll('4.600,00', '4,00'));
      // Another address, authenticated for its own domain; the right address, unauthenticated;
      // and the supplier's out-of-office (automatic mail) carrying a price.
      const impostor = {
        ...supplierReply(northwind, cheap, 1),
        from: { address: 'sales@northwind-it.example.net' },
        authentication: authenticatedAs('sales@northwind-it.example.net'),
      };
      const forged = { ...supplierReply(northwind, cheap, 2), authentication: undefined };
      const outOfOffice = { ...supplierReply(northwind, cheap, 3), automated: { kind: 'auto-submitted' as const, detail: 'auto-replied' } };
      for (const message of [impostor, forged, outOfOffice]) await deliver(env, h.taskQueue, message);
      const ignoredActions = ['ignored: not-supplier', 'ignored: unauthenticated', 'ignored: automated (auto-submitted)'];
      await waitForState(env, northwind.rfqMessageId, (_s, s) => s.messages.filter((m) => m.outcome).length === 3);
      expect(h.store.handledMessages(northwind.rfqMessageId).map((r) => r.action)).toEqual(ignoredActions);
      const untouched = await getThreadState(env.client, northwind.rfqMessageId);
      expect(untouched.flowState).toMatchObject({ status: 'requested', replies: 0, clarifications: 0 });
      expect(untouched.flowState).not.toHaveProperty('quote');
      expect(sentTo(h.sent(), northwind.supplierEmail)).toHaveLength(1); // the RFQ only: no clarification request

      await deliver(env, h.taskQueue, supplierReply(northwind, await nowDated(env, QUOTE_TABLE), 4));
      await deliver(env, h.taskQueue, supplierReply(flowState.rfqs['contoso-computing'], QUOTE_DECLINE));
      await deliver(env, h.taskQueue, supplierReply(flowState.rfqs['fabrikam-displays'], QUOTE_DECLINE));
      await waitForState<{ status: string }>(env, northwind.rfqMessageId, (s) => s.status === 'quoted');
      await env.sleep(2 * HOUR); // past the correction window
      const waiting = await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-approval');
      expect(waiting.flowState.rfqs['northwind-it']).toMatchObject({ status: 'quoted', replies: 1, quote: { total: 5716 } });
      // The requester, misconfigured as the primary approver, is replaced by the second (patch 'approval-policies').
      expect(waiting.flowState.approval).toMatchObject({ requestedBy: REQUESTER.address, required: [APPROVER], approvers: [APPROVER] });

      const updatesBefore = await recordedUpdates(env, threadId);
      const self = decideApproval(env.client, threadId, 'approvePurchase', { approver: REQUESTER.address });
      await expect(self).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(self).rejects.toMatchObject({ cause: { type: 'SelfApproval' } });
      expect(await recordedUpdates(env, threadId)).toBe(updatesBefore);
      expect((await getThreadState(env.client, threadId)).flowState).toMatchObject({ step: 'awaiting-approval', approval: { status: 'pending' } });

      await decideApproval(env.client, threadId, 'approvePurchase', { approver: APPROVER });
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
      await maybeRecordHistory(env, northwind.workflowId, undefined, 'rfq-ignored-forged-replies');
      const [po] = await h.purchaseOrders.list();
      expect(po).toMatchObject({ total: 5716, approvedBy: APPROVER, supplier: { id: 'northwind-it' } });
    });
  }, 180_000);
});
