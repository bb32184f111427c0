import { formatBenchReport, parseBenchFlows, runBench } from '../bench';
import { percentile } from '../measure';

describe(percentile, () => {
  it('takes the nearest rank, and 0 of nothing', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(10);
    expect(percentile(sorted, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe(parseBenchFlows, () => {
  it('takes the flows named, in the run order, and refuses anything else', () => {
    expect(parseBenchFlows('procurement,support')).toEqual(['support', 'procurement']);
    expect(parseBenchFlows('memory,support')).toEqual(['support', 'memory']);
    expect(parseBenchFlows(' procurement ')).toEqual(['procurement']);
    for (const bad of ['', 'support,', 'invoices', 'support;procurement']) {
      expect(() => parseBenchFlows(bad)).toThrow('--pipelines must be a comma-separated list of support, procurement, memory');
    }
  });
});

// The quick mode: a real dev server and five worker processes (the deployed worker must be built:
// the test target depends on worker:build). Asserts the run completes with well-formed figures, never a timing.
describe(runBench, () => {
  it('measures the floor, the K-activity baseline and the support flow, procurement against its raw baseline, then the memory of open threads, in one run', async () => {
    const report = await runBench({ emails: 4, concurrency: 2, activities: 3, requests: 2, requestConcurrency: 2, threads: 4, timeoutMs: 240_000 });
    process.stderr.write(`${formatBenchReport(report)}\n`);
    expect(report.pipelines).toEqual(['support', 'procurement', 'memory']);
    expect(report.rows.map((r) => r.pipeline)).toEqual(['raw SDK, 1 activity per email', 'raw SDK, 3 activities per email', 'orchestrator support flow']);
    for (const row of report.rows) {
      expect(row.emails).toBe(4);
      for (const figure of [row.emailsPerSecond, row.throughputRatio, row.p95Ratio, row.eventsPerEmail, row.workerReadyMs, row.workerRssBytes]) {
        expect(Number.isFinite(figure) && figure > 0).toBe(true);
      }
      expect(row.latency.p50Ms).toBeLessThanOrEqual(row.latency.p95Ms);
      expect(row.latency.p95Ms).toBeLessThanOrEqual(row.latency.maxMs);
      expect(Number.isFinite(row.rssPerOpenThreadBytes) && row.rssPerOpenThreadBytes >= 0).toBe(true);
    }
    expect(report.rows[0]?.throughputRatio).toBe(1);
    // More activities per email, more history: the baselines are what they claim.
    expect(report.rows[1]?.eventsPerEmail).toBeGreaterThan(report.rows[0]?.eventsPerEmail as number);

    const procurement = report.procurement;
    expect(procurement).toMatchObject({ requests: 2, concurrency: 2, suppliers: 3 });
    expect(procurement?.rows.map((r) => r.pipeline)).toEqual(['raw SDK, 3 RFQ children per request', 'orchestrator procurement flow']);
    for (const row of procurement?.rows ?? []) {
      expect(row.requests).toBe(2);
      for (const figure of [row.requestsPerSecond, row.throughputRatio, row.p95Ratio, row.eventsPerRequest, row.workerReadyMs, row.workerRssBytes]) {
        expect(Number.isFinite(figure) && figure > 0).toBe(true);
      }
      expect(row.latency.p50Ms).toBeLessThanOrEqual(row.latency.p95Ms);
      expect(row.latency.p95Ms).toBeLessThanOrEqual(row.latency.maxMs);
      expect(row.eventsPerInboundMessage).toBeCloseTo(row.eventsPerRequest / 4);
      expect(row.eventsPerRequestWorkflow + 3 * row.eventsPerRfqChild).toBeCloseTo(row.eventsPerRequest);
      // The request's workflow and its 3 RFQ children, each counted, each with the child's events.
      expect(row.runsPerRequest).toBe(4);
      expect(row.eventsByType['START_CHILD_WORKFLOW_EXECUTION_INITIATED']).toBe(3);
      expect(row.eventsByType['CHILD_WORKFLOW_EXECUTION_COMPLETED']).toBe(3);
      expect(Object.values(row.eventsByType).reduce((a, b) => a + b, 0)).toBeCloseTo(row.eventsPerRequest);
    }
    expect(procurement?.rows[0]?.throughputRatio).toBe(1);
    // Each raw child sends its RFQ with one activity; the parent writes the purchase order with one.
    expect(procurement?.rows[0]?.eventsByType).toMatchObject({
      'ACTIVITY_TASK_SCHEDULED sendRfq': 3,
      'ACTIVITY_TASK_SCHEDULED writePurchaseOrder': 1,
      WORKFLOW_EXECUTION_COMPLETED: 4,
    });
    // The orchestrator approved automatically (below the limit) and ordered: a purchase order was created once per request
    // (inline, a local activity: patch procurement-inline-steps), and each RFQ child reported by its completion alone.
    expect(procurement?.rows[1]?.eventsByType['LOCAL_ACTIVITY createPurchaseOrder']).toBe(1);
    expect(procurement?.rows[1]?.eventsByType['SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED']).toBeUndefined();
    // Memory: fresh workers of the minimal raw workflow and of the support flow, each left holding its open threads.
    expect(report.memory?.threads).toBe(4);
    expect(report.memory?.rows.map((r) => r.pipeline)).toEqual(['raw SDK, 1 activity per email', 'orchestrator support flow']);
    for (const row of report.memory?.rows ?? []) {
      expect(row.openThreads).toBe(4);
      for (const figure of [row.workerRssBeforeBytes, row.workerRssBytes, row.emailsPerSecond, row.workerReadyMs])
        expect(Number.isFinite(figure) && figure > 0).toBe(true);
      for (const figure of [row.rssPerOpenThreadBytes, row.rssRatio]) expect(Number.isFinite(figure) && figure >= 0).toBe(true);
    }
    const table = formatBenchReport(report);
    expect(table).toContain('| orchestrator support flow |');
    expect(table).toContain('| orchestrator procurement flow |');
    expect(table).toContain('Memory: 4 support threads left open on each worker');
  }, 600_000);
});
