import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { chainEvents } from './history';

/** What one pipeline measured. */
export interface PipelineFigures {
  pipeline: string;
  emails: number;
  concurrency: number;
  /** First send until the last reply was in the outbox. */
  wallMs: number;
  emailsPerSecond: number;
  /** Accepted signal (signal-with-start resolved) until the reply file was written (its mtime). */
  latency: { p50Ms: number; p95Ms: number; maxMs: number };
  /** Mean history events per email (each email has its own workflow), over all its runs. */
  eventsPerEmail: number;
  /** Mean history events per email by type (`MARKER_RECORDED`, `WORKFLOW_TASK_COMPLETED`, ...): where the events come from. */
  eventsByType: Record<string, number>;
  /** Mean runs per email's workflow (more than one if it continued as new). */
  runsPerEmail: number;
  /** Worker RSS growth over the run divided by the threads it left open (bytes). */
  rssPerOpenThreadBytes: number;
  /** The worker's RSS when the run started (warm: after its warm-up email) and when it ended. */
  workerRssBeforeBytes: number;
  workerRssBytes: number;
  /** Spawn of the worker process until it polls. */
  workerReadyMs: number;
}

/** One email of a run: its id (as the reply's In-Reply-To names it) and its workflow. */
export interface BenchEmail {
  messageId: string;
  workflowId: string;
}

export interface MeasureOptions {
  pipeline: string;
  emails: BenchEmail[];
  concurrency: number;
  /** Sends one email; resolves once the server accepted the signal. */
  send: (email: BenchEmail) => Promise<void>;
  /** Where the replies appear, one file each, naming their email in `In-Reply-To`. */
  outbox: string;
  client: Client;
  worker: { readyMs: number; rssBytes(): number };
  timeoutMs: number;
  /** Read each email's history for its events (default); the memory run skips it, as 1,000 histories take a while. */
  countEvents?: boolean;
  /** How long to wait after the last reply before reading the worker's RSS (the last workflow tasks complete, the heap settles). */
  settleMs?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Replies already in `outbox`: In-Reply-To → file mtime (ms). Files are renamed into place, so never half written. */
async function scanReplies(outbox: string, seen: Map<string, number>, known: Set<string>): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(outbox);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.eml') || name.startsWith('.') || known.has(name)) continue;
    const file = path.join(outbox, name);
    const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    known.add(name);
    const inReplyTo = /^In-Reply-To:\s*(<[^>\r\n]+>)/im.exec(text)?.[1];
    if (inReplyTo && !seen.has(inReplyTo)) seen.set(inReplyTo, stat.mtimeMs);
  }
}

/**
 * Sends every email with `concurrency` in flight, waits until each has its reply in the outbox,
 * then reads each workflow's history for its events. Timings come from the files' mtimes, so the
 * polling interval adds nothing to them.
 */
export async function measurePipeline(options: MeasureOptions): Promise<PipelineFigures> {
  const { emails, concurrency, send, outbox, client, worker, timeoutMs, pipeline, countEvents = true, settleMs = 0 } = options;
  const rssBefore = worker.rssBytes();
  const accepted = new Map<string, number>();
  const replies = new Map<string, number>();
  const known = new Set<string>();
  const started = Date.now();
  let next = 0;
  const sending = Promise.all(
    Array.from({ length: Math.min(concurrency, emails.length) }, async () => {
      while (next < emails.length) {
        const email = emails[next++] as BenchEmail;
        await send(email);
        accepted.set(email.messageId, Date.now());
      }
    }),
  );
  let sendError: unknown;
  sending.catch((error: unknown) => (sendError = error));
  const ids = new Set(emails.map((e) => e.messageId));
  for (;;) {
    if (sendError) throw sendError;
    await scanReplies(outbox, replies, known);
    if ([...ids].every((id) => replies.has(id))) break;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${pipeline}: ${[...ids].filter((id) => replies.has(id)).length} of ${emails.length} replies after ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await sending;
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  const workerRssBytes = worker.rssBytes();
  const lastReply = Math.max(...emails.map((e) => replies.get(e.messageId) as number));
  const wallMs = Math.max(1, lastReply - started);
  const latencies = emails.map((e) => Math.max(0, (replies.get(e.messageId) as number) - (accepted.get(e.messageId) as number))).sort((a, b) => a - b);
  let events = 0;
  let runs = 0;
  const byType: Record<string, number> = {};
  for (const email of countEvents ? emails : []) {
    const chain = await chainEvents(client, email.workflowId, byType);
    events += chain.events;
    runs += chain.runs;
  }
  return {
    pipeline,
    emails: emails.length,
    concurrency,
    wallMs,
    emailsPerSecond: (emails.length / wallMs) * 1000,
    latency: { p50Ms: Math.round(percentile(latencies, 50)), p95Ms: Math.round(percentile(latencies, 95)), maxMs: Math.round(latencies.at(-1) ?? 0) },
    eventsPerEmail: events / emails.length,
    eventsByType: Object.fromEntries(Object.entries(byType).map(([type, count]) => [type, count / emails.length])),
    runsPerEmail: runs / emails.length,
    rssPerOpenThreadBytes: Math.max(0, (workerRssBytes - rssBefore) / emails.length),
    workerRssBeforeBytes: rssBefore,
    workerRssBytes,
    workerReadyMs: Math.round(worker.readyMs),
  };
}
