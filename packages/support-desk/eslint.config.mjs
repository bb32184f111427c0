import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

// The root entry is imported by workflow code; only `src/node/` may use Node and native modules.
export default [...baseConfig, workflowSandbox({ ignores: ['src/node/**'] })];
