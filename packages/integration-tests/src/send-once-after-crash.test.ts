import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteOutboxLedger } from '@org/orchestrator-activities';
import { completeThread, deliverEmail, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv, startSmtpSink, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { WatchedProcess } from './worker-processes';
import { prepareHoldingWorkers, stopProcess } from './worker-processes';

describe('a worker killed between "sent" and "activity completed"', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const workers: WatchedProcess[] = [];

  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'send-once-'));
    sink = await startSmtpSink();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await sink?.close();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not send a second email when the retried activity runs on another worker', async () => {
    const taskQueue = uniqueTaskQueue('send-once');
    const { databasePath, start } = await prepareHoldingWorkers(env, dir, taskQueue);
    const settings = { SMTP_URL: sink.url, HOLD_MS: '60000' };
    // Only A polls at first, so A takes the send; B joins once A is holding.
    const a = start('worker-a', { ...settings, HOLD_AT: 'sent' });
    workers.push(a);
    await a.waitForLine(/^READY/);

    const threadId = '<crash-after-sent@example.com>';
    await deliverEmail(
      env.client,
      {
        messageId: threadId,
        threadId,
        from: { address: 'carol@example.com', name: 'Carol' },
        to: [{ address: 'help@orchestrator.test' }],
        subject: 'Team lunch on Friday',
        text: 'Shall we all meet for lunch on Friday at noon? Let me know if that works for you.',
        receivedAt: new Date().toISOString(),
      },
      { taskQueue },
    );
    const sentLine = await a.waitForLine(/^SENT worker-a /);
    const replyId = sentLine.split(' ')[2];
    expect(sink.received).toHaveLength(1); // delivered, ledger says sent, activity not yet completed
    a.child.kill('SIGKILL');
    await a.exited;

    const b = start('worker-b', { ...settings, HOLD_AT: 'none' });
    workers.push(b);
    await b.waitForLine(/^READY/);
    const deadline = Date.now() + 90_000; // the heartbeat timeout (20 s) hands the send to B
    while ((await getThreadState(env.client, threadId)).messages[0]?.status !== 'handled') {
      if (Date.now() > deadline) throw new Error('thread did not finish');
      await new Promise((r) => setTimeout(r, 250));
    }
    await completeThread(env.client, threadId);
    const summary = await waitForThreadSummary(env.client, threadId);

    expect(summary.handled[0]?.outcome).toMatchObject({ action: 'holding-reply', replyMessageId: replyId });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.parsed.messageId).toBe(replyId);
    const ledger = openSqliteOutboxLedger(databasePath);
    try {
      const [entry, ...others] = await ledger.list(threadId);
      expect(others).toEqual([]);
      // Two claims reached the ledger (A's, then B's retry), one delivery.
      expect(entry).toMatchObject({ messageId: replyId, status: 'sent', attempts: 2 });
    } finally {
      await ledger.close();
    }
  }, 180_000);
});
