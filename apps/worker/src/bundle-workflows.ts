import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_BUNDLES, bundleDeployedWorkflowCode } from './workflow-code';

/**
 * Build step: bundles the workflows package, so the deployed worker starts without webpack; twice,
 * without and with the tracing interceptors (the worker loads the one its tracing setting needs).
 */
async function bundle(): Promise<void> {
  for (const [kind, file] of Object.entries(BUILT_BUNDLES)) {
    const code = await bundleDeployedWorkflowCode(kind === 'traced');
    const target = join(__dirname, file);
    writeFileSync(target, code);
    console.log(`workflow bundle (${kind}): ${target} (${(code.length / 1024).toFixed(0)} KiB)`);
  }
}

bundle().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
