import type { HandledRow, OutboxEntry } from '@org/orchestrator-activities';
import type { UnexpectedExit } from './cluster';
import type { SlowHandlingCauses, UnfinishedThread } from './diagnose';
import type { EmailCopy } from './sink-watcher';
import { percentile } from './random';

/** What happened to one thread after its last message was handled. */
export interface ThreadOutcome {
  threadId: string;
  /** Its workflow returned a summary after `COMPLETE_THREAD`. */
  completed: boolean;
  /** Why not, or what was wrong with the summary. */
  problem?: string;
}

/** What the run did and saw, as collected by the harness. */
export interface ChaosObservations {
  /** Every message the run meant to send, by Message-ID. */
  planned: ReadonlyMap<string, { thread: number }>;
  /** Accepted by Temporal (signal-with-start returned), by Message-ID: when (epoch ms). */
  delivered: ReadonlyMap<string, number>;
  deliveryRetries: number;
  handled: ReadonlyMap<string, readonly HandledRow[]>;
  /** The emails the SMTP sink received, in arrival order, each with its sender as the outbox ledger said then. */
  emails: readonly EmailCopy[];
  outbox: readonly OutboxEntry[];
  threads: readonly ThreadOutcome[];
  kills: readonly { atMs: number; at: Date; victim: string; pid?: number }[];
  serverRestarts: readonly { atMs: number; downtimeMs: number; signal: string }[];
  unexpectedExits: readonly UnexpectedExit[];
  /** What the histories of the slowest handlings' threads say delayed them. */
  slowCauses: SlowHandlingCauses;
  /** Threads with a delivered message never handled, or no summary: what they still wait for. */
  unfinished: UnfinishedThread[];
  setupMs: number;
  runMs: number;
  timedOut: boolean;
  /** Stopped by the caller (Ctrl+C). */
  aborted: boolean;
}

/** Delivery (accepted by Temporal) to handled (first ledger write), in ms, per handled message, slowest first. */
export function handlingLatencies(
  delivered: ReadonlyMap<string, number>,
  handled: ReadonlyMap<string, readonly HandledRow[]>,
): { messageId: string; threadId: string; ms: number }[] {
  return [...delivered]
    .flatMap(([messageId, at]) => {
      const row = handled.get(messageId)?.[0];
      return row ? [{ messageId, threadId: row.threadId, ms: Math.max(0, Date.parse(row.firstRecordedAt) - at) }] : [];
    })
    .sort((a, b) => b.ms - a.ms);
}

/** The figures of a chaos run and whether it kept every promise (`problems` empty). */
export interface ChaosReport {
  seed: number;
  taskQueue: string;
  startedAt: string;
  threads: number;
  messagesPerThread: number;
  workers: number;
  /** One host (a shared data folder) or separate hosts (PostgreSQL and S3). */
  hosts: 'one' | 'separate';
  messages: { planned: number; delivered: number; handled: number; handledTwice: number; lost: number; notDelivered: number };
  deliveryRetries: number;
  /** Activity attempts beyond the first among the handled-ledger writes (retries after kills). */
  ledgerRetries: number;
  /** Ledger actions, e.g. `support/answered: 600`. */
  actions: Record<string, number>;
  emails: {
    received: number;
    expected: number;
    /** Extra copies at the sink, in all. */
    duplicates: number;
    /**
     * Of those, copies sent again because the sender of the earlier copy was SIGKILLed after the sink
     * had it and before it recorded `sent` (its lease still on the row): no sender can know such a
     * message was delivered, so the retry sends it again (SMTP's at-least-once window, RFC 1047).
     */
    duplicatesAfterKill: number;
    missing: number;
    notInLedger: number;
    otherLedgerMail: number;
    stillSending: number;
  };
  /**
   * Each email received more than once: its copies (when, and who had sent each as the ledger said
   * then), its outbox-ledger row now (attempts, claim, sent), and which of the senders we killed.
   */
  duplicateEmails: { messageId: string; copies: { receivedAt: string; sender: EmailCopy['sender'] }[]; ledger?: OutboxEntry; killedSenders: string[] }[];
  threadsCompleted: number;
  kills: { requested: number; done: number; victims: string[]; at: string[] };
  serverRestarts: { requested: number; done: number; signal: string; downtimeMs: number[] };
  unexpectedWorkerExits: UnexpectedExit[];
  /** Delivery (accepted by Temporal) to handled (first ledger write), in ms. */
  latencyMs: { p50?: number; p95?: number; max?: number; samples: number };
  /** The slowest handlings, and what their threads' histories say delayed them. */
  slowest: { messageId: string; ms: number }[];
  slowCauses: SlowHandlingCauses;
  /** Threads with a delivered message never handled, or no summary: what they still wait for. */
  unfinished: UnfinishedThread[];
  setupMs: number;
  wallTimeMs: number;
  timedOut: boolean;
  /** Every broken promise, one sentence each; empty when the run passed. */
  problems: string[];
  ok: boolean;
}

