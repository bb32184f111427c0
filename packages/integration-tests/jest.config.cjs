/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'integration-tests',
  // Each file starts its own Temporal server and processes: run them one at a time on 2 cores.
  maxWorkers: 1,
  testTimeout: 180_000,
};
