import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidPayloadError, threadWorkflowId } from '@org/orchestrator-contracts';
import type { ThreadState } from '@org/orchestrator-contracts';
import { completeThread, deliverEmail, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { ensureTemporalCli } from '@org/temporal-toolchain';
import { threadStateWhen } from './flow-fixtures';
import { sampleMessage } from './sample-messages';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { maybeRecordHistory } from './thread-harness';

const { env, threadWorker } = flowSuite({ createEnv: createLocalTestEnv });
let harness: FlowHarness;
beforeEach(async () => {
  harness = await threadWorker();
});
afterEach(() => harness.dispose());

const allHandled = (n: number) => (s: ThreadState) => s.messages.length === n && s.messages.every((m) => m.status === 'handled');

describe('emailThreadWorkflow on a real Temporal server', () => {
  it('starts a thread with signal-with-start, joins the next message to it, and shows both in order', async () => {
    const threadId = '<join@example.com>';
    const { taskQueue, worker } = harness;
    await worker.runUntil(async () => {
      const first = await deliverEmail(env.client, sampleMessage(threadId, 1), { taskQueue });
      const second = await deliverEmail(env.client, sampleMessage(threadId, 2), { taskQueue });
      expect(second.workflowId).toBe(first.workflowId);
      expect(second.runId).toBe(first.runId);

      const state = await threadStateWhen(env, threadId, allHandled(2));
      expect(state.messages.map((m) => m.messageId)).toEqual([sampleMessage(threadId, 1).messageId, sampleMessage(threadId, 2).messageId]);
      expect(state.flow).toBe('unknown');
      expect(state.messages.map((m) => m.outcome?.action)).toEqual(['holding-reply', 'recorded']);
      // One agent call (routing), accounted in the state.
      expect(state.agentUsage).toMatchObject({ calls: 1, byModel: { 'rules/rules-v1': { calls: 1 } } });
      expect(state.flowState).toMatchObject({ routing: { flow: 'unknown', intent: 'other' } });

      await completeThread(env.client, threadId, { reason: 'test over' });
      await waitForThreadSummary(env.client, threadId);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'two-messages-then-complete');
    });
    // One holding reply for the thread, threaded to the first message.
    const sent = harness.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`In-Reply-To: ${sampleMessage(threadId, 1).messageId}`);
    expect(sent[0]).toContain('Subject: Re: Team lunch on Friday');
    expect(sent[0]).toMatch(/^To: Alice <alice@example\.com>/m);
  });

  it('handles the same message id delivered twice once', async () => {
    const threadId = '<dup@example.com>';
    const { taskQueue, worker, store } = harness;
    const summary = await worker.runUntil(async () => {
      const message = sampleMessage(threadId, 1, { subject: 'Lunch?', text: 'Are you free at noon?' });
      await deliverEmail(env.client, message, { taskQueue });
      await deliverEmail(env.client, message, { taskQueue });
      await deliverEmail(env.client, { ...message, text: 'same id, retried by a mail server' }, { taskQueue });
      await threadStateWhen(env, threadId, (s) => s.duplicatesIgnored === 2 && allHandled(1)(s));
      await completeThread(env.client, threadId);
      return waitForThreadSummary(env.client, threadId);
    });
    expect(summary.handled).toHaveLength(1);
    expect(summary.handled[0]?.outcome).toMatchObject({ flow: 'unknown', action: 'holding-reply' });
    expect(summary.duplicatesIgnored).toBe(2);
    expect(store.handledMessages(threadId)).toHaveLength(1);
    expect(harness.sent()).toHaveLength(1);
    expect(harness.sent()[0]).toContain('a member of our team will read it');
  });

  it('ends on COMPLETE_THREAD after the work in hand, with a summary of what was handled', async () => {
    const threadId = '<complete@example.com>';
    const { taskQueue, worker } = harness;
    const summary = await worker.runUntil(async () => {
      await deliverEmail(env.client, sampleMessage(threadId, 1), { taskQueue });
      await deliverEmail(env.client, sampleMessage(threadId, 2), { taskQueue });
      await deliverEmail(env.client, sampleMessage(threadId, 3), { taskQueue });
      // Sent at once: the queued messages are handled before the thread completes.
      await completeThread(env.client, threadId, { reason: 'customer satisfied', requestedBy: 'agent@example.com' });
      return waitForThreadSummary(env.client, threadId);
    });
    expect(summary).toMatchObject({ threadId, flow: 'unknown', reason: 'customer satisfied', duplicatesIgnored: 0, rejected: 0 });
    expect(summary.handled.map((h) => [h.messageId, h.outcome.action])).toEqual([
      [sampleMessage(threadId, 1).messageId, 'holding-reply'],
      [sampleMessage(threadId, 2).messageId, 'recorded'],
      [sampleMessage(threadId, 3).messageId, 'recorded'],
    ]);
    const { status } = await env.client.workflow.getHandle(threadWorkflowId(threadId)).describe();
    expect(status.name).toBe('COMPLETED');
  });

  it('refuses an invalid email in the client helper, naming the field and sending nothing', async () => {
    const threadId = '<invalid-client@example.com>';
    await harness.worker.runUntil(async () => {
      const error = await deliverEmail(env.client, sampleMessage(threadId, 1, { from: { address: 'nobody' } }), { taskQueue: harness.taskQueue }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidPayloadError);
      expect((error as InvalidPayloadError).fields).toEqual(['from.address']);
      expect((error as Error).message).toContain('from.address: must be a valid email address');
      await expect(env.client.workflow.getHandle(threadWorkflowId(threadId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    });
  });

  it('records a raw invalid signal (temporal workflow signal) as rejected and keeps running', async () => {
    const threadId = '<raw-signal@example.com>';
    const { taskQueue, worker } = harness;
    const cli = await ensureTemporalCli();
    await worker.runUntil(async () => {
      await deliverEmail(env.client, sampleMessage(threadId, 1), { taskQueue });
      await threadStateWhen(env, threadId, allHandled(1));
      const bad = { ...sampleMessage(threadId, 2), to: 'bob@example.com', receivedAt: 'tomorrow' };
      if (cli) {
        await promisify(execFile)(cli, [
          'workflow',
          'signal',
          '--address',
          env.address,
          '--namespace',
          env.namespace ?? 'default',
          '--workflow-id',
          threadWorkflowId(threadId),
          '--name',
          'NEW_MESSAGE',
          '--input',
          JSON.stringify(bad),
        ]);
      } else {
        await env.client.workflow.getHandle(threadWorkflowId(threadId)).signal('NEW_MESSAGE', bad);
      }
      const state = await threadStateWhen(env, threadId, (s) => s.rejectedCount === 1);
      expect(state.rejected[0]).toMatchObject({
        signal: 'NEW_MESSAGE',
        messageId: sampleMessage(threadId, 2).messageId,
        reason: 'invalid email payload',
      });
      expect(state.rejected[0]?.issues.map((i) => i.path).sort()).toEqual(['receivedAt', 'to']);
      // Still running: the next valid message is handled.
      await deliverEmail(env.client, sampleMessage(threadId, 3), { taskQueue });
      const after = await threadStateWhen(env, threadId, allHandled(2));
      expect(after.messages.map((m) => m.messageId)).toEqual([sampleMessage(threadId, 1).messageId, sampleMessage(threadId, 3).messageId]);
      await completeThread(env.client, threadId);
      const summary = await waitForThreadSummary(env.client, threadId);
      expect(summary.rejected).toBe(1);
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'rejected-raw-signal');
    });
  });
});