const few = (items: readonly string[], n = 5) => `${items.slice(0, n).join(', ')}${items.length > n ? `, … (${items.length} in all)` : ''}`;

/** Checks the observations against the promises: nothing lost, nothing twice, every thread completed. */
export function verifyChaos(
  run: {
    seed: number;
    taskQueue: string;
    startedAt: string;
    threads: number;
    messagesPerThread: number;
    workers: number;
    kills: number;
    serverRestarts: number;
    hosts?: 'one' | 'separate';
  },
  seen: ChaosObservations,
): ChaosReport {
  const problems: string[] = [];
  const delivered = [...seen.delivered.keys()];
  const lost = delivered.filter((id) => (seen.handled.get(id)?.length ?? 0) === 0);
  const twice = delivered.filter((id) => (seen.handled.get(id)?.length ?? 0) > 1);
  const notDelivered = [...seen.planned.keys()].filter((id) => !seen.delivered.has(id));
  if (lost.length) problems.push(`${lost.length} delivered message(s) never handled: ${few(lost)}`);
  if (twice.length) problems.push(`${twice.length} message(s) handled more than once: ${few(twice)}`);
  if (notDelivered.length) problems.push(`${notDelivered.length} message(s) not delivered (the run stopped before)`);

  const rows = [...seen.handled.values()].flat();
  const actions: Record<string, number> = {};
  for (const row of rows) actions[`${row.flow}/${row.action}`] = (actions[`${row.flow}/${row.action}`] ?? 0) + 1;

  // Each email the ledger says a handling sent must reach the sink exactly once, and nothing else may.
  const atSink = new Map<string, number>();
  for (const { messageId } of seen.emails) atSink.set(messageId, (atSink.get(messageId) ?? 0) + 1);
  const duplicates = [...atSink].filter(([, n]) => n > 1);
  // A repeat is the protocol's, not ours, only if each earlier copy's sender was killed by us before it
  // recorded `sent`; a repeat of a copy its sender recorded (or of one released after an error) is a broken promise.
  const killedPids = new Set(seen.kills.flatMap((k) => (k.pid === undefined ? [] : [k.pid])));
  const killedBeforeRecording = (copy: EmailCopy) => copy.sender.state === 'sending' && copy.sender.pid !== undefined && killedPids.has(copy.sender.pid);
  const afterKill = duplicates.filter(([id]) =>
    seen.emails
      .filter((e) => e.messageId === id)
      .slice(0, -1)
      .every(killedBeforeRecording),
  );
  const unexplained = duplicates.filter((d) => !afterKill.includes(d));
  const expected = new Set(rows.flatMap((r) => (r.replyMessageId ? [r.replyMessageId] : [])));
  const missing = [...expected].filter((id) => !atSink.has(id));
  const sent = new Set(seen.outbox.filter((e) => e.status === 'sent').map((e) => e.messageId));
  const notInLedger = [...atSink.keys()].filter((id) => !sent.has(id));
  const stillSending = seen.outbox.filter((e) => e.status === 'sending').map((e) => e.messageId);
  const otherLedgerMail = [...sent].filter((id) => !expected.has(id)).length;
  if (unexplained.length) {
    problems.push(
      `${unexplained.length} email(s) received more than once, not explained by a kill of their sender: ${few(unexplained.map(([id, n]) => `${id} ×${n}`))}`,
    );
  }
  if (missing.length) problems.push(`${missing.length} answer(s) recorded as sent by a handling never reached the sink: ${few(missing)}`);
  if (notInLedger.length) problems.push(`${notInLedger.length} email(s) at the sink without a 'sent' outbox-ledger row: ${few(notInLedger)}`);
  if (stillSending.length) problems.push(`${stillSending.length} outbox-ledger row(s) still 'sending' at the end: ${few(stillSending)}`);

  const incomplete = seen.threads.filter((t) => !t.completed || t.problem);
  const unfinished = run.threads - seen.threads.length;
  if (incomplete.length)
    problems.push(
      `${incomplete.length} thread(s) without a correct summary after COMPLETE_THREAD: ${few(
        incomplete.map((t) => `${t.threadId} (${t.problem ?? 'not completed'})`),
        3,
      )}`,
    );
  if (unfinished > 0) problems.push(`${unfinished} thread(s) never got to COMPLETE_THREAD (messages not handled in time)`);
  if (seen.kills.length < run.kills) problems.push(`only ${seen.kills.length} of ${run.kills} kills happened`);
  if (seen.serverRestarts.length < run.serverRestarts) problems.push(`only ${seen.serverRestarts.length} of ${run.serverRestarts} server restarts happened`);
  if (seen.unexpectedExits.length)
    problems.push(
      `${seen.unexpectedExits.length} worker exit(s) nobody asked for: ${few(seen.unexpectedExits.map((e) => `${e.worker} (${e.signal ?? `code ${e.code}`})`))}`,
    );
  if (seen.timedOut) problems.push('the run hit its time limit');
  if (seen.aborted) problems.push('the run was interrupted');

  const slowestFirst = handlingLatencies(seen.delivered, seen.handled);
  const latencies = slowestFirst.map((l) => l.ms);
  return {
    seed: run.seed,
    taskQueue: run.taskQueue,
    startedAt: run.startedAt,
    threads: run.threads,
    messagesPerThread: run.messagesPerThread,
    workers: run.workers,
    hosts: run.hosts ?? 'one',
    messages: {
      planned: seen.planned.size,
      delivered: delivered.length,
      handled: delivered.length - lost.length,
      handledTwice: twice.length,
      lost: lost.length,
      notDelivered: notDelivered.length,
    },
    deliveryRetries: seen.deliveryRetries,
    ledgerRetries: rows.reduce((n, r) => n + r.attempts - 1, 0),
    actions,
    duplicateEmails: duplicates.map(([messageId]) => {
      const copies = seen.emails.filter((e) => e.messageId === messageId);
      const pids = new Set(copies.flatMap((c) => (c.sender.state === 'sending' && c.sender.pid !== undefined ? [c.sender.pid] : [])));
      return {
        messageId,
        copies: copies.map((c) => ({ receivedAt: c.receivedAt.toISOString(), sender: c.sender })),
        ledger: seen.outbox.find((e) => e.messageId === messageId),
        killedSenders: seen.kills.filter((k) => k.pid !== undefined && pids.has(k.pid)).map((k) => `${k.victim} at ${k.at.toISOString()}`),
      };
    }),
    emails: {
      received: seen.emails.length,
      expected: expected.size,
      duplicates: duplicates.reduce((n, [, k]) => n + k - 1, 0),
      duplicatesAfterKill: afterKill.reduce((n, [, k]) => n + k - 1, 0),
      missing: missing.length,
      notInLedger: notInLedger.length,
      otherLedgerMail,
      stillSending: stillSending.length,
    },
    threadsCompleted: seen.threads.filter((t) => t.completed && !t.problem).length,
    kills: { requested: run.kills, done: seen.kills.length, victims: seen.kills.map((k) => k.victim), at: seen.kills.map((k) => k.at.toISOString()) },
    serverRestarts: {
      requested: run.serverRestarts,
      done: seen.serverRestarts.length,
      signal: seen.serverRestarts[0]?.signal ?? '',
      downtimeMs: seen.serverRestarts.map((r) => r.downtimeMs),
    },
    unexpectedWorkerExits: [...seen.unexpectedExits],
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100), samples: latencies.length },
    slowest: slowestFirst.slice(0, 5).map(({ messageId, ms }) => ({ messageId, ms })),
    slowCauses: seen.slowCauses,
    unfinished: seen.unfinished,
    setupMs: seen.setupMs,
    wallTimeMs: seen.runMs,
    timedOut: seen.timedOut,
    problems,
    ok: problems.length === 0,
  };
}
