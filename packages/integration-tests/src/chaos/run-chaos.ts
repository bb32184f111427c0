import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { OrchestratorStore, OutboxLedger } from '@org/orchestrator-activities';
import { openOutboxLedger, openPostgresStore, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import { InvalidPayloadError } from '@org/orchestrator-contracts';
import { completeThread, deliverEmail, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';
import { ChaosCluster } from './cluster';
import { slowHandlingCauses, unfinishedThreads } from './diagnose';
import { chaosMessage, messageIdOf } from './conversation';
import { ChaosDeadlineError, HandledWatcher } from './handled-watcher';
import { SinkWatcher } from './sink-watcher';
import type { ChaosOptions } from './options';
import { chaosOptions } from './options';
import { seededRandom } from '@org/orchestrator-testing';
import { sortedPoints } from './random';
import type { ChaosObservations, ChaosReport, ThreadOutcome } from './verify';
import { handlingLatencies, verifyChaos } from './verify';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `work`'s result, or `fallback` if it takes longer than `ms`. */
async function within<T>(ms: number, work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one bounded chaos run and reports what it saw: customers write `threads` × `messagesPerThread`
 * support questions through the Temporal client (each answered by one email to an SMTP sink), while
 * worker processes are SIGKILLed at random moments and restarted, and the dev server is restarted on
 * its database. Each thread gets `COMPLETE_THREAD` once its last message is handled. Then it checks:
 * every delivered message handled exactly once (the handled-message ledger), no email twice at the
 * sink (by Message-ID) and each answer there, every thread's summary readable.
 *
 * Stops by itself (at the latest after `timeoutMs`, or when `signal` aborts); every process it
 * started is stopped before it resolves, also when it throws.
 * @example
 * const report = await runChaos({ threads: 20, kills: 3 });
 * console.log(formatChaosTable(report));
 */
export async function runChaos(overrides: Partial<ChaosOptions> & { signal?: AbortSignal } = {}): Promise<ChaosReport> {
  const options = chaosOptions(overrides);
  const { log } = options;
  const startedAt = new Date();
  const deadline = startedAt.getTime() + options.timeoutMs;
  const runId = `${options.seed.toString(36)}${startedAt.getTime().toString(36).slice(-4)}`;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chaos-'));
  mkdirSync(dir, { recursive: true });
  const stopRequested = () => Date.now() > deadline || overrides.signal?.aborted === true;
  let sink: SmtpSink | undefined;
  let cluster: ChaosCluster | undefined;
  let connection: Connection | undefined;
  let store: AsyncCompatible<OrchestratorStore> | undefined;
  let ledger: OutboxLedger | undefined;
  let watcher: HandledWatcher | undefined;
  let emails: SinkWatcher | undefined;
  // Settles (rejects) once time is up or the caller aborts: every wait of the run races it.
  let stopTimer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    stopTimer = setInterval(() => {
      if (!stopRequested()) return;
      clearInterval(stopTimer);
      void watcher?.stop();
      reject(new ChaosDeadlineError('the run to finish'));
    }, 250);
  });
  stopped.catch(() => undefined);

  const onExit = () => cluster?.killAllNow();
  process.once('exit', onExit);
  try {
    sink = await startSmtpSink({ answerDelayMs: options.smtpAnswerDelayMs });
    cluster = new ChaosCluster({
      dir,
      workers: options.workers,
      workerMain: options.workerMain,
      smtpUrl: sink.url,
      autoReplyLimit: 10_000,
      log,
      ...(options.shared ? { shared: options.shared } : {}),
      ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}),
    });
    log(`starting the dev server (database ${join(dir, 'temporal.sqlite')}) and ${options.workers} workers …`);
    await cluster.start();
    connection = await Connection.connect({ address: cluster.address });
    const client = new Client({ connection, namespace: 'default' });
    // The ledgers the workers write: in their shared database, or in the one host's data folder.
    store = options.shared ? openPostgresStore(options.shared.databaseUrl) : openSqliteStore(cluster.databasePath);
    ledger = options.shared ? await openOutboxLedger(options.shared.databaseUrl) : openSqliteOutboxLedger(cluster.databasePath);
    await options.beforeTraffic?.({ client, taskQueue: cluster.taskQueue, sink });

    const planned = new Map<string, { thread: number }>();
    for (let t = 1; t <= options.threads; t++) {
      for (let n = 1; n <= options.messagesPerThread; n++) planned.set(messageIdOf(runId, t, n), { thread: t });
    }
    watcher = new HandledWatcher(store, (id) => planned.has(id));
    watcher.start();
    // Emails of the conversations before the traffic are theirs to check.
    emails = new SinkWatcher(sink, ledger, sink.received.length);
    emails.start();
    const setupMs = Date.now() - startedAt.getTime();
    const runStarted = Date.now();
    log(`workers polling ${cluster.taskQueue} on ${cluster.address}; seed ${options.seed}; ${planned.size} messages in ${options.threads} threads`);

    const chaos = new Chaos(cluster, watcher, options, planned.size, stopRequested, runStarted);
    // Customers do not write while a kill is due: a run faster than the monkey still gets every kill.
    const traffic = new Traffic(client, cluster.taskQueue, watcher, runId, options, stopRequested, stopped, () => chaos.killDue());
    const chaosDone = chaos.run();
    await traffic.run();
    chaos.finish();
    await chaosDone;
    const timedOut = Date.now() > deadline;
    const aborted = overrides.signal?.aborted === true;
    await watcher.stop();
    await emails.stop();
    const runMs = Date.now() - runStarted;
    log(`traffic done in ${(runMs / 1000).toFixed(1)} s; checking the ledgers and the sink …`);
    const slowThreads = [...new Set(handlingLatencies(traffic.delivered, watcher.rowsByMessage).map((l) => l.threadId))].slice(0, 5);
    const unhandled = [...traffic.delivered.keys()].filter((id) => !watcher?.rowsByMessage.has(id));
    const unfinished = [
      ...new Set([
        ...unhandled.map((id) => messageIdOf(runId, planned.get(id)?.thread ?? 0, 1)),
        ...traffic.threads.filter((t) => !t.completed).map((t) => t.threadId),
      ]),
    ];

    const observations: ChaosObservations = {
      planned,
      delivered: traffic.delivered,
      deliveryRetries: traffic.deliveryRetries,
      handled: watcher.rowsByMessage,
      emails: emails.copies,
      outbox: await ledger.list(),
      threads: traffic.threads,
      kills: chaos.kills,
      serverRestarts: chaos.restarts,
      unexpectedExits: cluster.unexpectedExits,
      // The stuck threads' histories first: they tell why the run did not finish. A diagnosis is
      // bounded like the rest: a server that does not answer leaves it empty.
      slowCauses: await within(30_000, slowHandlingCauses(client, [...new Set([...unfinished, ...slowThreads])].slice(0, 10)), {
        threads: [],
        activityRetries: [],
        workflowTaskTimeouts: 0,
      }),
      unfinished: await within(
        30_000,
        unfinishedThreads(client, unfinished.slice(0, 20)),
        unfinished.map((threadId) => ({ threadId, pending: ['not described in time'] })),
      ),
      setupMs,
      runMs,
      timedOut,
      aborted,
    };
    return verifyChaos(
      {
        seed: options.seed,
        taskQueue: cluster.taskQueue,
        startedAt: startedAt.toISOString(),
        threads: options.threads,
        messagesPerThread: options.messagesPerThread,
        workers: options.workers,
        kills: options.kills,
        serverRestarts: options.serverRestarts,
        hosts: options.shared ? 'separate' : 'one',
      },
      observations,
    );
  } finally {
    clearInterval(stopTimer);
    await watcher?.stop();
    await emails?.stop();
    await connection?.close().catch(() => undefined);
    await cluster?.stop();
    process.removeListener('exit', onExit);
    await sink?.close();
    await store?.close();
    await ledger?.close();
    if (!options.keepData) rmSync(dir, { recursive: true, force: true });
  }
}

