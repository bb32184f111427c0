import { WorkflowUpdateFailedError } from '@temporalio/client';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement } from './flow-fixtures';
import {
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
import { flowSuite } from './flow-suite';
import { recordedUpdates } from './history-events';
import { nowDated } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// The suppliers' side of the procurement trust boundary, in its own time-skipping server: the held
// threads that the requester tests leave open kept this test's two-hour sleep from skipping (it took
// about 170 s of real time, against a few seconds alone).
const { env, newThread, withWorker } = flowSuite();

const APPROVER = 'approver@orchestrator.local';
const HOUR = 3_600_000;

describe('procurement sender policy for suppliers (time-skipping)', () => {
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
