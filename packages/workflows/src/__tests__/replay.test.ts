import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { bundleWorkflowsForTest } from '@org/orchestrator-testing';
import { WORKFLOWS_ENTRY } from './thread-harness';

// Histories exported from real runs by `temporal workflow show --output json`
// (RECORD_HISTORIES=1 npx nx test workflows records the missing ones; =overwrite all) and committed:
// today's workflow code must replay them, or a deployed change would break running threads.
const dir = join(__dirname, 'histories');
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));

describe('replay of recorded thread histories', () => {
  it('has fixtures to replay', () => {
    // v1-*: before agents and the outbox ledger; procurement-*, support-*, rfq-*: the business flows;
    // the rest: threads acknowledged before the business flows existed (replayed through the patch).
    // *-unguessable-ids and the trust-boundary histories (held, ignored, limits): keyed ids (marker
    // 'unguessable-ids') and the sender policy; the older histories keep the old ids.
    // *-then-retried: a step that failed for good, held for a person and retried (marker 'escalate-failed-steps').
    expect(histories.filter((h) => h.workflowId.startsWith('v1-')).length).toBeGreaterThanOrEqual(3);
    expect(
      histories
        .filter((h) => h.workflowId.endsWith('-unguessable-ids'))
        .map((h) => h.workflowId)
        .sort(),
    ).toEqual(['procurement-unguessable-ids', 'rfq-unguessable-ids']);
    expect(histories.filter((h) => /^(procurement|support|rfq)-/.test(h.workflowId)).length).toBeGreaterThanOrEqual(3);
    expect(histories.filter((h) => !/^(v1|procurement|support|rfq)-/.test(h.workflowId)).length).toBeGreaterThanOrEqual(4);
    expect(histories.filter((h) => h.workflowId.endsWith('-then-retried')).length).toBeGreaterThanOrEqual(3);
    // Approval policies (marker 'thread-code-2026-11-28b', patch 'approval-policies'): an `all`
    // approval with two decisions, a refused second decision and a reminder to the one still awaited.
    expect(histories.map((h) => h.workflowId)).toContain('procurement-approved-by-all-policy');
    // Procurement steps inline (marker 'thread-code-2026-11-28c', patches 'procurement-inline-steps' and
    // 'rfq-report-on-request'): agents, purchase order and mail as local activities, in the request's
    // thread and an RFQ child that reports by its completion; a run that asked its RFQs to report by
    // signal before it continued as new, and a child so asked.
    expect(histories.map((h) => h.workflowId)).toEqual(
      expect.arrayContaining(['procurement-ordered-inline', 'rfq-quoted-inline', 'bounded-procurement-rfqs-asked-to-report', 'rfq-asked-to-report']),
    );
  });

  it('replays every recorded history without a non-determinism error', async () => {
    const workflowBundle = await bundleWorkflowsForTest(WORKFLOWS_ENTRY);
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('replays every recorded history with the OpenTelemetry workflow interceptors bundled (as the worker bundles them)', async () => {
    const workflowBundle = await bundleWorkflowsForTest(WORKFLOWS_ENTRY, {
      workflowInterceptorModules: [join(__dirname, '..', 'tracing-interceptors.ts')],
    });
    const spans = new InMemorySpanExporter();
    // callDuringReplay: the sink receives spans during replay too, proving the interceptors ran.
    const exporter = makeWorkflowExporter(new SimpleSpanProcessor(spans), new Resource({ 'service.name': 'replay' }));
    const sinks = { exporter: { export: { ...exporter.export, callDuringReplay: true } } };
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle, sinks }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    const names = new Set(spans.getFinishedSpans().map((s) => s.name.split(':')[0]));
    // The histories' approvals, replies and retries replayed with their update spans.
    expect([...names]).toEqual(expect.arrayContaining(['RunWorkflow', 'HandleUpdate']));
  }, 120_000);

  it('fails to replay when the workflow changes its order of commands', async () => {
    const workflowBundle = await bundleWorkflowsForTest(join(__dirname, 'fixtures', 'reordered-workflows.ts'));
    const [first] = histories;
    await expect(Worker.runReplayHistory({ workflowBundle }, first!.history, first!.workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
