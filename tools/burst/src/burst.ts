import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { EmailMessageInput, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import { threadStateQuery, threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, deliverEmail } from '@org/orchestrator-contracts/client';
import { openSqliteStore } from '@org/orchestrator-activities';
import { freePort } from '@org/orchestrator-testing';
import { startDevServer } from '@org/temporal-toolchain';
import { analyseRuns } from './runs';
import type { RunFigures } from './runs';

/** What to send, and how the server is set up. */
export interface BurstOptions {
  /** Distinct messages delivered to the one thread. */
  messages: number;
  /** Redeliver an earlier message after every this many (0: none): half recent ids, half ids long out of the seen window. */
  redeliverEvery?: number;
  /** Deliveries in flight at once ("as fast as the client can send"). */
  concurrency?: number;
  /** The dev server's `limit.historyCount.suggestContinueAsNew`: a run is asked to continue as new after this many events. */
  suggestContinueAsNewEvents?: number;
  /** How often the thread's state is queried while the burst is handled. */
  queryEveryMs?: number;
  /** Gives up waiting for the thread to handle everything after this long. */
  timeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a burst measured (the `reports/burst.json` document). */
export interface BurstReport {
  messages: number;
  redeliveries: number;
  concurrency: number;
  suggestContinueAsNewEvents: number;
  /** Distinct messages the ledger has no handling for. */
  lost: number;
  /** Distinct messages the ledger has more than one handling for. */
  duplicated: number;
  /** The thread's own totals at the end. */
  counts: ThreadSummary['counts'];
  runs: number;
  maxEventsPerRun: number;
  /** Largest continue-as-new input (the next run's start input), bytes as stored in the history. */
  maxCarriedBytes: number;
  /** Largest `threadState` answer, bytes of its JSON. */
  maxQueryBytes: number;
  query: { samples: number; failures: number; p50Ms: number; p95Ms: number; maxMs: number };
  workflowTaskFailures: number;
  /** Deliveries the tool had to send again after the client gave up (none expected). */
  deliveryRetries: number;
  sendMs: number;
  /** Until the last message was handled. */
  handleMs: number;
  wallMs: number;
  perRun: RunFigures[];
}

const DAY = Date.UTC(2026, 10, 25, 9);

/** Message `n` of the burst thread; message 1 is the thread's root and routes it (to the `unknown` flow: one holding reply, then each message is recorded). */
export function burstMessage(threadId: string, n: number): EmailMessageInput {
  const stem = threadId.slice(1, -1).replace('@', '.');
  return {
    messageId: n === 1 ? threadId : `<m${n}.${stem}@example.com>`,
    threadId,
    from: { address: 'alice@example.com', name: 'Alice' },
    to: [{ address: 'orders@orchestrator.test' }],
    subject: n === 1 ? 'Team lunch on Friday' : `Re: Team lunch on Friday (${n})`,
    text: n === 1 ? 'Shall we all meet for lunch on Friday at noon? Let me know if that works for you.' : `Follow-up number ${n}: sounds good, see you there.`,
    receivedAt: new Date(DAY + n * 1000).toISOString(),
    ...(n === 1 ? {} : { inReplyTo: threadId, references: [threadId] }),
  };
}

/** The deliveries of a burst in order: every message once, plus redeliveries of earlier ones. */
export function burstPlan(messages: number, redeliverEvery: number): number[] {
  const plan: number[] = [];
  for (let n = 1; n <= messages; n++) {
    plan.push(n);
    if (redeliverEvery > 0 && n % redeliverEvery === 0) {
      // Alternately a recent id (still in the seen window) and one far back (only the ledger knows it).
      const back = (n / redeliverEvery) % 2 === 0 ? Math.max(1, n - 1500) : n - 5;
      plan.push(back);
    }
  }
  return plan;
}

/** Starts `burst-worker.ts` in its own process and resolves once it polls. */
async function startWorker(env: Record<string, string>, log: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', path.join(__dirname, 'burst-worker.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    // The SDK's warnings (e.g. a workflow task failed because the thread continued as new during a flood) are worth seeing.
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`worker: ${stripColours(line)}`);
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`burst worker exited with ${code} before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

/** The SDK's log lines without their terminal colour codes. */
function stripColours(line: string): string {
  return line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Starts an in-memory dev server (continue-as-new suggested every `suggestContinueAsNewEvents`
 * events) and a worker with real stores in a temp dir, delivers `messages` messages (and some
 * redeliveries) to one thread as fast as `concurrency` deliveries in flight allow, samples the
 * state query throughout, waits until every message is handled, completes the thread, and
 * measures: the ledger (lost, duplicated), every run's history (events, carried input) and the
 * query answers (size, latency).
 */
export async function runBurst(options: BurstOptions): Promise<BurstReport> {
  const {
    messages,
    redeliverEvery = 50,
    concurrency = 16,
    suggestContinueAsNewEvents = 1000,
    queryEveryMs = 250,
    timeoutMs = 30 * 60_000,
    log = () => undefined,
  } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'burst-'));
  const started = Date.now();
  const server = await startDevServer({
    port: await freePort(),
    dbFilename: null,
    headless: true,
    forwardOutput: false,
    logLevel: 'error',
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': suggestContinueAsNewEvents },
  });
  const taskQueue = `burst-${Date.now().toString(36)}`;
  let worker: ChildProcess | undefined;
  // Histories of runs that took a flood of signals can be bigger than gRPC's default 4 MB message.
  const connection = await Connection.connect({ address: server.address, channelArgs: { 'grpc.max_receive_message_length': 128 * 1024 * 1024 } });
  try {
    worker = await startWorker({ BURST_DIR: dir, BURST_ADDRESS: server.address, BURST_TASK_QUEUE: taskQueue }, log);
    const client = new Client({ connection });
    const threadId = `<burst.${Date.now().toString(36)}@example.com>`;
    const workflowId = threadWorkflowId(threadId);
    const plan = burstPlan(messages, redeliverEvery);
    log(
      `burst: ${messages} messages + ${plan.length - messages} redeliveries to ${threadId}, ${concurrency} in flight, continue-as-new suggested every ${suggestContinueAsNewEvents} events`,
    );

    return await (async () => {
      // A worker that has run a thread before, as in production (its first workflow task pays for loading the bundle).
      const warmUp = `<warm-up.${Date.now().toString(36)}@example.com>`;
      await deliverEmail(client, burstMessage(warmUp, 1), { taskQueue });
      await completeThread(client, warmUp);
      await client.workflow.getHandle(threadWorkflowId(warmUp)).result();
      const first = await deliverEmail(client, burstMessage(threadId, 1), { taskQueue });
      const handle = client.workflow.getHandle(workflowId);
      // Query sampling runs through the whole burst.
      const latencies: number[] = [];
      let maxQueryBytes = 0;
      let failures = 0;
      let last: ThreadState | undefined;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const t0 = Date.now();
          try {
            last = await Promise.race([
              handle.query(threadStateQuery),
              new Promise<never>((_, reject) => setTimeout(() => reject(new Error('query timed out')), 15_000).unref()),
            ]);
            latencies.push(Date.now() - t0);
            maxQueryBytes = Math.max(maxQueryBytes, Buffer.byteLength(JSON.stringify(last)));
          } catch {
            failures += 1;
          }
          await new Promise((r) => setTimeout(r, queryEveryMs));
        }
      })();

      const sendStart = Date.now();
      let next = 1; // plan[0] (message 1) went first
      let deliveryRetries = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < plan.length) {
            const n = plan[next++] as number;
            // Like the ingress (which answers 4xx, so the sending server retries): a refused delivery
            // (e.g. RESOURCE_EXHAUSTED while the thread continues as new, after the client's own retries) is sent again.
            for (let attempt = 1; ; attempt++) {
              try {
                await deliverEmail(client, burstMessage(threadId, n), { taskQueue });
                break;
              } catch (error) {
                if (attempt >= 20) throw error;
                deliveryRetries += 1;
                await new Promise((r) => setTimeout(r, 100 * attempt));
              }
            }
          }
        }),
      );
      const sendMs = Date.now() - sendStart;
      log(`burst: sent ${plan.length} deliveries in ${(sendMs / 1000).toFixed(1)} s (${Math.round((plan.length / sendMs) * 1000)}/s)`);

      let reported = 0;
      for (;;) {
        const handled = last?.counts.handled ?? 0;
        if (handled >= messages) break;
        if (Date.now() - started > timeoutMs) throw new Error(`burst: only ${handled} of ${messages} handled after ${timeoutMs / 1000} s`);
        if (handled - reported >= messages / 10) {
          reported = handled;
          log(`burst: ${handled} handled, ${last?.counts.pending} pending, run ${last?.continuedAsNew}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      const handleMs = Date.now() - sendStart;
      sampling = false;
      await sampler;
      await completeThread(client, threadId, { reason: 'burst done' });
      const summary: ThreadSummary = await handle.result();

      const store = openSqliteStore(path.join(dir, 'orchestrator.sqlite'));
      const rows = store.handledMessages(threadId);
      store.close();
      const perMessage = new Map<string, number>();
      for (const row of rows) perMessage.set(row.messageId, (perMessage.get(row.messageId) ?? 0) + 1);
      let lost = 0;
      let duplicated = 0;
      for (let n = 1; n <= messages; n++) {
        const count = perMessage.get(burstMessage(threadId, n).messageId as string) ?? 0;
        if (count === 0) lost += 1;
        if (count > 1) duplicated += 1;
      }
      const perRun = await analyseRuns(client, workflowId, first.runId);
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        messages,
        redeliveries: plan.length - messages,
        concurrency,
        suggestContinueAsNewEvents,
        lost,
        duplicated,
        counts: summary.counts,
        runs: perRun.length,
        maxEventsPerRun: Math.max(...perRun.map((r) => r.events)),
        maxCarriedBytes: Math.max(0, ...perRun.slice(1).map((r) => r.inputBytes)),
        maxQueryBytes,
        query: { samples: latencies.length, failures, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted.at(-1) ?? 0 },
        workflowTaskFailures: perRun.reduce((n, r) => n + r.workflowTaskFailures, 0),
        deliveryRetries,
        sendMs,
        handleMs,
        wallMs: Date.now() - started,
        perRun,
      };
    })();
  } finally {
    if (worker) await stopWorker(worker);
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of a report, one per line. */
export function formatBurstReport(report: BurstReport): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `messages            ${report.messages} (+ ${report.redeliveries} redeliveries), ${report.concurrency} in flight`,
    `lost / duplicated   ${report.lost} / ${report.duplicated}`,
    `thread counts       received ${report.counts?.received}, handled ${report.counts?.handled}, duplicates ${report.counts?.duplicates}, pending ${report.counts?.pending}`,
    `runs                ${report.runs} (continue-as-new suggested every ${report.suggestContinueAsNewEvents} events)`,
    `max events per run  ${report.maxEventsPerRun}`,
    `max carried input   ${kb(report.maxCarriedBytes)}`,
    `max state answer    ${kb(report.maxQueryBytes)}`,
    `queries             ${report.query.samples} answered, ${report.query.failures} failed; p50 ${report.query.p50Ms} ms, p95 ${report.query.p95Ms} ms, max ${report.query.maxMs} ms`,
    `task failures       ${report.workflowTaskFailures} (deliveries sent again: ${report.deliveryRetries})`,
    `time                sent in ${(report.sendMs / 1000).toFixed(1)} s, all handled after ${(report.handleMs / 1000).toFixed(1)} s, wall ${(report.wallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
