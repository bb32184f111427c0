import { eventually } from '@org/orchestrator-testing';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import type { Procurement } from './flow-fixtures';
import { INCOMPLETE_REQUEST_TEXT, REQUESTER, REQUEST_TEXT, TRUSTED_REQUESTERS, deliver, email, mailTo, sentTo, waitForState } from './flow-fixtures';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { scheduledActivities, startedChildren } from './history-events';
import { nowDated } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// The procurement side of the trust boundary: who may start RFQs, answer questions, quote, approve.
const { env, newThread, withWorker } = flowSuite();

const HUMANS = 'humans@orchestrator.test';
const withHumans = { escalationAddress: { address: HUMANS } };

/**
 * The ledger's actions for a thread once it holds `count` rows: a held thread's escalation is in its
 * state one step before the ledger activity writes the held message's row.
 */
async function ledgerActions(h: FlowHarness, threadId: string, count: number): Promise<string[]> {
  const rows = await eventually(`${count} ledger rows`, () => {
    const found = h.store.handledMessages(threadId);
    return found.length >= count && found;
  });
  return rows.map((r) => r.action);
}

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
        expect(await ledgerActions(h, threadId, 1)).toEqual(['held-for-human: unauthenticated']);
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
        expect(await ledgerActions(h, threadId, 3)).toEqual(['ignored: unauthenticated', 'information-incomplete', 'held-for-human: clarification-limit']);
        expect(await startedChildren(env, threadId)).toBe(0);
      },
      withHumans,
    );
  }, 120_000);
});
