import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ThreadState } from '@org/orchestrator-contracts';
import { retryFailedStepUpdate, threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, decideApproval, retryFailedStep, submitAgentReply, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement, Support } from './flow-fixtures';
import { EMMA, FixableProvider, TRUSTED_REQUESTERS, deliver, mailTo, sentTo, supportEmail, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { recordedUpdates, scheduledActivities, startedChildren } from './history-events';
import { awaitingApproval } from './procurement-steps';
import type { ActivityFaults } from './thread-harness';
import { maybeRecordHistory } from './thread-harness';

// Support threads whose step fails for good, in simulated time: held for a person, retried or answered by one.
const { env, newThread, withWorker } = flowSuite();

const DAY = 86_400_000;
const HUMANS = 'humans@orchestrator.test';
const OPS = 'ops@orchestrator.test';
const AGENT = 'agent@orchestrator.local';
const SUBJECT = 'Where is my order A10482?';

const customerEmail = (threadId: string, text: string, previous?: string) => supportEmail(threadId, { from: EMMA, subject: SUBJECT, text, previous });

const answered = (messageId: string) => (s: Support) => s.turns?.some((t) => t.messageId === messageId && t.replyMessageId !== undefined) ?? false;
// A turn has its reply one local step before its message records the outcome, and a query can fall between the two.
const outcomes = (st: ThreadState) => st.messages.map((m) => m.outcome?.action);

/** A worker whose drafting model answers nonsense until `provider.broken` is cleared. */
function brokenDrafts() {
  const provider = new FixableProvider();
  provider.broken.add('draft_support_answer');
  return { provider, extras: { provider, escalationAddress: { address: HUMANS } } };
}

describe('a support step that fails for good (time-skipping)', () => {
  it('escalates with the step named, holds the customer’s next message, and answers both once a person retries after the fix', async () => {
    const { provider, extras } = brokenDrafts();
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('draft-fails');
        await deliver(env, h.taskQueue, customerEmail(threadId, 'Hi,\n\nmy kettle (order A10482) has not arrived. Where is it?\n\nEmma'));
        const { flowState, state } = await waitForState<Support>(
          env,
          threadId,
          (_s, s) => s.escalation?.status === 'needs-human' && s.messages[0]?.status === 'handled',
        );
        expect(state.escalation).toMatchObject({
          reason: 'support answering: draftSupportAnswer failed (AgentOutputInvalid)',
          failedStep: {
            activity: 'draftSupportAnswer',
            failure: { type: 'AgentOutputInvalid', message: expect.stringContaining('draft_support_answer') },
            flow: 'support',
            flowStep: 'answering',
            during: 'message',
            messageId: threadId,
            attempts: 1,
            held: 0,
          },
        });
        expect(state.messages.map((m) => m.outcome?.action)).toEqual(['failed']);
        // Not stuck in `answering`: the flow says a person may act, and who.
        expect(flowState).toMatchObject({ step: 'needs-human', agentReply: { status: 'awaiting', forMessageId: threadId, forFailedStep: true } });
        const [notice] = await mailTo(h.sent, HUMANS);
        expect(notice).toContain(`Thread ${threadId} needs a human: support answering: draftSupportAnswer failed (AgentOutputInvalid).`);
        expect(notice).toContain(`orchestrator retry '${threadId}' --as <your address>`);

        // The customer writes again: held, unanswered; the quiet period does not close a held thread.
        const second = customerEmail(threadId, 'Hello? Any news about my kettle?\n\nEmma', threadId);
        await deliver(env, h.taskQueue, second);
        await waitForState<Support>(env, threadId, (_s, s) => s.messages[1]?.outcome?.action === 'held-for-human' && s.escalation?.failedStep?.held === 1);
        await env.sleep(4 * DAY);
        await waitForState<Support>(env, threadId, (_s, s) => s.escalation?.status === 'needs-human');
        expect(sentTo(h.sent(), EMMA.address)).toEqual([]);

        provider.broken.clear();
        const receipt = await retryFailedStep(env.client, threadId, { requestedBy: OPS, comment: 'drafting model fixed' });
        expect(receipt).toMatchObject({ requestedBy: OPS, failedStep: { activity: 'draftSupportAnswer', messageId: threadId } });
        const after = await waitForState<Support>(
          env,
          threadId,
          (s, st) => st.escalation === null && answered(threadId)(s) && answered(second.messageId)(s) && outcomes(st).join() === 'answered,answered',
        );
        expect(outcomes(after.state)).toEqual(['answered', 'answered']);
        expect(after.flowState.turns.map((t) => t.messageId)).toEqual([threadId, second.messageId]);
        expect(after.flowState).toMatchObject({ step: 'awaiting-customer' });
        expect(after.flowState.agentReply).toBeUndefined();
        expect(await mailTo(h.sent, EMMA.address, 2)).toHaveLength(2);
        expect(sentTo(h.sent(), HUMANS)).toHaveLength(1);
        expect(await recordedUpdates(env, threadId)).toBe(2); // the retry, accepted and completed

        // Nothing failed any more: refused, and the history has no trace of it.
        await expect(retryFailedStep(env.client, threadId, { requestedBy: OPS })).rejects.toMatchObject({ cause: { type: 'NoFailedStep' } });
        expect(await recordedUpdates(env, threadId)).toBe(2);
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-step-failed-then-retried');
      },
      extras,
    );
  }, 120_000);

  it('sends an agent’s reply given instead of a retry, ends the escalation, and completes on request', async () => {
    const { extras } = brokenDrafts();
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('agent-answers');
        await deliver(env, h.taskQueue, customerEmail(threadId, 'Hi,\n\nmy kettle (order A10482) has not arrived. Where is it?\n\nEmma'));
        await waitForState<Support>(env, threadId, (_s, s) => s.escalation?.status === 'needs-human');
        await expect(submitAgentReply(env.client, threadId, { agent: 'intruder@example.com', reply: 'Refund everything.' })).rejects.toMatchObject({
          cause: { type: 'InvalidAgentReply' },
        });
        const receipt = await submitAgentReply(env.client, threadId, { agent: AGENT, reply: 'Dear Emma, your kettle left our warehouse today.' });
        const { flowState, state } = await waitForState<Support>(
          env,
          threadId,
          (s, st) => st.escalation === null && answered(threadId)(s) && outcomes(st).join() === 'answered-by-agent',
        );
        expect(flowState.turns[0]).toMatchObject({ answeredBy: 'agent', agent: AGENT, replyMessageId: receipt.replyMessageId });
        expect(state.messages.map((m) => m.outcome?.action)).toEqual(['answered-by-agent']);
        const [answer] = await mailTo(h.sent, EMMA.address);
        expect(answer).toContain(`Message-ID: ${receipt.replyMessageId}`);
        expect(answer).toContain('your kettle left our warehouse today');

        await completeThread(env.client, threadId, { reason: 'answered by hand', requestedBy: AGENT });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary).toMatchObject({ reason: 'answered by hand', escalation: null });
      },
      extras,
    );
  }, 120_000);

  it('escalates a failure while closing a quiet thread, and closes it when a person retries', async () => {
    // The closing email is refused by the mail server until the fault is removed.
    const faults: ActivityFaults = {
      sendReply: (input) =>
        (input as { text?: string }).text?.includes('we are closing this conversation')
          ? ApplicationFailure.create({ type: 'EmailRejected', message: 'every recipient was rejected: mailbox full', nonRetryable: true })
          : undefined,
    };
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('idle-fails');
        await deliver(env, h.taskQueue, customerEmail(threadId, 'Hi,\n\nwhere is my order A10482?\n\nEmma'));
        await waitForState<Support>(env, threadId, answered(threadId));
        await env.sleep(4 * DAY);
        const { state } = await waitForState<Support>(env, threadId, (_s, s) => s.escalation?.status === 'needs-human');
        expect(state.escalation).toMatchObject({
          reason: 'support idle handling: sendReply failed (EmailRejected)',
          failedStep: {
            activity: 'sendReply',
            failure: { type: 'EmailRejected', message: expect.stringContaining('mailbox full') },
            flow: 'support',
            flowStep: 'awaiting-customer',
            during: 'idle',
            attempts: 1,
          },
        });
        expect(state.escalation?.failedStep?.messageId).toBeUndefined();
        expect(state.status).toBe('open');
        const [notice] = await mailTo(h.sent, HUMANS);
        expect(notice).toContain(`Subject: [Escalation] ${SUBJECT}`);
        expect(notice).toContain("the support flow's idle handling");
        expect(notice).not.toContain('Latest message from');

        delete faults['sendReply'];
        await retryFailedStep(env.client, threadId, { requestedBy: OPS });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary).toMatchObject({ reason: 'support conversation closed after silence', escalation: null });
        expect(sentTo(h.sent(), EMMA.address).at(-1)).toContain('we are closing this conversation');
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-idle-failed-then-retried');
      },
      { escalationAddress: { address: HUMANS }, faults },
    );
  }, 120_000);

  it('refuses a retry when nothing failed, leaving no trace in the history', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('nothing-failed');
      await deliver(env, h.taskQueue, customerEmail(threadId, 'Hi,\n\nwhere is my order A10482?\n\nEmma'));
      await waitForState<Support>(env, threadId, answered(threadId));
      await expect(retryFailedStep(env.client, threadId, { requestedBy: OPS })).rejects.toMatchObject({
        cause: { type: 'NoFailedStep', message: 'no step of this thread failed' },
      });
      // The client refuses a malformed request before sending it; past it, the workflow's validator does.
      await expect(retryFailedStep(env.client, threadId, { requestedBy: 'nobody' })).rejects.toMatchObject({
        name: 'InvalidPayloadError',
        fields: ['requestedBy'],
      });
      const handle = env.client.workflow.getHandle(threadWorkflowId(threadId));
      const refused = handle.executeUpdate(retryFailedStepUpdate, { args: [{ requestedBy: 'nobody' }] });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({ cause: { type: 'InvalidRetryRequest' } });
      expect(await recordedUpdates(env, threadId)).toBe(0);
    });
  }, 120_000);
});

