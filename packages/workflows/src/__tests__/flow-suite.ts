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
 * The set-up of a flow test file: a bundle per file, a worker per test, and a server: a fresh
 * time-skipping server for each test (it starts in about 0.15 s), or one real server for the file
 * (`createEnv`), on which every thread a test started with `newThread` is terminated after it.
 *
 * Why a time-skipping server per test: a run terminated while its workflow task or an activity is in
 * flight (the test's worker is gone), or an RFQ child it abandoned, keeps that server from skipping
 * time for every later test, which then waits in real time (seen as 120 s stalls of `env.sleep` and
 * of update calls; temporalio/sdk-java#3088 reports the same for @temporalio/testing 1.24.0).
 *
 * @example
 * const { env, newThread, withWorker } = flowSuite();
 * it('…', () => withWorker({}, async (h) => { await deliver(env, h.taskQueue, email(newThread('x'), { text: '…' })); }));
 */
export function flowSuite({ createEnv }: FlowSuiteOptions = {}) {
  const serverPerTest = createEnv === undefined;
  const create = createEnv ?? createTimeSkippingTestEnv;
  let server: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundleWithSourceMap | undefined;
  const threads = new Set<string>();
  beforeAll(async () => {
    if (!serverPerTest) server = await create();
    bundle = await bundleThreadWorkflows();
  }, 180_000);
  afterAll(async () => {
    await server?.teardown();
  });
  if (serverPerTest) {
    beforeEach(async () => {
      server = await create();
    }, 60_000);
    afterEach(async () => {
      await server?.teardown();
      server = undefined;
      threads.clear();
    });
  } else {
    afterEach(async () => {
      for (const threadId of threads) {
        await server?.client.workflow
          .getHandle(threadWorkflowId(threadId))
          .terminate('test finished')
          .catch(() => undefined);
      }
      threads.clear();
    });
  }
  const ready = () => {
    if (!server || !bundle) throw new Error('flowSuite is not set up yet (use it inside tests)');
    return { server, bundle };
  };
  // The server exists only once `beforeAll`/`beforeEach` ran: the file gets a stand-in that forwards to it.
  const env = lateBound(() => ready().server);
  const threadWorker = (dependencies: WorkerDependencies = {}) => createThreadWorker(ready().server, ready().bundle, dependencies);
  return {
    /** The test's server (inside tests and hooks). */
    env,
    /** A new thread id, terminated after the test if still running (on a real server; a time-skipping one goes with its test). */
    newThread(prefix: string): string {
      const threadId = uniqueId(prefix);
      threads.add(threadId);
      return threadId;
    },
    /** A worker on the test's server, for a test that runs and disposes of it itself. */
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
