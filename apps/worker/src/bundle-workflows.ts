import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUILT_BUNDLES, WORKFLOW_INTERCEPTOR_MODULES, productionBundlerOptions, workflowsEntryPath } from './workflow-code';

/**
 * The worker refuses a bundle file without an inline source map ("Can't extract inlined source map"):
 * an empty one satisfies it without the megabytes of a real one. Names are kept in the minified code
 * (see `productionBundlerOptions`), so stack traces stay readable.
 */
const EMPTY_SOURCE_MAP = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' })).toString('base64')}`;

/**
 * Build step: bundles the workflows package, so the deployed worker starts without webpack; twice,
 * without and with the tracing interceptors (the worker loads the one its tracing setting needs).
 */
async function bundle(): Promise<void> {
  for (const [kind, file] of Object.entries(BUILT_BUNDLES)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: workflowsEntryPath(),
      webpackConfigHook: productionBundlerOptions,
      workflowInterceptorModules: kind === 'traced' ? [...WORKFLOW_INTERCEPTOR_MODULES] : [],
    });
    const target = join(__dirname, file);
    writeFileSync(target, `${code}\n${EMPTY_SOURCE_MAP}\n`);
    console.log(`workflow bundle (${kind}): ${target} (${(code.length / 1024).toFixed(0)} KiB)`);
  }
}

bundle().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
