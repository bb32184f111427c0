/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.cjs'),
  // A test that times out must not leave its worker polling: jest would never exit.
  setupFilesAfterEnv: [require.resolve('../testing/src/jest-setup/stop-leftover-workers.ts')],
  displayName: 'workflows',
};
