import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

// The raw-SDK baseline's workflow runs in the sandbox like the orchestrator's.
export default [...baseConfig, workflowSandbox({ files: ['src/raw-workflow.ts'] })];