/** The customers: `openThreads` conversations at a time, each writing again once answered. */
class Traffic {
  readonly delivered = new Map<string, number>();
  readonly threads: ThreadOutcome[] = [];
  deliveryRetries = 0;
  private readonly random: () => number;
  private readonly summaries: Promise<void>[] = [];
  private nextThread = 1;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly watcher: HandledWatcher,
    private readonly runId: string,
    private readonly options: ChaosOptions,
    private readonly stopRequested: () => boolean,
    private readonly stopped: Promise<never>,
    private readonly holdWhile: () => boolean,
  ) {
    this.random = seededRandom(options.seed + 1);
  }

  async run(): Promise<void> {
    const lanes = Array.from({ length: Math.min(this.options.openThreads, this.options.threads) }, async () => {
      while (this.nextThread <= this.options.threads && !this.stopRequested()) await this.converse(this.nextThread++);
    });
    await Promise.all(lanes);
    await Promise.all(this.summaries);
  }

  private async converse(t: number): Promise<void> {
    const { messagesPerThread } = this.options;
    const threadId = messageIdOf(this.runId, t, 1);
    try {
      for (let n = 1; n <= messagesPerThread; n++) {
        while (this.holdWhile() && !this.stopRequested()) await sleep(50);
        const message = chaosMessage(this.runId, t, n, new Date());
        await this.retrying(`delivering ${message.messageId}`, () => deliverEmail(this.client, message, { taskQueue: this.taskQueue }), true);
        this.delivered.set(message.messageId, Date.now());
        await this.watcher.handled(message.messageId);
        await sleep(this.random() * 200); // the customer reads the answer
      }
      await this.retrying(`COMPLETE_THREAD to ${threadId}`, () => completeThread(this.client, threadId), false);
    } catch (error) {
      if (error instanceof ChaosDeadlineError) return;
      throw error;
    }
    // The slot goes to the next customer; the summary is awaited meanwhile.
    this.summaries.push(this.summary(t, threadId));
  }

  private async summary(t: number, threadId: string): Promise<void> {
    const expected = Array.from({ length: this.options.messagesPerThread }, (_, i) => messageIdOf(this.runId, t, i + 1));
    try {
      const summary = await this.retrying(`the summary of ${threadId}`, () => waitForThreadSummary(this.client, threadId), false);
      const handled = summary.handled.map((h) => h.messageId);
      const problem = JSON.stringify(handled) === JSON.stringify(expected) ? undefined : `summary lists ${JSON.stringify(handled)}`;
      this.threads.push({ threadId, completed: true, problem });
    } catch (error) {
      this.threads.push({ threadId, completed: false, problem: (error as Error).message.split('\n')[0] });
    }
  }

  /**
   * Calls `call` until it succeeds or time is up: the server may be restarting. A retried delivery
   * may reach the thread twice; the thread must take it once (that is part of what is checked).
   */
  private async retrying<T>(what: string, call: () => Promise<T>, countRetries: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await Promise.race([call(), this.stopped]);
      } catch (error) {
        if (error instanceof InvalidPayloadError || error instanceof ChaosDeadlineError) throw error;
        if (this.stopRequested()) throw new ChaosDeadlineError(what);
        if (countRetries) this.deliveryRetries += 1;
        await sleep(Math.min(2000, 200 * attempt));
      }
    }
  }
}

