import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

// The raw-SDK baselines' workflows run in the sandbox like the orchestrator's.
export default [...baseConfig, workflowSandbox({ files: ['src/raw-workflow.ts', 'src/raw-procurement-workflow.ts'] })];
