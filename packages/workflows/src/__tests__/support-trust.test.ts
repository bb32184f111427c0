import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState } from '@org/orchestrator-contracts/client';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import type { Support, SupportEmail } from './flow-fixtures';
import { EMMA, ORDER_QUESTION, SHOP_SUPPORT, TOM, deliver, mailTo, refundRequest, sentTo, supportEmail, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { recordedUpdates, scheduledActivities } from './history-events';
import { maybeRecordHistory } from './thread-harness';

// The support side of the trust boundary: unauthenticated senders, automatic mail, reply limits.
const { env, newThread, withWorker } = flowSuite();

/** Emma's message to the support mailbox on `threadId` (about her order unless `extra` says otherwise). */
const toSupport = (threadId: string, text: string, options: Pick<SupportEmail, 'previous' | 'authenticated'> & { extra?: Partial<EmailMessageInput> } = {}) => {
  const { extra = {}, ...reply } = options;
  return { ...supportEmail(threadId, { from: EMMA, to: [SHOP_SUPPORT], subject: ORDER_QUESTION.subject, text, ...reply }), ...extra };
};

const settled = (count: number) => (_s: unknown, state: { messages: { outcome?: unknown }[] }) =>
  state.messages.length === count && state.messages.every((m) => m.outcome !== undefined);

describe('support sender policy and automatic mail (time-skipping)', () => {
  it('gives an unauthenticated sender asking about an order no facts: no order lookup, a request to write from the registered address', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('unauth-order');
      await deliver(env, h.taskQueue, toSupport(threadId, ORDER_QUESTION.text, { authenticated: false }));
      const { flowState } = await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-customer');
      expect(flowState.turns[0]).toMatchObject({
        intent: 'order-status',
        answeredBy: 'auto',
        refusals: ['unauthenticated sender: no order, account or refund facts'],
      });
      const [reply] = await mailTo(h.sent, EMMA.address);
      expect(reply).toContain('write to us again from your registered email address');
      expect(reply).not.toMatch(/shipped|tracking|delivered|kettle/i);
      const activities = (await scheduledActivities(env, threadId)).map((a) => a.type);
      expect(activities).not.toContain('lookupSupportFacts');
      expect(activities).not.toContain('draftSupportAnswer');
      expect(h.store.handledMessages(threadId).map((r) => r.action)).toEqual(['answered-unauthenticated']);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-unauthenticated-order-question');
    });
  }, 120_000);

  it('answers an unauthenticated product question from the knowledge base only: the lookup gets no customer', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('unauth-kb');
      const question = { extra: { subject: 'Kettle descaling' } };
      await deliver(
        env,
        h.taskQueue,
        toSupport(threadId, 'Hello,\n\nhow do I descale my kettle? Do you have instructions?\n\nEmma', { ...question, authenticated: false }),
      );
      await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-customer' || s.step === 'awaiting-agent');
      const [lookup] = h.calls('lookupSupportFacts');
      expect(lookup?.input).toEqual({ threadId, text: expect.stringContaining('descale'), intent: expect.any(String) });
      const [draft] = h.calls('draftSupportAnswer');
      expect(draft?.input).toMatchObject({ facts: { order: null, customer: null } });
      expect(sentTo(h.sent(), EMMA.address).join('\n')).not.toContain('A10482');
    });
  }, 120_000);

  it('never answers automatic mail: a thread it starts is held, and in a conversation it is recorded', async () => {
    await withWorker({}, async (h) => {
      const started = newThread('auto-start');
      await deliver(
        env,
        h.taskQueue,
        toSupport(started, 'I am out of the office until Monday.', { extra: { automated: { kind: 'auto-submitted', detail: 'auto-replied' } } }),
      );
      const { state } = await waitForState(env, started, settled(1));
      expect(state.escalation?.reason).toBe('automated mail (auto-submitted)');
      expect(h.store.handledMessages(started).map((r) => r.action)).toEqual(['ignored: automated (auto-submitted)']);
      // Nothing but the thread's id key and the ledger record: no flow work, no mail.
      expect((await scheduledActivities(env, started)).map((a) => a.type)).toEqual(['threadIdKey', 'recordHandledMessage']);

      const conversation = newThread('auto-in-thread');
      await deliver(env, h.taskQueue, toSupport(conversation, ORDER_QUESTION.text));
      await waitForState<Support>(env, conversation, (s) => s.step === 'awaiting-customer');
      // A bounce, found by its sender's address alone (no header read by the ingress).
      await deliver(env, h.taskQueue, {
        ...toSupport(conversation, 'Delivery has failed to these recipients.', { previous: conversation }),
        from: { address: 'MAILER-DAEMON@mail.example' },
      });
      await waitForState(env, conversation, settled(2));
      expect(h.store.handledMessages(conversation).map((r) => r.action)).toEqual(['answered', 'ignored: automated (mailer-daemon)']);
      expect(sentTo(h.sent(), EMMA.address)).toHaveLength(1);
      expect(sentTo(h.sent(), 'mail.example')).toHaveLength(1);
      // What we send is marked automatic, so the customer's auto-responder does not answer it.
      expect(sentTo(h.sent(), EMMA.address)[0]).toMatch(/^Auto-Submitted: auto-replied$/m);
      await maybeRecordHistory(env, threadWorkflowId(conversation), undefined, 'support-ignored-automated-mail');
    });
  }, 120_000);

  it('stops answering a flood in one thread after the per-thread limit: a person takes over', async () => {
    await withWorker({ trust: { autoReplies: { perThread: 2 } } }, async (h) => {
      const threadId = newThread('flood');
      let previous: string | undefined;
      for (const n of [1, 2, 3]) {
        const message = toSupport(threadId, `Question ${n}: where is my order A10482? It has not arrived yet.\n\nEmma`, previous ? { previous } : {});
        await deliver(env, h.taskQueue, message);
        await waitForState<Support>(env, threadId, (s) => s.turns?.length === n && s.step !== 'answering');
        previous = message.messageId;
      }
      const { flowState } = await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-agent');
      expect(flowState.turns.map((t) => t.answeredBy ?? null)).toEqual(['auto', 'auto', null]);
      expect(flowState.turns[2].refusals).toEqual([expect.stringMatching(/^automatic-reply limit reached: 2 per thread/)]);
      expect(flowState.ticket).toBeDefined();
      expect(sentTo(h.sent(), EMMA.address)).toHaveLength(2);
      await mailTo(h.sent, 'agent@orchestrator.local');
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-auto-reply-limit');
    });
  }, 120_000);

  it('refuses a customer approving their own refund, leaving no update in the history', async () => {
    // A misconfiguration that makes the customer a refund approver: the validator still refuses.
    await withWorker({ support: { refundApprovers: { primary: TOM.address, secondary: 'finance-director@orchestrator.local' } } }, async (h) => {
      const threadId = newThread('self-refund');
      const request = { ...refundRequest(threadId), to: [SHOP_SUPPORT] };
      await deliver(env, h.taskQueue, request);
      const { flowState } = await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-approval');
      expect(flowState.approval).toMatchObject({
        subject: 'refund',
        requestedBy: TOM.address,
        // The customer, misconfigured as the primary approver, is replaced by the second (patch 'approval-policies').
        required: ['finance-director@orchestrator.local'],
        approvers: ['finance-director@orchestrator.local'],
      });
      const before = await recordedUpdates(env, threadId);
      await expect(decideApproval(env.client, threadId, 'approveRefund', { approver: TOM.address })).rejects.toMatchObject({ cause: { type: 'SelfApproval' } });
      expect(await recordedUpdates(env, threadId)).toBe(before);
      expect((await getThreadState(env.client, threadId)).flowState).toMatchObject({ step: 'awaiting-approval', approval: { status: 'pending' } });
      // Tom got nothing: no approval request (he is not asked to approve his own refund), no answer, no refund.
      await mailTo(h.sent, 'finance-director@orchestrator.local');
      expect(sentTo(h.sent(), TOM.address)).toEqual([]);
    });
  }, 120_000);

  it('limits automatic replies to one sender across threads (per-sender limit)', async () => {
    await withWorker({ trust: { autoReplies: { perSender: 1 } } }, async (h) => {
      const first = newThread('sender-1');
      await deliver(env, h.taskQueue, toSupport(first, ORDER_QUESTION.text));
      await waitForState<Support>(env, first, (s) => s.step === 'awaiting-customer');
      const second = newThread('sender-2');
      await deliver(env, h.taskQueue, toSupport(second, ORDER_QUESTION.text));
      const { flowState } = await waitForState<Support>(env, second, (s) => s.step === 'awaiting-agent');
      expect(flowState.turns[0].refusals).toEqual([expect.stringMatching(/^automatic-reply limit reached: 1 per sender/)]);
      expect(sentTo(h.sent(), EMMA.address)).toHaveLength(1);
    });
  }, 120_000);
});
