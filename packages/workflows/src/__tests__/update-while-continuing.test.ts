import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { EmailThreadInput, SupportFlowState } from '@org/orchestrator-contracts';
import { THREAD_CONTINUING_AS_NEW, threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, deliverEmail } from '@org/orchestrator-contracts/client';
import { bundleWorkflowsForTest, createLocalTestEnv, stopAfterEachTest, uniqueTaskQueue } from '@org/orchestrator-testing';
import { TOM, refundRequest, sentTo, supportEmail, uniqueId, waitForState } from './flow-fixtures';
import type { ActivityFaults } from './thread-harness';
import { flowSuite } from './flow-suite';
import { threadRuns } from './thread-harness';
import { answerSignal, handledQuery, slowDecisionWorkflow } from './fixtures/slow-decision-workflow';

// An update completed in the workflow task that continues as new is not always honoured by the
// server (temporalio/temporal#6375): its caller waits for ever. So a run that continues as new
// refuses updates (`THREAD_CONTINUING_AS_NEW`), and the contracts client sends them again.
const { env, threadWorker } = flowSuite({ createEnv: () => createLocalTestEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 60 } }) });
const SUPERVISOR = 'supervisor@orchestrator.local';

/**
 * A thread of {@link slowDecisionWorkflow} (it answers `approveRefund` only after `answer`) on its
 * own worker, for `body`; the worker stops when `body` ends.
 */
async function withSlowDecisionThread(prefix: string, body: (threadId: string, handle: WorkflowHandle<typeof slowDecisionWorkflow>) => Promise<void>) {
  const taskQueue = uniqueTaskQueue(prefix);
  const worker = stopAfterEachTest(
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsForTest(require.resolve('./fixtures/slow-decision-workflow')),
    }),
  );
  await worker.runUntil(async () => {
    const threadId = uniqueId(prefix);
    await body(threadId, await env.client.workflow.start(slowDecisionWorkflow, { taskQueue, workflowId: threadWorkflowId(threadId) }));
  });
}

it('refuses a decision while the run stashes what it carries; the client sends it again, and the next run takes it once', async () => {
  const faults: ActivityFaults = {};
  const h = await threadWorker({ faults, flows: { support: { approvalRemindAfterMs: 3_600_000, approvalEscalateAfterMs: 7_200_000 } } });
  try {
    await h.worker.runUntil(async () => {
      const threadId = uniqueId('decide-while-continuing');
      const start = await deliverEmail(env.client, refundRequest(threadId), { taskQueue: h.taskQueue });
      await waitForState<SupportFlowState>(env, threadId, (s) => s.step === 'awaiting-approval');

      // Notes too big to carry inline (2 KB each): the run stashes them before it continues as new,
      // and the stash is held, so the run stays in its last steps while the decision comes.
      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      faults['stashMessages'] = () => held;
      for (let i = 1; i <= 30; i++) {
        const note = `Note ${i}: ${'keeping everyone in the loop. '.repeat(70)}`;
        await deliverEmail(
          env.client,
          {
            messageId: `<note.${i}.${threadId.slice(1)}`,
            threadId,
            from: { address: 'colleague@shop.test' },
            to: [{ address: 'support@shop.test' }],
            subject: 'Re: desk',
            text: note,
            receivedAt: new Date().toISOString(),
            inReplyTo: threadId,
          },
          { taskQueue: h.taskQueue },
        );
      }
      for (const until = Date.now() + 60_000; h.calls('stashMessages').length === 0; await sleep(100)) {
        if (Date.now() > until) throw new Error('the run did not stash before continuing as new');
      }

      // The decision a one-click link makes (its own update id): refused by the continuing run,
      // sent again by the client until the next run takes it.
      const updateId = `link-${threadId}`;
      const decided = decideApproval(env.client, threadId, 'approveRefund', { approver: SUPERVISOR, via: 'link' }, { updateId });
      await sleep(1_500);
      const continuing = await env.client.workflow.getHandle(threadWorkflowId(threadId)).describe();
      release();
      const decision = await decided;
      expect(decision).toMatchObject({ subject: 'refund', decision: 'approved', approver: SUPERVISOR, via: 'link' });

      // The same link again (the same update id) changes nothing.
      await expect(decideApproval(env.client, threadId, 'approveRefund', { approver: SUPERVISOR, via: 'link' }, { updateId })).resolves.toEqual(decision);

      const { state } = await waitForState<SupportFlowState>(env, threadId, (_, s) => s.counts.handled === 31, 60_000);
      expect(state.counts.byAction).toMatchObject({ 'answered-refund-approved': 1, 'not-customer': 30 });
      const toTom = sentTo(h.sent(), TOM.address);
      expect(toTom).toHaveLength(1);
      expect(toTom[0]).toContain('your refund of EUR 549.00 has been approved');

      // The run that stashed (held while the decision came) took no update; the next one took it.
      const all = await threadRuns(env, threadId, start.runId);
      const stashing = all.findIndex((r) => r.runId === continuing.runId);
      expect(stashing).toBeGreaterThanOrEqual(0);
      const accepted = (events: (typeof all)[number]['events']) => events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(accepted(all[stashing]!.events)).toEqual([]);
      expect(all[stashing]!.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      const takenBy = all.filter((r) => accepted(r.events).length > 0);
      expect(takenBy.map((r) => accepted(r.events).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId))).toEqual([[updateId]]);
      expect(all.indexOf(takenBy[0]!)).toBe(stashing + 1);
      const carried = (all[stashing]!.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0]?.data ??
        new Uint8Array()) as Uint8Array;
      expect((JSON.parse(Buffer.from(carried).toString('utf8')) as EmailThreadInput).carried?.flowState).toMatchObject({ approval: { status: 'pending' } });
    });
  } finally {
    await h.dispose();
  }
}, 180_000);

