/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.cjs'),
  // A test that times out must not leave its worker polling: jest would never exit.
  setupFilesAfterEnv: [require.resolve('../testing/src/jest-setup/stop-leftover-workers.ts')],
  displayName: 'integration-tests',
  // Each file starts its own Temporal server and processes: run them one at a time on 2 cores.
  maxWorkers: 1,
  testTimeout: 180_000,
};
