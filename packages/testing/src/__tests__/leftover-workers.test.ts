import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PromiseCompletionTimeoutError, Worker } from '@temporalio/worker';
import { createLocalTestEnv, stopAfterEachTest, stopLeftoverWorkers, uniqueTaskQueue } from '../index';

describe(stopLeftoverWorkers, () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalTestEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('stops a worker whose test body never ends, so its runUntil rejects and the test can clean up', async () => {
    const taskQueue = uniqueTaskQueue('leftover');
    const worker = stopAfterEachTest(await Worker.create({ connection: env.nativeConnection, taskQueue, activities: { noop: async () => undefined } }));
    const hung = worker.runUntil(new Promise<never>(() => undefined));
    const outcome = hung.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    while (worker.getState() !== 'RUNNING') await new Promise((r) => setTimeout(r, 20));

    expect(await stopLeftoverWorkers()).toEqual([taskQueue]);
    expect(worker.getState()).toBe('STOPPED');
    expect(await outcome).toBeInstanceOf(PromiseCompletionTimeoutError);
    // Each worker is stopped once: the list is empty afterwards.
    expect(await stopLeftoverWorkers()).toEqual([]);
  }, 60_000);
});
