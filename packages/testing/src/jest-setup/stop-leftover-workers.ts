/**
 * Jest setup file (`setupFilesAfterEnv`): after each test, stops the workers it left running
 * (see {@link stopLeftoverWorkers}), so a timed-out test fails by name instead of hanging the run.
 */
import { stopLeftoverWorkers } from '../leftover-workers';

afterEach(async () => {
  const stopped = await stopLeftoverWorkers();
  if (stopped.length > 0) console.warn(`stopped workers the test left running (task queues: ${stopped.join(', ')})`);
}, 40_000);