describe('a procurement step that fails for good (time-skipping)', () => {
  it('orders on a retry from the comparison, without asking the approver again, when the purchase order failed after approval', async () => {
    const APPROVER = 'approver@orchestrator.local';
    const faults: ActivityFaults = {
      createPurchaseOrder: () =>
        ApplicationFailure.create({
          type: 'ActivityNotConfigured',
          message: 'createPurchaseOrder: the worker has no blob store configured',
          nonRetryable: true,
        }),
    };
    await withWorker(
      TRUSTED_REQUESTERS,
      async (h) => {
        const threadId = newThread('po-fails');
        await awaitingApproval(env, h, threadId);
        await decideApproval(env.client, threadId, 'approvePurchase', { approver: APPROVER });

        const { state } = await waitForState<Procurement>(env, threadId, (_s, st) => st.escalation?.status === 'needs-human');
        expect(state.escalation).toMatchObject({
          reason: 'procurement ordering: createPurchaseOrder failed (ActivityNotConfigured)',
          failedStep: { activity: 'createPurchaseOrder', flow: 'procurement', flowStep: 'ordering', messageId: threadId, attempts: 1 },
        });
        expect((await mailTo(h.sent, HUMANS))[0]).toContain('the worker has no blob store configured');

        delete faults['createPurchaseOrder'];
        await retryFailedStep(env.client, threadId, { requestedBy: OPS });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary).toMatchObject({ reason: 'procurement ordered', escalation: null });
        const [po] = await h.purchaseOrders.list();
        expect(po).toMatchObject({ approvedBy: APPROVER, supplier: { id: 'contoso-computing' } });
        // The approver was asked once; quotes were not requested again; the request was read once.
        expect(sentTo(h.sent(), APPROVER)).toHaveLength(1);
        expect(await startedChildren(env, threadId)).toBe(3);
        expect((await scheduledActivities(env, threadId)).filter((a) => a.type === 'extractPurchaseRequest')).toHaveLength(1);
        expect(sentTo(h.sent(), 'alice@example.com').at(-1)).toContain(`purchase order ${po?.number}`);
      },
      { escalationAddress: { address: HUMANS }, faults },
    );
  }, 120_000);
});
