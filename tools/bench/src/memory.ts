import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PipelineFigures } from './measure';
import type { RunContext } from './pipelines';
import { runRawPipeline, runSupportPipeline } from './pipelines';

/** After the last reply, before the worker's RSS is read: the last workflow tasks complete and their garbage is collected. */
const SETTLE_MS = 3_000;

/** What holding open threads costs one worker: its RSS growth over a run that leaves `openThreads` support threads open. */
export interface MemoryFigures {
  pipeline: string;
  /** Threads the run left open (each its own workflow, cached by the worker: see `maxCachedWorkflows`). */
  openThreads: number;
  /** The worker's RSS after its warm-up email, and once the last thread's reply was written and the worker settled. */
  workerRssBeforeBytes: number;
  workerRssBytes: number;
  /** RSS growth divided by the threads left open. */
  rssPerOpenThreadBytes: number;
  emailsPerSecond: number;
  workerReadyMs: number;
}

const memoryFigures = (figures: PipelineFigures): MemoryFigures => ({
  pipeline: figures.pipeline,
  openThreads: figures.emails,
  workerRssBeforeBytes: figures.workerRssBeforeBytes,
  workerRssBytes: figures.workerRssBytes,
  rssPerOpenThreadBytes: figures.rssPerOpenThreadBytes,
  emailsPerSecond: figures.emailsPerSecond,
  workerReadyMs: figures.workerReadyMs,
});

/**
 * Opens `threads` support threads on a fresh worker of the minimal raw workflow (one activity, then it
 * waits open, as a thread does) and then on a fresh deployed worker (the support flow: a reply, then the
 * thread waits for the customer), `run.concurrency` sends in flight; each worker's RSS is read after its
 * warm-up email and again when every reply is written. Histories are not read (a thousand take a while).
 */
export async function runMemoryPipelines(run: RunContext, bundle: string, threads: number): Promise<MemoryFigures[]> {
  // Threads, task queues, outboxes and stores of their own: the support pipelines of the same run used the run's.
  const dir = path.join(run.dir, 'memory');
  mkdirSync(dir, { recursive: true });
  const sized = { ...run, dir, emails: threads, stamp: `${run.stamp}-memory` };
  const mode = { countEvents: false, settleMs: SETTLE_MS };
  run.log(`bench: memory, ${threads} open threads: raw SDK, 1 activity per email`);
  const raw = await runRawPipeline(sized, bundle, 1, mode);
  run.log(`bench: memory, ${threads} open threads: orchestrator support flow`);
  const orchestrator = await runSupportPipeline(sized, mode);
  return [memoryFigures(raw), memoryFigures(orchestrator)];
}
