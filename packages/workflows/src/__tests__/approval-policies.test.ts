import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApproverPolicy } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement, Support } from './flow-fixtures';
import { TOM, TRUSTED_REQUESTERS, deliver, mailTo, refundRequest, sentTo, waitForState } from './flow-fixtures';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { awaitingApproval } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// Approval policies (patch 'approval-policies'): the amount matrix chooses who must approve the
// best quote (contoso-computing, 5420 EUR), the mode says whether the first decision decides or all
// must approve. On the time-skipping server.

const { env, newThread, withWorker } = flowSuite();

const APPROVER = 'approver@orchestrator.local';
const SECOND_APPROVER = 'finance-director@orchestrator.local';
const CFO = 'cfo@orchestrator.local';
const CONTROLLER = 'controller@orchestrator.local';
const REQUESTER = 'alice@example.com';
const HOUR = 3_600_000;
const WINNER = 'quotes@contoso-computing.example';

const withPolicy = (approvalPolicy: ApproverPolicy) => ({
  ...TRUSTED_REQUESTERS,
  procurement: { approval: { approvers: { primary: APPROVER, secondary: SECOND_APPROVER } }, approvalPolicy },
});

/** The refusal `type` of a decision, after checking it changed nothing in the thread's state. */
async function refusal(threadId: string, decide: Promise<unknown>): Promise<string | undefined> {
  const before = (await getThreadState(env.client, threadId)).flowState;
  const error = await decide.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((await getThreadState(env.client, threadId)).flowState).toEqual(before);
  return ((error as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
}

const approve = (threadId: string, approver: string) => decideApproval(env.client, threadId, 'approvePurchase', { approver, via: 'inbox' });
const purchaseOrderMails = (h: FlowHarness) => sentTo(h.sent(), WINNER).filter((m) => /^Subject: Purchase order /m.test(m));

describe('approval policies', () => {
  it('all: above a tier every required approver must approve; unknown, escalation target and second decisions are refused; reminders go to who has not decided', async () => {
    await withWorker(withPolicy({ mode: 'all', tiers: [{ above: 5419.99, approvers: [CFO, CONTROLLER] }] }), async (h) => {
      const threadId = newThread('policy-all');
      const pending = await awaitingApproval(env, h, threadId);
      expect(pending.approval).toMatchObject({
        amount: 5420,
        mode: 'all',
        required: [CFO, CONTROLLER],
        tierAbove: 5419.99,
        approvers: [CFO, CONTROLLER],
        decisions: [],
      });
      expect(await mailTo(h.sent, CFO)).toHaveLength(1);
      expect((await mailTo(h.sent, CONTROLLER))[0]).toContain(
        `Approval policy: all of 2 approvers (above 5419.99 EUR) must approve; awaiting ${CFO}, ${CONTROLLER}.`,
      );
      expect(sentTo(h.sent(), APPROVER)).toHaveLength(0); // below the tier's approvers, the primary is not asked

      expect(await refusal(threadId, approve(threadId, 'mallory@example.com'))).toBe('UnknownApprover');
      expect(await refusal(threadId, approve(threadId, SECOND_APPROVER))).toBe('UnknownApprover'); // only once escalated
      expect(await refusal(threadId, approve(threadId, REQUESTER))).toBe('SelfApproval');

      await expect(approve(threadId, CFO)).resolves.toMatchObject({ decision: 'approved', approver: CFO, via: 'inbox' });
      const half = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      expect(half.approval).toMatchObject({ status: 'pending', decisions: [{ approver: CFO, decision: 'approved' }] });
      expect(half.awaiting?.who).toEqual([CFO, CONTROLLER]); // as when the request went out; the reminder updates it
      expect(await refusal(threadId, approve(threadId, CFO.toUpperCase()))).toBe('AlreadyDecided');
      expect(await refusal(threadId, decideApproval(env.client, threadId, 'rejectPurchase', { approver: CFO }))).toBe('AlreadyDecided');
      expect(purchaseOrderMails(h)).toHaveLength(0);

      await env.sleep(25 * HOUR);
      const reminded = await waitForState<Procurement>(env, threadId, (s) => s.approval?.reminded === true);
      expect(reminded.flowState.awaiting?.who).toEqual([CONTROLLER]);
      expect((await mailTo(h.sent, CONTROLLER, 2))[1]).toContain('Reminder: approval needed');
      expect(sentTo(h.sent(), CFO)).toHaveLength(1); // who decided is not reminded

      await expect(approve(threadId, CONTROLLER)).resolves.toMatchObject({ decision: 'approved', approver: CONTROLLER });
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
      const [po] = await h.purchaseOrders.list();
      expect(po).toMatchObject({ total: 5420, approvedBy: `${CFO}, ${CONTROLLER}` });
      const done = (await getThreadState(env.client, threadId)).flowState as unknown as Procurement;
      expect(done.approval).toMatchObject({ status: 'approved', decision: { approver: CONTROLLER } });
      expect(done.approval?.decisions?.map((d) => d.approver)).toEqual([CFO, CONTROLLER]);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-approved-by-all-policy');
    });
  }, 180_000);

  it('all: a requester listed in the tier cannot approve (the second approver takes their place), and one rejection rejects at once', async () => {
    await withWorker(withPolicy({ mode: 'all', tiers: [{ above: 5000, approvers: [REQUESTER, CFO] }] }), async (h) => {
      const threadId = newThread('policy-self');
      const pending = await awaitingApproval(env, h, threadId);
      expect(pending.approval).toMatchObject({ required: [CFO, SECOND_APPROVER], requestedBy: REQUESTER, tierAbove: 5000 });
      expect(sentTo(h.sent(), REQUESTER).some((m) => m.includes('Approval needed'))).toBe(false);

      expect(await refusal(threadId, approve(threadId, REQUESTER))).toBe('SelfApproval');
      expect(await refusal(threadId, approve(threadId, 'Alice@Example.com'))).toBe('SelfApproval');
      await expect(approve(threadId, SECOND_APPROVER)).resolves.toMatchObject({ decision: 'approved' });
      await expect(decideApproval(env.client, threadId, 'rejectPurchase', { approver: CFO, comment: 'not this quarter' })).resolves.toMatchObject({
        decision: 'rejected',
      });
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement rejected');
      expect(purchaseOrderMails(h)).toHaveLength(0);
      expect(sentTo(h.sent(), REQUESTER).at(-1)).toContain(`not approved by ${CFO}`);
      await expect(approve(threadId, CFO)).rejects.toThrow(); // the thread is done: nothing pending
    });
  }, 180_000);

  it('matrix: an amount equal to a tier stays below it (the primary approver), and in all mode the escalation target decides once escalated', async () => {
    await withWorker(withPolicy({ mode: 'all', tiers: [{ above: 5420, approvers: [CFO, CONTROLLER] }] }), async (h) => {
      const threadId = newThread('policy-below');
      const pending = await awaitingApproval(env, h, threadId);
      expect(pending.approval).toMatchObject({ required: [APPROVER], approvers: [APPROVER], mode: 'all' });
      expect(pending.approval?.tierAbove).toBeUndefined();
      expect(sentTo(h.sent(), CFO)).toHaveLength(0);
      expect(await refusal(threadId, approve(threadId, SECOND_APPROVER))).toBe('UnknownApprover');

      await env.sleep(49 * HOUR);
      const escalated = await waitForState<Procurement>(env, threadId, (s) => s.approval?.escalated === true);
      expect(escalated.flowState.approval?.approvers).toEqual([APPROVER, SECOND_APPROVER]);
      expect(escalated.flowState.awaiting?.who).toEqual([APPROVER, SECOND_APPROVER]);
      expect((await mailTo(h.sent, SECOND_APPROVER))[0]).toContain('Escalated: approval needed');
      await expect(approve(threadId, SECOND_APPROVER)).resolves.toMatchObject({ decision: 'approved' });
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
      expect((await h.purchaseOrders.list())[0]).toMatchObject({ approvedBy: SECOND_APPROVER });
    });
  }, 180_000);

  it('first: above a tier each required approver is asked and the first decision decides', async () => {
    await withWorker(
      withPolicy({
        mode: 'first',
        tiers: [
          { above: 1000, approvers: [APPROVER] },
          { above: 5419.99, approvers: [CFO, CONTROLLER] },
        ],
      }),
      async (h) => {
        const threadId = newThread('policy-first');
        const pending = await awaitingApproval(env, h, threadId);
        expect(pending.approval).toMatchObject({
          mode: 'first',
          required: [CFO, CONTROLLER],
          approvers: [CFO, CONTROLLER, SECOND_APPROVER],
          tierAbove: 5419.99,
        });
        await mailTo(h.sent, CFO);
        await mailTo(h.sent, CONTROLLER);
        expect(await refusal(threadId, approve(threadId, APPROVER))).toBe('UnknownApprover'); // the lower tier's approver
        await expect(approve(threadId, CONTROLLER)).resolves.toMatchObject({ decision: 'approved' });
        expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
        expect((await h.purchaseOrders.list())[0]).toMatchObject({ approvedBy: CONTROLLER });
        await expect(approve(threadId, CFO)).rejects.toThrow(); // the thread is done: nothing pending
      },
    );
  }, 180_000);

  it('refunds use the same policy, in the support flow’s currency: above the tier all must approve before the answer goes out', async () => {
    const tom = TOM;
    const SUPERVISOR = 'supervisor@orchestrator.local';
    const flows = { support: { refundApprovalPolicy: { mode: 'all' as const, tiers: [{ above: 548.99, approvers: [SUPERVISOR, CFO] }] } } };
    await withWorker(flows, async (h) => {
      const threadId = newThread('policy-refund');
      await deliver(env, h.taskQueue, refundRequest(threadId, new Date(await env.currentTimeMs())));
      const { flowState } = await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-approval');
      expect(flowState.approval).toMatchObject({ subject: 'refund', amount: 549, mode: 'all', required: [SUPERVISOR, CFO], tierAbove: 548.99 });
      expect((await mailTo(h.sent, CFO))[0]).toContain('Approval policy: all of 2 approvers (above 548.99 EUR) must approve');
      await expect(decideApproval(env.client, threadId, 'approveRefund', { approver: CFO })).resolves.toMatchObject({ decision: 'approved' });
      expect(await refusal(threadId, decideApproval(env.client, threadId, 'approveRefund', { approver: CFO }))).toBe('AlreadyDecided');
      expect(sentTo(h.sent(), tom.address)).toHaveLength(0);
      await decideApproval(env.client, threadId, 'approveRefund', { approver: SUPERVISOR });
      expect((await mailTo(h.sent, tom.address))[0]).toContain('your refund of EUR 549.00 has been approved');
    });
  }, 180_000);
});
