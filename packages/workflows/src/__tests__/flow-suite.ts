import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { createTimeSkippingTestEnv } from '@org/orchestrator-testing';
import { uniqueId } from './flow-fixtures';
import { bundleThreadWorkflows, createThreadWorker } from './thread-harness';

export type FlowHarness = Awaited<ReturnType<typeof createThreadWorker>>;
export type FlowOverrides = NonNullable<Parameters<typeof createThreadWorker>[2]>['flows'];
/** Other dependencies of a test worker (e.g. `escalationAddress`). */
export type WorkerExtras = Omit<NonNullable<Parameters<typeof createThreadWorker>[2]>, 'flows'>;

/** Where a flow test file runs: the time-skipping server unless it needs a real one (`createLocalTestEnv`). */
export interface FlowSuiteOptions {
  createEnv?: () => Promise<TestWorkflowEnvironment>;
}

/**
 * The set-up of a flow test file: one server (time-skipping unless `createEnv` says otherwise) and
 * bundle per file, a worker per test, and every thread a test started with `newThread` terminated
 * after it. A timer left behind by a workflow whose worker is gone stops time from skipping for
 * every later test of the file.
 */
export function flowSuite({ createEnv = createTimeSkippingTestEnv }: FlowSuiteOptions = {}) {
  let env: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundleWithSourceMap | undefined;
  const threads = new Set<string>();
  beforeAll(async () => {
    env = await createEnv();
    bundle = await bundleThreadWorkflows();
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
  });
  afterEach(async () => {
    for (const threadId of threads) {
      await env?.client.workflow
        .getHandle(threadWorkflowId(threadId))
        .terminate('test finished')
        .catch(() => undefined);
    }
    threads.clear();
  });
  const ready = () => {
    if (!env || !bundle) throw new Error('flowSuite is not set up yet (use it inside tests)');
    return { env, bundle };
  };
  return {
    env: () => ready().env,
    /** The workflows bundle, for a test that creates its own worker with `createThreadWorker`. */
    bundle: () => ready().bundle,
    /** A new thread id, terminated after the test if still running. */
    newThread(prefix: string): string {
      const threadId = uniqueId(prefix);
      threads.add(threadId);
      return threadId;
    },
    /** Runs `body` with a fresh worker (own stores, outbox and task queue) and the given flow configuration. */
    async withWorker(flows: FlowOverrides, body: (harness: FlowHarness) => Promise<void>, extras: WorkerExtras = {}): Promise<void> {
      const harness = await createThreadWorker(ready().env, ready().bundle, { ...extras, flows });
      try {
        await harness.worker.runUntil(body(harness));
      } finally {
        await harness.dispose();
      }
    },
  };
}
