import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, workflowsEntryPath } from './workflow-code';

/** Build step: bundles the workflows package once, so the deployed worker starts without webpack. */
async function bundle(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsEntryPath(), workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES] });
  const target = join(__dirname, 'workflow-bundle.js');
  writeFileSync(target, code);
  console.log(`workflow bundle: ${target} (${(code.length / 1024).toFixed(0)} KiB)`);
}

bundle().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
