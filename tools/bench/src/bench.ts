import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '@org/orchestrator-testing';
import { startDevServer } from '@org/temporal-toolchain';
import type { PipelineFigures } from './measure';
import type { MemoryFigures } from './memory';
import { runMemoryPipelines } from './memory';
import { prebuildRawBundle, runRawPipeline, runSupportPipeline } from './pipelines';
import type { ProcurementFigures } from './procurement-measure';
import { runProcurementPipeline, runRawProcurementPipeline } from './procurement-pipelines';

/** The flows a run measures, each against its raw-SDK baseline (`memory`: support threads left open, per worker). */
export const BENCH_FLOWS = ['support', 'procurement', 'memory'] as const;
export type BenchFlow = (typeof BENCH_FLOWS)[number];

/**
 * `--pipelines`: `support,procurement` → the flows, in the run's order.
 * @throws {Error} naming the accepted flows, for an empty list or an unknown name.
 */
export function parseBenchFlows(raw: string): BenchFlow[] {
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(BENCH_FLOWS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--pipelines must be a comma-separated list of ${BENCH_FLOWS.join(', ')}, got ${JSON.stringify(raw)}`);
  return BENCH_FLOWS.filter((flow) => names.includes(flow));
}

export interface BenchOptions {
  /** Emails per pipeline (each its own new thread). */
  emails?: number;
  /** Emails in flight at once. */
  concurrency?: number;
  /** Activities per email of the second raw baseline (the first has one: the floor). */
  activities?: number;
  /** Which flows to measure (default both). */
  pipelines?: readonly BenchFlow[];
  /** Procurement requests per pipeline (each a new thread with 3 RFQ children). */
  requests?: number;
  /** Procurement requests in flight at once (each from its request until its purchase order). */
  requestConcurrency?: number;
  /** Support threads the memory run leaves open on each worker (sent `concurrency` at once). */
  threads?: number;
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

/** A procurement pipeline's figures with its ratios to the raw procurement baseline (same shape, hand-written). */
export interface ProcurementRow extends ProcurementFigures {
  /** requests/s divided by the raw baseline's. */
  throughputRatio: number;
  /** p95 latency (last quote to purchase order) divided by the raw baseline's. */
  p95Ratio: number;
}

/** What an open thread costs the orchestrator's worker against the minimal raw workflow's. */
export interface MemoryRow extends MemoryFigures {
  /** RSS per open thread divided by the raw worker's. */
  rssRatio: number;
}

/** The `reports/bench.json` document. */
export interface BenchReport {
  pipelines: BenchFlow[];
  emails: number;
  concurrency: number;
  /** Support: the floor, the K-activity baseline, the orchestrator (empty when not measured). */
  rows: BenchRow[];
  /** Procurement: the raw baseline, the orchestrator (absent when not measured). */
  procurement?: { requests: number; concurrency: number; suppliers: number; rows: ProcurementRow[] };
  /** Memory: the raw one-activity workflow, the orchestrator's support flow, each worker holding `threads` open threads (absent when not measured). */
  memory?: { threads: number; rows: MemoryRow[] };
  wallMs: number;
}

/**
 * Starts an in-memory dev server and, one after another on it, for support the one-activity raw
 * baseline (the floor), the K-activity raw baseline and the deployed worker's support flow; for
 * procurement the raw baseline with 3 RFQ children and the deployed worker's procurement flow;
 * each with its own worker process and task queue. Returns each one's figures and ratios to its
 * baseline (the floor; the raw procurement workflow).
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const { emails = 200, concurrency = 20, activities = 6, timeoutMs = 10 * 60_000, log = () => undefined } = options;
  const { pipelines = BENCH_FLOWS, requests = 50, requestConcurrency = 10, threads = 1000 } = options;
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const server = await startDevServer({ port: await freePort(), dbFilename: null, headless: true, forwardOutput: false, logLevel: 'error' });
  const connection = await Connection.connect({ address: server.address });
  try {
    const run = { client: new Client({ connection }), address: server.address, dir, emails, concurrency, timeoutMs, log, stamp: Date.now().toString(36) };
    const bundle = await prebuildRawBundle(dir);
    const rows: BenchRow[] = [];
    if (pipelines.includes('support')) {
      const figures: PipelineFigures[] = [];
      for (const k of [1, activities]) {
        log(`bench: raw SDK, ${k} activities per email`);
        figures.push(await runRawPipeline(run, bundle, k));
      }
      log('bench: orchestrator support flow');
      figures.push(await runSupportPipeline(run));
      rows.push(...withRatios(figures, (f) => f.emailsPerSecond));
    }
    let procurement: BenchReport['procurement'];
    if (pipelines.includes('procurement')) {
      const counts = { requests, concurrency: requestConcurrency };
      log('bench: raw SDK procurement, 3 RFQ children per request');
      const raw = await runRawProcurementPipeline(run, bundle, counts);
      log('bench: orchestrator procurement flow');
      const orchestrator = await runProcurementPipeline(run, counts);
      procurement = { ...counts, suppliers: raw.suppliers, rows: withRatios([raw, orchestrator], (f) => f.requestsPerSecond) };
    }
    let memory: BenchReport['memory'];
    if (pipelines.includes('memory')) {
      const [raw, orchestrator] = await runMemoryPipelines(run, bundle, threads);
      const perThread = (f: MemoryFigures | undefined) => f?.rssPerOpenThreadBytes ?? 0;
      memory = { threads, rows: [raw, orchestrator].map((f) => ({ ...(f as MemoryFigures), rssRatio: perThread(f) / Math.max(1, perThread(raw)) })) };
    }
    return {
      pipelines: BENCH_FLOWS.filter((f) => pipelines.includes(f)),
      emails,
      concurrency,
      rows,
      ...(procurement ? { procurement } : {}),
      ...(memory ? { memory } : {}),
      wallMs: Date.now() - started,
    };
  } finally {
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each pipeline's throughput and p95 as ratios to the first one's (its baseline). */
function withRatios<F extends { latency: { p95Ms: number } }>(
  figures: F[],
  throughput: (f: F) => number,
): (F & { throughputRatio: number; p95Ratio: number })[] {
  const baseline = figures[0] as F;
  return figures.map((f) => ({ ...f, throughputRatio: throughput(f) / throughput(baseline), p95Ratio: f.latency.p95Ms / Math.max(1, baseline.latency.p95Ms) }));
}

const byType = (eventsByType: Record<string, number>) =>
  Object.entries(eventsByType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, count]) => `${type} ${count.toFixed(1)}`)
    .join(', ');

function supportLines(report: BenchReport): string[] {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  return [
    `Support: ${report.emails} emails per pipeline, ${report.concurrency} in flight, one dev server, one run`,
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
    ...report.rows.map((r) => `- ${r.pipeline}: ${byType(r.eventsByType)}`),
  ];
}

function procurementLines(procurement: NonNullable<BenchReport['procurement']>): string[] {
  return [
    `Procurement: ${procurement.requests} requests per pipeline (${procurement.suppliers} suppliers each), ${procurement.concurrency} in flight, same dev server, same run`,
    '',
    '| pipeline | requests/s | x raw | events/request | events/inbound message | request wf + RFQ child events | runs/request | p50 ms | p95 ms | p95 x raw | worker ready ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...procurement.rows.map(
      (r) =>
        `| ${r.pipeline} | ${r.requestsPerSecond.toFixed(2)} | ${r.throughputRatio.toFixed(2)} | ${r.eventsPerRequest.toFixed(1)} | ${r.eventsPerInboundMessage.toFixed(1)} | ${r.eventsPerRequestWorkflow.toFixed(1)} + ${r.suppliers} x ${r.eventsPerRfqChild.toFixed(1)} | ${r.runsPerRequest.toFixed(1)} | ${r.latency.p50Ms} | ${r.latency.p95Ms} | ${r.p95Ratio.toFixed(2)} | ${r.workerReadyMs} |`,
    ),
    '',
    'latency: last quote accepted until the purchase order file; history events per request (request workflow and RFQ children), by type',
    '',
    ...procurement.rows.map((r) => `- ${r.pipeline}: ${byType(r.eventsByType)}`),
  ];
}

function memoryLines(memory: NonNullable<BenchReport['memory']>, concurrency: number): string[] {
  const mb = (bytes: number, digits = 2) => (bytes / 1024 / 1024).toFixed(digits);
  return [
    `Memory: ${memory.threads} support threads left open on each worker, ${concurrency} sent at once, same dev server, same run`,
    '',
    '| pipeline | open threads | worker RSS warm MB | worker RSS after MB | MB RSS/open thread | x raw | emails/s |',
    '|---|---|---|---|---|---|---|',
    ...memory.rows.map(
      (r) =>
        `| ${r.pipeline} | ${r.openThreads} | ${mb(r.workerRssBeforeBytes, 0)} | ${mb(r.workerRssBytes, 0)} | ${mb(r.rssPerOpenThreadBytes)} | ${r.rssRatio.toFixed(2)} | ${r.emailsPerSecond.toFixed(1)} |`,
    ),
  ];
}

/** The report as Markdown tables: support, procurement, then memory (whichever were measured). */
export function formatBenchReport(report: BenchReport): string {
  const sections = [
    report.rows.length > 0 ? supportLines(report) : [],
    report.procurement ? procurementLines(report.procurement) : [],
    report.memory ? memoryLines(report.memory, report.concurrency) : [],
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}
