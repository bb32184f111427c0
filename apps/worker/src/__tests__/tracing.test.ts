import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Tracing } from '@org/orchestrator-contracts/tracing';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import { createLocalTestEnv, stopAfterEachTest, uniqueTaskQueue } from '@org/orchestrator-testing';
import { tracingActivityInterceptors, tracingSinks } from '../tracing';
import { WORKFLOW_INTERCEPTOR_MODULES, sourceBundlerOptions } from '../workflow-code';
import * as activities from './fixtures/traced-activities';
import { renameUpdate, tracedUpdateWorkflow } from './fixtures/traced-workflow';

// The worker's own tracing wiring (bundled workflow interceptors, span sink, activity interceptors)
// and the clients' (contracts' tracingFromEnv), against a real dev server; spans captured in memory.
describe('OpenTelemetry tracing: client -> workflow -> activity', () => {
  let env: TestWorkflowEnvironment;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    env = await createLocalTestEnv();
    tracing = tracingFromEnv({}, { serviceName: 'tracing-test', spanProcessor: new SimpleSpanProcessor(exporter) })!;
  }, 60_000);

  afterAll(async () => {
    await tracing?.shutdown();
    await env?.teardown();
  });

  /** A worker wired as the deployed one traces: bundled workflow interceptors, span sink, activity interceptors. */
  const tracedWorker = async (taskQueue: string) =>
    stopAfterEachTest(
      await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('./fixtures/traced-workflow'),
        bundlerOptions: { webpackConfigHook: sourceBundlerOptions },
        activities,
        interceptors: { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES], activity: tracingActivityInterceptors(tracing) },
        sinks: tracingSinks(tracing),
      }),
    );

  it('links the client span, the workflow run, the activity scheduled and its run in one trace', async () => {
    const taskQueue = uniqueTaskQueue('tracing');
    const worker = await tracedWorker(taskQueue);
    const client = new Client({ connection: env.connection, interceptors: tracing.clientInterceptors });
    const result = await worker.runUntil(client.workflow.execute('tracedWorkflow', { taskQueue, workflowId: `traced-${taskQueue}`, args: ['Ada'] }));
    expect(result).toBe('hello Ada');

    const spans = exporter.getFinishedSpans();
    const named = (name: string): ReadableSpan => {
      const span = spans.find((s) => s.name === name);
      if (!span) throw new Error(`no span ${name} among ${spans.map((s) => s.name).join(', ')}`);
      return span;
    };
    const start = named('StartWorkflow:tracedWorkflow');
    const run = named('RunWorkflow:tracedWorkflow');
    const schedule = named('StartActivity:greet');
    const execute = named('RunActivity:greet');
    expect(start.parentSpanId).toBeUndefined();
    expect(run.parentSpanId).toBe(start.spanContext().spanId);
    expect(schedule.parentSpanId).toBe(run.spanContext().spanId);
    expect(execute.parentSpanId).toBe(schedule.spanContext().spanId);
    const traceIds = new Set([start, run, schedule, execute].map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    expect(start.attributes['temporalWorkflowId']).toBe(`traced-${taskQueue}`);
    // Workflow spans leave the sandbox through the sink, exported with the worker's resource.
    expect(run.resource.attributes['service.name']).toBe('tracing-test');
  }, 60_000);

  it("traces an update: its validation and handling are children of the caller's span, with the update id", async () => {
    const taskQueue = uniqueTaskQueue('traced-update');
    const worker = await tracedWorker(taskQueue);
    const client = new Client({ connection: env.connection, interceptors: tracing.clientInterceptors });
    const result = await worker.runUntil(async () => {
      const handle = await client.workflow.start(tracedUpdateWorkflow, { taskQueue, workflowId: `traced-update-${taskQueue}` });
      await expect(handle.executeUpdate(renameUpdate, { args: [' '], updateId: 'refused-1' })).rejects.toMatchObject({
        cause: { message: 'a name is required' },
      });
      expect(await handle.executeUpdate(renameUpdate, { args: ['Grace'], updateId: 'rename-1' })).toBe('renamed to Grace');
      return handle.result();
    });
    expect(result).toBe('hello Grace');

    const spans = exporter.getFinishedSpans();
    const withId = (name: string, updateId: string) => spans.filter((s) => s.name === name && s.attributes['temporalUpdateId'] === updateId);
    const [call] = withId('StartWorkflowUpdate:rename', 'rename-1');
    const [validated] = withId('ValidateUpdate:rename', 'rename-1');
    const [handled] = withId('HandleUpdate:rename', 'rename-1');
    expect(call && validated && handled).toBeTruthy();
    expect(validated!.parentSpanId).toBe(call!.spanContext().spanId);
    expect(handled!.parentSpanId).toBe(call!.spanContext().spanId);
    expect(new Set([call, validated, handled].map((s) => s!.spanContext().traceId)).size).toBe(1);
    // The refused update's validation span carries the refusal.
    const [refused] = withId('ValidateUpdate:rename', 'refused-1');
    expect(refused?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(withId('HandleUpdate:rename', 'refused-1')).toEqual([]);
  }, 60_000);

  it('registers a sink that drops workflow spans when tracing is off', () => {
    expect(tracingFromEnv({}, { serviceName: 'off' })).toBeUndefined();
    expect(Object.keys(tracingSinks(undefined))).toEqual(['exporter']);
    expect(tracingActivityInterceptors(undefined)).toEqual([]);
  });
});
