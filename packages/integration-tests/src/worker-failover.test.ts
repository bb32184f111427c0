import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteStore } from '@org/orchestrator-activities';
import type { ThreadSummary } from '@org/orchestrator-contracts';
import { completeThread, deliverEmail, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { WatchedProcess } from './worker-processes';
import { prepareHoldingWorkers, stopProcess } from './worker-processes';

const THREADS = 8;
const MESSAGES_PER_THREAD = 3;

const message = (t: number, n: number) => ({
  messageId: `<failover-${t}-${n}@example.com>`,
  threadId: `<failover-${t}-1@example.com>`,
  from: { address: `customer${t}@example.com` },
  to: [{ address: 'help@orchestrator.test' }],
  // Routed to the holding-reply flow: one reply per thread, later messages recorded (the thread
  // mechanics under failover, without a business flow's waits).
  subject: n === 1 ? `Team lunch ${t} on Friday` : `Re: Team lunch ${t} on Friday`,
  text: n === 1 ? 'Shall we all meet for lunch on Friday at noon? Let me know if that works for you.' : `Any news? (${n})`,
  receivedAt: new Date().toISOString(),
});

describe('two worker processes on one task queue', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  const workers: WatchedProcess[] = [];

  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'failover-'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both take tasks, and after one is SIGKILLed mid-activity every thread completes with each message handled once', async () => {
    const taskQueue = uniqueTaskQueue('failover');
    const { databasePath, start } = await prepareHoldingWorkers(env, dir, taskQueue);
    const [a, b] = [start('worker-a', { HOLD_MS: '1500' }), start('worker-b', { HOLD_MS: '1500' })];
    workers.push(a, b);
    await Promise.all([a.waitForLine(/^READY/), b.waitForLine(/^READY/)]);

    for (let n = 1; n <= MESSAGES_PER_THREAD; n++) {
      for (let t = 1; t <= THREADS; t++) await deliverEmail(env.client, message(t, n), { taskQueue });
    }
    // Both workers take tasks; then kill A while it is holding inside an activity it has started.
    await Promise.all([a.waitForLine(/^ACTIVITY worker-a /), b.waitForLine(/^ACTIVITY worker-b /)]);
    // A prints the line right after its write, then holds 1.5 s: kill it at once, mid-activity.
    const inFlight = await a.waitForLine(/^ACTIVITY worker-a /, { from: a.lines.length });
    a.child.kill('SIGKILL');
    const killedMessageId = inFlight.split(' ')[2];
    expect((await a.exited).signal).toBe('SIGKILL');

    const summaries: ThreadSummary[] = [];
    for (let t = 1; t <= THREADS; t++) {
      const threadId = message(t, 1).threadId;
      const deadline = Date.now() + 90_000;
      while ((await getThreadState(env.client, threadId)).messages.filter((m) => m.status === 'handled').length < MESSAGES_PER_THREAD) {
        if (Date.now() > deadline) throw new Error(`thread ${threadId} did not finish`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await completeThread(env.client, threadId);
      summaries.push(await waitForThreadSummary(env.client, threadId));
    }

    for (const [i, summary] of summaries.entries()) {
      expect(summary.handled.map((h) => h.messageId)).toEqual([1, 2, 3].map((n) => message(i + 1, n).messageId));
    }
    const store = openSqliteStore(databasePath);
    try {
      const handled = store.handledMessages();
      const perMessage = new Map<string, number>();
      for (const row of handled) perMessage.set(row.messageId, (perMessage.get(row.messageId) ?? 0) + 1);
      expect(perMessage.size).toBe(THREADS * MESSAGES_PER_THREAD);
      expect([...perMessage.values()].every((count) => count === 1)).toBe(true);
      // The killed attempt had written its row; the retry on worker B updated the same row.
      expect(handled.find((r) => r.messageId === killedMessageId)?.attempts).toBeGreaterThanOrEqual(2);
      expect(b.lines.some((l) => l.startsWith(`ACTIVITY worker-b ${killedMessageId} attempt=2`))).toBe(true);
      // One holding reply per thread, none sent twice.
      expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(THREADS);
    } finally {
      store.close();
    }
  }, 240_000);
});