it('gives a refusal other than continuing as new to the caller at once', async () => {
  const h = await threadWorker();
  try {
    await h.worker.runUntil(async () => {
      const threadId = uniqueId('nothing-pending');
      const question = supportEmail(threadId, { from: TOM, subject: 'Opening hours', text: 'When are you open on Saturdays?', authenticated: false });
      await deliverEmail(env.client, question, { taskQueue: h.taskQueue });
      await waitForState(env, threadId, (_, s) => s.counts.handled === 1);
      const refusal = await decideApproval(env.client, threadId, 'approveRefund', { approver: SUPERVISOR }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'NoApprovalPending' });
      expect((refusal as WorkflowUpdateFailedError).cause).not.toMatchObject({ type: THREAD_CONTINUING_AS_NEW });
    });
  } finally {
    await h.dispose();
  }
}, 120_000);

it('sends an update the thread answers late again under the same id: it waits, and the thread runs it once', async () => {
  await withSlowDecisionThread('slow-decision', async (threadId, handle) => {
    const input = { approver: SUPERVISOR, via: 'link' as const };
    // No answer at all within the time given: the last timeout reaches the caller, typed.
    await expect(
      decideApproval(env.client, threadId, 'approveRefund', input, { updateId: 'late-1', answerWithinMs: 500, giveUpAfterMs: 1_600 }),
    ).rejects.toBeInstanceOf(WorkflowUpdateRPCTimeoutOrCancelledError);
    // Sent again (same id) every 500 ms until the answer comes, 2 s later.
    const decided = decideApproval(env.client, threadId, 'approveRefund', input, { updateId: 'late-1', answerWithinMs: 500 });
    await sleep(2_000);
    await handle.signal(answerSignal);
    expect(await decided).toMatchObject({ subject: 'refund', decision: 'approved', approver: SUPERVISOR });
    expect(await handle.query(handledQuery)).toBe(1);
    await handle.result();
  });
}, 60_000);

it('ends at once when the caller cancels (as the CLI does at its --timeout), instead of sending again', async () => {
  await withSlowDecisionThread('cancelled-decision', async (threadId, handle) => {
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 500);
    // Far from its own limits (a minute per attempt, two in all): only the cancellation can end it within the test's time.
    const decided = env.client.connection.withAbortSignal(caller.signal, () =>
      decideApproval(env.client, threadId, 'approveRefund', { approver: SUPERVISOR }, { updateId: 'cancelled-1', answerWithinMs: 60_000 }),
    );
    await expect(decided).rejects.toBeInstanceOf(WorkflowUpdateRPCTimeoutOrCancelledError);
    await handle.signal(answerSignal);
    await handle.result();
  });
}, 20_000);
