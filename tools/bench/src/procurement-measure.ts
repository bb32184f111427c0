import type { Client } from '@temporalio/client';
import { chainEvents, settled } from './history';
import { percentile } from './measure';
import type { OutboxMail } from './outbox-watcher';
import { OutboxWatcher } from './outbox-watcher';

/** Inbound messages of one procurement request: the request and one quote per supplier. */
export const inboundMessages = (suppliers: number) => 1 + suppliers;

/** What one procurement pipeline measured. */
export interface ProcurementFigures {
  pipeline: string;
  requests: number;
  /** Requests in flight at once (each from its request mail until its purchase order). */
  concurrency: number;
  suppliers: number;
  /** First request sent until the last purchase order was in the outbox. */
  wallMs: number;
  requestsPerSecond: number;
  /** From the last quote accepted by the server until the purchase order file was written (its mtime). */
  latency: { p50Ms: number; p95Ms: number; maxMs: number };
  /** Mean history events per request: the request's workflow and its RFQ children, over all their runs. */
  eventsPerRequest: number;
  /** {@link eventsPerRequest} divided by the inbound messages of a request (the request and each quote). */
  eventsPerInboundMessage: number;
  /** Of {@link eventsPerRequest}: the request's own workflow, and one RFQ child on average. */
  eventsPerRequestWorkflow: number;
  eventsPerRfqChild: number;
  /** Mean history events per request by type. */
  eventsByType: Record<string, number>;
  /** Mean workflow runs per request (parent and children; more if one continued as new). */
  runsPerRequest: number;
  workerRssBytes: number;
  /** Spawn of the worker process until it polls. */
  workerReadyMs: number;
}

/** One purchase request of a run: a key its RFQs and purchase order can be told by, its mail's Message-ID and its workflow. */
export interface BenchRequest {
  key: string;
  messageId: string;
  workflowId: string;
}

/** How one pipeline is driven: the same lanes measure the raw baseline and the orchestrator. */
export interface ProcurementDriver {
  /** Sends the request mail; resolves once the server accepted it. */
  sendRequest(request: BenchRequest): Promise<void>;
  /** The RFQs of this request found in the outbox so far. */
  rfqsOf(request: BenchRequest, mails: readonly OutboxMail[]): OutboxMail[];
  /** The supplier's quote, answering `rfq` (signal to the RFQ's thread); resolves once accepted. */
  sendQuote(request: BenchRequest, rfq: OutboxMail): Promise<void>;
  /** The request's purchase order, once in the outbox. */
  purchaseOrderOf(request: BenchRequest, rfqs: OutboxMail[], mails: readonly OutboxMail[]): OutboxMail | undefined;
  /** The RFQ children's workflow ids, from their RFQs. */
  childWorkflowIds(request: BenchRequest, rfqs: OutboxMail[]): string[];
}

export interface ProcurementMeasureOptions {
  pipeline: string;
  requests: BenchRequest[];
  concurrency: number;
  suppliers: number;
  driver: ProcurementDriver;
  outbox: string;
  client: Client;
  worker: { readyMs: number; rssBytes(): number };
  timeoutMs: number;
}

/** What one request's lane saw. */
interface RequestRun {
  request: BenchRequest;
  rfqs: OutboxMail[];
  lastQuoteAt: number;
  purchaseOrderAt: number;
}

/** Request → RFQs → quotes → purchase order, for one request; timings from accepted signals and file mtimes. */
async function runRequest(request: BenchRequest, options: ProcurementMeasureOptions, watcher: OutboxWatcher, giveUpAt: number): Promise<RequestRun> {
  const { driver, suppliers } = options;
  const left = () => Math.max(0, giveUpAt - Date.now());
  await driver.sendRequest(request);
  const rfqs = await watcher.until(
    (mails) => {
      const found = driver.rfqsOf(request, mails);
      if (found.length > suppliers) throw new Error(`${options.pipeline}: ${found.length} RFQs for ${request.key}, expected ${suppliers}`);
      return found.length === suppliers ? found : undefined;
    },
    left(),
    `${options.pipeline}: ${suppliers} RFQs of ${request.key}`,
  );
  const acceptedAt = await Promise.all(
    rfqs.map(async (rfq) => {
      await driver.sendQuote(request, rfq);
      return Date.now();
    }),
  );
  const po = await watcher.until((mails) => driver.purchaseOrderOf(request, rfqs, mails), left(), `${options.pipeline}: purchase order of ${request.key}`);
  return { request, rfqs, lastQuoteAt: Math.max(...acceptedAt), purchaseOrderAt: po.mtimeMs };
}

/**
 * Runs every request with `concurrency` in flight (each lane takes the next request once its
 * purchase order is out), answering each RFQ with its supplier's quote as soon as all RFQs of the
 * request are out; then reads the history of each request's workflow and RFQ children.
 */
export async function measureProcurement(options: ProcurementMeasureOptions): Promise<ProcurementFigures> {
  const { requests, concurrency, client, worker, timeoutMs, pipeline, suppliers } = options;
  const watcher = new OutboxWatcher(options.outbox);
  const started = Date.now();
  const giveUpAt = started + timeoutMs;
  const runs: RequestRun[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
      while (next < requests.length) runs.push(await runRequest(requests[next++] as BenchRequest, options, watcher, giveUpAt));
    }),
  );
  const workerRssBytes = worker.rssBytes();
  const wallMs = Math.max(1, Math.max(...runs.map((r) => r.purchaseOrderAt)) - started);
  const latencies = runs.map((r) => Math.max(0, r.purchaseOrderAt - r.lastQuoteAt)).sort((a, b) => a - b);
  let parentEvents = 0;
  let childEvents = 0;
  let children = 0;
  let workflowRuns = 0;
  const byType: Record<string, number> = {};
  const count = async (workflowId: string) => {
    await settled(client, workflowId);
    const chain = await chainEvents(client, workflowId, byType);
    workflowRuns += chain.runs;
    return chain.events;
  };
  for (const run of runs) {
    parentEvents += await count(run.request.workflowId);
    for (const workflowId of options.driver.childWorkflowIds(run.request, run.rfqs)) {
      childEvents += await count(workflowId);
      children += 1;
    }
  }
  const n = runs.length;
  const events = parentEvents + childEvents;
  return {
    pipeline,
    requests: n,
    concurrency,
    suppliers,
    wallMs,
    requestsPerSecond: (n / wallMs) * 1000,
    latency: { p50Ms: Math.round(percentile(latencies, 50)), p95Ms: Math.round(percentile(latencies, 95)), maxMs: Math.round(latencies.at(-1) ?? 0) },
    eventsPerRequest: events / n,
    eventsPerInboundMessage: events / n / inboundMessages(suppliers),
    eventsPerRequestWorkflow: parentEvents / n,
    eventsPerRfqChild: childEvents / Math.max(1, children),
    eventsByType: Object.fromEntries(Object.entries(byType).map(([type, count]) => [type, count / n])),
    runsPerRequest: workflowRuns / n,
    workerRssBytes,
    workerReadyMs: Math.round(worker.readyMs),
  };
}
