import { burstPlan, formatBurstReport, runBurst } from '../burst';

describe(burstPlan, () => {
  it('sends every message once, then redeliveries of recent and of long-gone ids', () => {
    const plan = burstPlan(200, 50);
    expect(new Set(plan).size).toBe(200);
    expect(plan).toHaveLength(204);
    expect(plan.slice(plan.indexOf(50), plan.indexOf(50) + 2)).toEqual([50, 45]);
    expect(plan.slice(plan.indexOf(100), plan.indexOf(100) + 2)).toEqual([100, 1]);
  });
});

// A real dev server and worker process: on a loaded 2-core machine this takes one to three minutes.
describe(runBurst, () => {
  it('handles a burst of 1,000 messages to one thread exactly once, in short runs, with small carried input and state', async () => {
    const report = await runBurst({ messages: 1000, suggestContinueAsNewEvents: 500 });
    process.stderr.write(`${formatBurstReport(report)}\n`);
    expect(report).toMatchObject({ lost: 0, duplicated: 0 });
    expect(report.counts).toMatchObject({ handled: 1000, duplicates: report.redeliveries, pending: 0 });
    expect(report.runs).toBeGreaterThanOrEqual(3);
    expect(report.maxEventsPerRun).toBeLessThan(4096);
    expect(report.maxCarriedBytes).toBeLessThan(256 * 1024);
    expect(report.maxQueryBytes).toBeLessThan(256 * 1024);
    // The thread answered its state query throughout.
    expect(report.query.samples).toBeGreaterThan(10);
    expect(report.query.failures).toBe(0);
  }, 600_000);
});
