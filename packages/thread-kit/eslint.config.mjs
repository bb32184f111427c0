import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

// Everything in src/ (but tests) runs inside the workflow sandbox.
export default [...baseConfig, workflowSandbox()];
