import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsForTest } from './bundle';
import type { LocalTestEnvOptions } from './env';
import { createLocalTestEnv } from './env';
import { uniqueTaskQueue } from './task-queue';

export interface WorkflowTestServer {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** Stops the worker, then the server. Call it in `afterAll`, or jest will not exit. */
  teardown(): Promise<void>;
}

/**
 * A local dev server plus a worker running `workflowsPath` (bundled from source) in the
 * background: the usual setup of a test file whose workflows run on a real server.
 * @example
 * let env: TestWorkflowEnvironment;
 * let teardown: () => Promise<void>;
 * beforeAll(async () => ({ env, teardown } = await startWorkflowTestServer(require.resolve('./fixtures/workflows'), { taskQueue })), 60_000);
 * afterAll(() => teardown?.());
 */
export async function startWorkflowTestServer(
  workflowsPath: string,
  options: LocalTestEnvOptions & { taskQueue?: string; activities?: object } = {},
): Promise<WorkflowTestServer> {
  const env = await createLocalTestEnv(options);
  const taskQueue = options.taskQueue ?? uniqueTaskQueue('test');
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsForTest(workflowsPath),
      activities: options.activities,
    });
    const running = worker.run();
    return {
      env,
      taskQueue,
      async teardown() {
        worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  } catch (error) {
    await env.teardown();
    throw error;
  }
}
