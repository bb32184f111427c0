import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, deliverEmail, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { sampleMessage } from './sample-messages';
import { flowSuite } from './flow-suite';
import { maybeRecordHistory } from './thread-harness';

const MESSAGES = 220;
// A low threshold makes Temporal suggest continue-as-new every few dozen events.
const { env, threadWorker } = flowSuite({ createEnv: () => createLocalTestEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 60 } }) });

describe('emailThreadWorkflow continue-as-new', () => {
  it(`handles each of ${MESSAGES} messages exactly once while continuing as new`, async () => {
    const threadId = '<long-thread@example.com>';
    const harness = await threadWorker();
    const { worker, store, taskQueue } = harness;
    try {
      const ids = Array.from({ length: MESSAGES }, (_, i) => sampleMessage(threadId, i + 1).messageId);
      const summary = await worker.runUntil(async () => {
        const first = await deliverEmail(env.client, sampleMessage(threadId, 1), { taskQueue });
        // Messages keep arriving while runs continue as new; every 10th is redelivered at once.
        for (let n = 2; n <= MESSAGES; n++) {
          await deliverEmail(env.client, sampleMessage(threadId, n), { taskQueue });
          if (n % 10 === 0) await deliverEmail(env.client, sampleMessage(threadId, n - 5), { taskQueue });
        }
        const deadline = Date.now() + 120_000;
        for (;;) {
          // A query fails while a task is failed (a continue-as-new that lost the race against a new
          // signal is retried): ask again.
          const state = await getThreadState(env.client, threadId).catch(() => undefined);
          if (!state) {
            if (Date.now() > deadline) throw new Error('the thread answered no query');
            await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          if (state.counts.handled === MESSAGES) break;
          if (Date.now() > deadline) throw new Error(`stuck at ${JSON.stringify({ ...state, messages: state.messages.length })}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        await completeThread(env.client, threadId);
        const result = await waitForThreadSummary(env.client, threadId);
        await maybeRecordHistory(env, threadWorkflowId(threadId), first.runId, 'first-run-continued-as-new');
        return result;
      });

      expect(summary.continuedAsNew).toBeGreaterThanOrEqual(3);
      // The summary lists the most recent handled messages (a bounded window), and counts them all.
      expect(summary.handled.length).toBeGreaterThan(100);
      expect(summary.handled.map((h) => h.messageId)).toEqual(ids.slice(-summary.handled.length));
      expect(summary.counts).toMatchObject({
        received: MESSAGES + Math.floor(MESSAGES / 10),
        handled: MESSAGES,
        duplicates: Math.floor(MESSAGES / 10),
        pending: 0,
      });
      expect(summary.duplicatesIgnored).toBe(Math.floor(MESSAGES / 10));
      // The ledger outside Temporal agrees: one handling per message, across all runs.
      const handled = store.handledMessages(threadId);
      expect(handled.map((r) => r.messageId).sort()).toEqual([...ids].sort());
      // Every run but possibly the last handled messages (a run continues as new only after progress;
      // the last may only receive COMPLETE_THREAD).
      const runs = new Set(handled.map((r) => r.workflowRunId)).size;
      expect(runs).toBeGreaterThanOrEqual(summary.continuedAsNew);
      expect(runs).toBeLessThanOrEqual(summary.continuedAsNew + 1);
    } finally {
      await harness.dispose();
    }
  }, 240_000);
});
