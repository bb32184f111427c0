import { ApplicationFailure } from '@temporalio/common';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowAgentRules } from '@org/orchestrator-installed-flows';
import type { Support } from './flow-fixtures';
import { EMMA, ORDER_QUESTION, SHOP_SUPPORT, deliver, mailTo, sentTo, supportEmail, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { historyEvents, scheduledActivities } from './history-events';
import { maybeRecordHistory } from './thread-harness';

// Short steps as local activities (the `inline-short-steps` patch): an auto-answered support email
// costs one activity task, the ledger write (`ledger-as-activity`: a local write could outlive a
// failed workflow task), and two workflow tasks.
const { env, newThread, withWorker } = flowSuite();

const orderQuestion = (threadId: string) => supportEmail(threadId, { from: EMMA, to: [SHOP_SUPPORT], ...ORDER_QUESTION });

const INLINE_TURN = ['threadIdKey', 'loadFlowConfig', 'classifyThread', 'lookupSupportFacts', 'draftSupportAnswer', 'claimAutoReplySlot', 'sendReply'];
const TURN = [...INLINE_TURN, 'recordHandledMessage'];

describe('inline short steps (time-skipping)', () => {
  it('answers a support email with local activities but the ledger write, in one workflow task, once', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('inline');
      await deliver(env, h.taskQueue, orderQuestion(threadId));
      await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-customer');
      const [reply] = await mailTo(h.sent, EMMA.address);
      expect(reply).toContain('A10482');

      const steps = await scheduledActivities(env, threadId);
      expect(steps.map((s) => s.type)).toEqual(TURN);
      expect(steps.filter((s) => s.local).map((s) => s.type)).toEqual(INLINE_TURN);
      const events = await historyEvents(env, threadWorkflowId(threadId));
      // The whole turn is decided by the first workflow task's completion: no round trip per step.
      const markers = events.filter((e) => e.markerRecordedEventAttributes);
      expect(markers).toHaveLength(INLINE_TURN.length + 1);
      expect(new Set(markers.map((e) => String(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId))).size).toBe(1);
      // One patch marker for all patches (see patches.ts), not one per patch.
      const patches = markers.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
      expect(patches).toHaveLength(1);
      const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes);
      expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)).toEqual(['recordHandledMessage']);
      expect(String(scheduled[0]?.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId)).toBe(
        String(patches[0]?.markerRecordedEventAttributes?.workflowTaskCompletedEventId),
      );
      // Each step ran once: no retries, no second configuration load for the turn.
      expect(h.calls().map((c) => c.name)).toEqual(TURN);
      expect(h.store.handledMessages(threadId).map((r) => r.action)).toEqual(['answered']);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-answered-ledger-activity');
    });
  }, 120_000);

  it('keeps agent calls as activities (heartbeats, long timeouts) when the provider is not in-process', async () => {
    // Agents given explicitly, as the worker does for a remote LLM provider: `agentsInline` is unset.
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('remote-agents');
        await deliver(env, h.taskQueue, orderQuestion(threadId));
        await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-customer');
        const steps = await scheduledActivities(env, threadId);
        expect(steps.filter((s) => !s.local).map((s) => s.type)).toEqual(['classifyThread', 'draftSupportAnswer', 'recordHandledMessage']);
        expect(steps.filter((s) => s.local).map((s) => s.type)).toEqual([
          'threadIdKey',
          'loadFlowConfig',
          'lookupSupportFacts',
          'claimAutoReplySlot',
          'sendReply',
        ]);
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'support-answered-remote-agents');
      },
      { provider: new RulesProvider({ rules: flowAgentRules() }) },
    );
  }, 120_000);

  it('fails a step for good the same way inline: the thread is held for a person, nothing is sent', async () => {
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('inline-fault');
        await deliver(env, h.taskQueue, orderQuestion(threadId));
        const { state } = await waitForState<Support>(env, threadId, (_s, st) => st.escalation !== null);
        expect(state.escalation).toMatchObject({ status: 'needs-human', failedStep: { activity: 'lookupSupportFacts' } });
        expect(sentTo(h.sent(), EMMA.address)).toEqual([]);
      },
      {
        faults: {
          lookupSupportFacts: () =>
            ApplicationFailure.create({ type: 'ActivityNotConfigured', message: 'lookupSupportFacts: no support desk', nonRetryable: true }),
        },
      },
    );
  }, 120_000);
});
