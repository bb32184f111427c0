import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

// The root entry is imported by workflow code; only `src/node/` may use Node, stores and PDF parsing.
export default [...baseConfig, workflowSandbox({ ignores: ['src/node/**'] })];
