import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { createFileOutbox } from '@org/orchestrator-email';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import type { EmailMessage, ThreadState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { getThreadState } from '@org/orchestrator-contracts/client';
import { bundleWorkflowsForTest, eventually, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { IngressLogger, LogFields } from '../../logger';

/**
 * A worker with the real thread workflows and activities (SQLite store in a temp dir), running
 * in the background on a fresh task queue until `stop()`. What it sends goes to `outboxDir` and
 * is recorded in the thread index in `databasePath`, as the deployed worker does.
 */
export async function startThreadWorker(connection: NativeConnection, namespace = 'default', taskQueue = uniqueTaskQueue('ingress')) {
  const dir = mkdtempSync(join(tmpdir(), 'ingress-worker-'));
  const store = openSqliteStore(join(dir, 'orchestrator.sqlite'));
  const ledger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
  const threadIndex = openSqliteThreadIndex(join(dir, 'orchestrator.sqlite'));
  const outboxDir = join(dir, 'outbox');
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    // The worker runs the real workflows from their bundle; ingress code never imports them.
    // eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: a bundle path for the worker, not an import
    workflowBundle: await bundleWorkflowsForTest(require.resolve('@org/orchestrator-workflows')),
    activities: createActivities({ store, outbound: { ledger, transport: createFileOutbox(outboxDir), threadIndex } }),
  });
  // A worker that dies would only show up as thread-state timeouts: say why, at once.
  let failure: unknown;
  const running = worker.run().catch((error: unknown) => {
    failure = error;
    console.error('thread worker failed', error);
  });
  return {
    taskQueue,
    store,
    outboxDir,
    /** The worker's SQLite file, where its thread index is. */
    databasePath: join(dir, 'orchestrator.sqlite'),
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      store.close();
      await ledger.close();
      await threadIndex.close();
      rmSync(dir, { recursive: true, force: true });
      if (failure) throw failure;
    },
  };
}

/** Polls the thread state until `done` holds (the worker answers the query; a thread not started yet is asked again). */
export async function stateWhen(client: ThreadClient, threadId: string, done: (s: ThreadState) => boolean, timeoutMs = 30_000): Promise<ThreadState> {
  let last: ThreadState | undefined;
  const probe = async () => {
    last = await getThreadState(client, threadId);
    return done(last) && last;
  };
  return eventually(`thread ${threadId}`, probe, timeoutMs, 150).catch((error: Error) => {
    throw new Error(`${error.message}; last state: ${JSON.stringify(last)}`);
  });
}

/**
 * The thread accepted `n` messages (validated, de-duplicated, queued): what the ingress promises.
 * Handling them is the flow's business, and a business flow may hold a message for days.
 */
export const accepted = (n: number) => (s: ThreadState) => s.messages.length === n;

/** A logger that keeps every event, for assertions. */
export function memoryLogger(): IngressLogger & { events: (LogFields & { level: string; event: string })[] } {
  const events: (LogFields & { level: string; event: string })[] = [];
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      void events.push({ ...fields, level, event });
  return { events, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Largest payload (data + metadata bytes) anywhere in a history object. */
export function largestPayload(node: unknown): number {
  let max = 0;
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value)) return;
    seen.add(value);
    const candidate = value as { data?: unknown; metadata?: Record<string, unknown> };
    if (candidate.data instanceof Uint8Array && candidate.metadata && typeof candidate.metadata === 'object') {
      const meta = Object.values(candidate.metadata).reduce<number>((n, v) => n + (v instanceof Uint8Array ? v.length : 0), 0);
      max = Math.max(max, candidate.data.length + meta);
    }
    for (const child of Object.values(value)) walk(child);
  };
  walk(node);
  return max;
}

/** The messages the thread workflow of `threadId` received (its NEW_MESSAGE signals), as delivered. */
export async function deliveredMessages(client: ThreadClient, threadId: string): Promise<EmailMessage[]> {
  const history = await client.workflow.getHandle(threadWorkflowId(threadId)).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((a) => a?.signalName === 'NEW_MESSAGE')
    .map((a) => JSON.parse(Buffer.from(a?.input?.payloads?.[0]?.data ?? new Uint8Array()).toString()) as EmailMessage);
}
