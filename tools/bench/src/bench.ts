import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '@org/orchestrator-testing';
import { startDevServer } from '@org/temporal-toolchain';
import type { PipelineFigures } from './measure';
import { prebuildRawBundle, runRawPipeline, runSupportPipeline } from './pipelines';

export interface BenchOptions {
  /** Emails per pipeline (each its own new thread). */
  emails?: number;
  /** Emails in flight at once. */
  concurrency?: number;
  /** Activities per email of the second raw baseline (the first has one: the floor). */
  activities?: number;
  /** Gives up on a pipeline after this long. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** A pipeline's figures with its ratios to the floor (the one-activity raw baseline). */
export interface BenchRow extends PipelineFigures {
  /** emails/s divided by the floor's. */
  throughputRatio: number;
  /** p95 latency divided by the floor's. */
  p95Ratio: number;
}

/** The `reports/bench.json` document. */
export interface BenchReport {
  emails: number;
  concurrency: number;
  rows: BenchRow[];
  wallMs: number;
}

/**
 * Starts an in-memory dev server and, one after another on it, the one-activity raw baseline (the
 * floor), the K-activity raw baseline and the deployed worker's support flow, each with its own
 * worker process and task queue; returns each one's figures and ratios to the floor.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const { emails = 200, concurrency = 20, activities = 6, timeoutMs = 10 * 60_000, log = () => undefined } = options;
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const server = await startDevServer({ port: await freePort(), dbFilename: null, headless: true, forwardOutput: false, logLevel: 'error' });
  const connection = await Connection.connect({ address: server.address });
  try {
    const run = { client: new Client({ connection }), address: server.address, dir, emails, concurrency, timeoutMs, log, stamp: Date.now().toString(36) };
    const bundle = await prebuildRawBundle(dir);
    const figures: PipelineFigures[] = [];
    for (const k of [1, activities]) {
      log(`bench: raw SDK, ${k} activities per email`);
      figures.push(await runRawPipeline(run, bundle, k));
    }
    log('bench: orchestrator support flow');
    figures.push(await runSupportPipeline(run));
    const floor = figures[0] as PipelineFigures;
    const rows = figures.map((f) => ({
      ...f,
      throughputRatio: f.emailsPerSecond / floor.emailsPerSecond,
      p95Ratio: f.latency.p95Ms / Math.max(1, floor.latency.p95Ms),
    }));
    return { emails, concurrency, rows, wallMs: Date.now() - started };
  } finally {
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a Markdown table. */
export function formatBenchReport(report: BenchReport): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  const lines = [
    `${report.emails} emails per pipeline, ${report.concurrency} in flight, one dev server, one run`,
    '',
    '| pipeline | emails/s | x floor | events/email | runs/email | p50 ms | p95 ms | p95 x floor | MB RSS/open thread | worker ready ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (r) =>
        `| ${r.pipeline} | ${r.emailsPerSecond.toFixed(1)} | ${r.throughputRatio.toFixed(2)} | ${r.eventsPerEmail.toFixed(1)} | ${r.runsPerEmail.toFixed(1)} | ${r.latency.p50Ms} | ${r.latency.p95Ms} | ${r.p95Ratio.toFixed(2)} | ${mb(r.rssPerOpenThreadBytes)} | ${r.workerReadyMs} |`,
    ),
    '',
    'history events per email, by type',
    '',
    ...report.rows.map(
      (r) =>
        `- ${r.pipeline}: ${Object.entries(r.eventsByType)
          .sort(([, a], [, b]) => b - a)
          .map(([type, count]) => `${type} ${count.toFixed(1)}`)
          .join(', ')}`,
    ),
  ];
  return lines.join('\n');
}
