import type { Worker } from '@temporalio/worker';

const watched = new Set<Worker>();
const ENDED = new Set(['STOPPED', 'FAILED', 'INITIALIZED']);

/**
 * Watches `worker` for {@link stopLeftoverWorkers}: a test that times out never reaches its
 * `finally`, and a worker still polling keeps jest from exiting, so CI hangs instead of failing.
 */
export function stopAfterEachTest<W extends Worker>(worker: W): W {
  watched.add(worker);
  return worker;
}

/**
 * Shuts down every watched worker still running (call it in `afterEach`; the jest setup file
 * `@org/orchestrator-testing/stop-leftover-workers` does) and waits until they stopped. A worker
 * that ends this way rejects its `runUntil`, so the test's own clean-up runs as well. Returns the
 * task queues of the workers it stopped: a test that passed should leave none.
 */
export async function stopLeftoverWorkers(timeoutMs = 30_000): Promise<string[]> {
  const left = [...watched].filter((w) => !ENDED.has(w.getState()));
  watched.clear();
  for (const worker of left) if (worker.getState() === 'RUNNING') worker.shutdown();
  const until = Date.now() + timeoutMs;
  while (left.some((w) => w.getState() !== 'STOPPED' && w.getState() !== 'FAILED') && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return left.map((w) => w.options.taskQueue);
}
