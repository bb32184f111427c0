import { formatBenchReport, runBench } from '../bench';
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

// The quick mode: a real dev server and three worker processes (the deployed worker must be built:
// the test target depends on worker:build). Asserts the run completes with well-formed figures, never a timing.
describe(runBench, () => {
  it('measures the floor, the K-activity baseline and the support flow in one run', async () => {
    const report = await runBench({ emails: 4, concurrency: 2, activities: 3, timeoutMs: 240_000 });
    process.stderr.write(`${formatBenchReport(report)}\n`);
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
    expect(formatBenchReport(report)).toContain('| orchestrator support flow |');
  }, 600_000);
});
