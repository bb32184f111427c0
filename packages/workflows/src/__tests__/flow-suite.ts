import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { createTimeSkippingTestEnv, lateBound } from '@org/orchestrator-testing';
import { uniqueId } from './flow-fixtures';
import { bundleThreadWorkflows, createThreadWorker } from './thread-harness';

export type FlowHarness = Awaited<ReturnType<typeof createThreadWorker>>;
/** What a test worker gets besides the server and the bundle (see {@link createThreadWorker}). */
export type WorkerDependencies = NonNullable<Parameters<typeof createThreadWorker>[2]>;
export type FlowOverrides = WorkerDependencies['flows'];
/** Other dependencies of a test worker (e.g. `escalationAddress`). */
export type WorkerExtras = Omit<WorkerDependencies, 'flows'>;

/** Where a flow test file runs: the time-skipping server unless it needs a real one (`createLocalTestEnv`). */
export interface FlowSuiteOptions {
  createEnv?: () => Promise<TestWorkflowEnvironment>;
}

/**
 * The set-up of a flow test file: one server (time-skipping unless `createEnv` says otherwise) and
 * bundle per file, a worker per test, and every thread a test started with `newThread` terminated
 * after it. A timer left behind by a workflow whose worker is gone stops time from skipping for
 * every later test of the file.
 *
 * @example
 * const { env, newThread, withWorker } = flowSuite();
 * it('…', () => withWorker({}, async (h) => { await deliver(env, h.taskQueue, email(newThread('x'), { text: '…' })); }));
 */
export function flowSuite({ createEnv = createTimeSkippingTestEnv }: FlowSuiteOptions = {}) {
  let server: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundleWithSourceMap | undefined;
  const threads = new Set<string>();
  beforeAll(async () => {
    server = await createEnv();
    bundle = await bundleThreadWorkflows();
  }, 180_000);
  afterAll(async () => {
    await server?.teardown();
  });
  afterEach(async () => {
    for (const threadId of threads) {
      await server?.client.workflow
        .getHandle(threadWorkflowId(threadId))
        .terminate('test finished')
        .catch(() => undefined);
    }
    threads.clear();
  });
  const ready = () => {
    if (!server || !bundle) throw new Error('flowSuite is not set up yet (use it inside tests)');
    return { server, bundle };
  };
  // The server exists only once `beforeAll` ran: the file gets a stand-in that forwards to it.
  const env = lateBound(() => ready().server);
  const threadWorker = (dependencies: WorkerDependencies = {}) => createThreadWorker(ready().server, ready().bundle, dependencies);
  return {
    /** The file's server (inside tests and hooks). */
    env,
    /** A new thread id, terminated after the test if still running. */
    newThread(prefix: string): string {
      const threadId = uniqueId(prefix);
      threads.add(threadId);
      return threadId;
    },
    /** A worker on the file's server, for a test that runs and disposes of it itself. */
    threadWorker,
    /** Runs `body` with a fresh worker (own stores, outbox and task queue) and the given flow configuration. */
    async withWorker(flows: FlowOverrides, body: (harness: FlowHarness) => Promise<void>, extras: WorkerExtras = {}): Promise<void> {
      const harness = await threadWorker({ ...extras, flows });
      try {
        await harness.worker.runUntil(body(harness));
      } finally {
        await harness.dispose();
      }
    },
  };
}
