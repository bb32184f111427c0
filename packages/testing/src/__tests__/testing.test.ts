import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { defineSearchAttributeKey } from '@temporalio/common';
import { bundleWorkflowsForTest, createLocalTestEnv, createTimeSkippingTestEnv, uniqueTaskQueue } from '../index';
import { writeSourceOnlyWorkspace } from './fixtures/source-package';
import { greet, sleepADay } from './fixtures/workflows';

const workflowsPath = require.resolve('./fixtures/workflows');

describe(createLocalTestEnv, () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  const taskQueue = uniqueTaskQueue('testing');

  beforeAll(async () => {
    env = await createLocalTestEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsForTest(workflowsPath),
    });
    workerRun = worker.run();
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
  });

  it('runs a bundled workflow on the local server', async () => {
    const result = await env.client.workflow.execute(greet, {
      taskQueue,
      workflowId: uniqueTaskQueue('greet'),
      args: ['Temporal'],
    });
    expect(result).toBe('Hello, Temporal!');
  });

  it('bundles workspace packages from their sources (@org/source condition)', async () => {
    const workspace = await writeSourceOnlyWorkspace();
    try {
      const sourceQueue = uniqueTaskQueue('source');
      const sourceWorker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: sourceQueue,
        workflowBundle: await bundleWorkflowsForTest(workspace.workflowsPath),
      });
      const result = await sourceWorker.runUntil(env.client.workflow.execute('readMarker', { taskQueue: sourceQueue, workflowId: uniqueTaskQueue('source') }));
      expect(result).toBe('from-source');
    } finally {
      await workspace.cleanup();
    }
  }, 60_000);

  it('registers the orchestrator search attributes', async () => {
    const flow = defineSearchAttributeKey('OrchestratorFlow', 'KEYWORD');
    const status = defineSearchAttributeKey('OrchestratorStatus', 'KEYWORD');
    const handle = await env.client.workflow.start(greet, {
      taskQueue,
      workflowId: uniqueTaskQueue('attrs'),
      args: ['attributes'],
      typedSearchAttributes: [
        { key: flow, value: 'support' },
        { key: status, value: 'open' },
      ],
    });
    await handle.result();
    const { typedSearchAttributes } = await handle.describe();
    expect(typedSearchAttributes.get(flow)).toBe('support');
    expect(typedSearchAttributes.get(status)).toBe('open');
  });
});

describe(bundleWorkflowsForTest, () => {
  it('bundles each path once per process', async () => {
    const first = bundleWorkflowsForTest(workflowsPath);
    expect(bundleWorkflowsForTest(workflowsPath)).toBe(first);
    expect((await first).code).toContain('Hello, ${name}!');
  }, 60_000);
});

describe('createLocalTestEnv with dynamic config', () => {
  let env: TestWorkflowEnvironment | undefined;

  afterAll(async () => {
    await env?.teardown();
  });

  it('passes number and string values to the server as JSON', async () => {
    // An unquoted string would make `temporal server start-dev` exit ("invalid JSON value").
    env = await createLocalTestEnv({
      // Not below 36: request IDs are UUIDs, and the server's own system workflow IDs must fit too.
      dynamicConfig: { 'limit.maxIDLength': 40, 'history.defaultWorkflowTaskTimeout': '7s' },
    });
    // No worker needed: the frontend rejects an over-long ID, and a started workflow gets the default task timeout.
    await expect(env.client.workflow.start(greet, { taskQueue: 'nobody', workflowId: 'x'.repeat(41), args: ['x'] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/WorkflowId exceeds maximum allowed length/) },
    });
    const handle = await env.client.workflow.start(greet, { taskQueue: 'nobody', workflowId: 'short-id', args: ['x'] });
    const description = await handle.describe();
    expect(description.raw.executionConfig?.defaultWorkflowTaskTimeout?.seconds?.toString()).toBe('7');
    await handle.terminate();
  }, 60_000);
});

describe(uniqueTaskQueue, () => {
  it('keeps the prefix and never repeats', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueTaskQueue('q')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^q-\d+-[0-9a-f]{6}$/);
  });
});

describe(createTimeSkippingTestEnv, () => {
  let env: TestWorkflowEnvironment | undefined;

  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a day of workflow time', async () => {
    env = await createTimeSkippingTestEnv();
    const taskQueue = uniqueTaskQueue('time-skipping');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsForTest(workflowsPath),
    });
    const started = Date.now();
    const result = await worker.runUntil(env.client.workflow.execute(sleepADay, { taskQueue, workflowId: uniqueTaskQueue('sleep') }));
    expect(result).toBe('rested');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