/** The monkey: kills and server restarts at random points of the run's progress (handled messages). */
class Chaos {
  readonly kills: { atMs: number; at: Date; victim: string; pid?: number }[] = [];
  readonly restarts: { atMs: number; downtimeMs: number; signal: string }[] = [];
  private finished = false;
  private readonly random: () => number;
  private readonly killAt: number[];
  private readonly restartAt: number[];

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly watcher: HandledWatcher,
    private readonly options: ChaosOptions,
    private readonly total: number,
    private readonly stopRequested: () => boolean,
    private readonly runStarted: number,
  ) {
    this.random = seededRandom(options.seed);
    const at = (fraction: number) => Math.max(1, Math.floor(fraction * this.total));
    // Kills anywhere from the first answers to the last few; restarts in the middle of the run.
    this.killAt = sortedPoints(this.random, this.options.kills, 0.02, 0.95).map(at);
    this.restartAt = sortedPoints(this.random, this.options.serverRestarts, 0.3, 0.7).map(at);
  }

  finish(): void {
    this.finished = true;
  }

  /** Whether the run's progress has reached a kill that has not happened yet. */
  killDue(): boolean {
    return this.killAt.length > 0 && this.killAt[0] <= this.watcher.handledCount;
  }

  async run(): Promise<void> {
    const { killAt, restartAt } = this;
    // A kill that is due still happens when the traffic has just finished: it was reached.
    while (!(this.finished && !this.killDue()) && !this.stopRequested() && (killAt.length > 0 || restartAt.length > 0)) {
      const progress = this.watcher.handledCount;
      if (restartAt.length > 0 && restartAt[0] <= progress && (killAt.length === 0 || restartAt[0] <= killAt[0])) {
        restartAt.shift();
        const atMs = Date.now() - this.runStarted;
        this.options.log(`[${(atMs / 1000).toFixed(1)} s] ${progress}/${this.total} handled: restarting the dev server (${this.options.serverSignal})`);
        const downtimeMs = await this.cluster.restartServer(this.options.serverSignal);
        this.restarts.push({ atMs, downtimeMs, signal: this.options.serverSignal });
        this.options.log(`  dev server back after ${(downtimeMs / 1000).toFixed(1)} s`);
      } else if (killAt.length > 0 && killAt[0] <= progress) {
        killAt.shift();
        // A random moment, not only right after a ledger write: up to a second later.
        await sleep(this.random() * 1000);
        const index = Math.floor(this.random() * this.cluster.workerCount);
        const at = new Date();
        const atMs = at.getTime() - this.runStarted;
        const { victim, pid } = await this.cluster.killWorker(index);
        this.kills.push({ atMs, at, victim, pid });
        this.options.log(`[${(atMs / 1000).toFixed(1)} s] ${this.watcher.handledCount}/${this.total} handled: SIGKILL ${victim}, restarted`);
      } else {
        await sleep(100);
      }
    }
  }
}
