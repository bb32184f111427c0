import { existsSync } from 'node:fs';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowSource } from './config';
import { WORKFLOW_TRACING_INTERCEPTORS } from './tracing';

/** Lets the bundler read sibling workspace packages from source (see the `@org/source` export condition). */
export const sourceBundlerOptions: BundleOptions['webpackConfigHook'] = (config) => {
  config.resolve = { ...config.resolve, conditionNames: ['@org/source', '...'] };
  return config;
};

/**
 * The deployed bundle: minified, without the inline source maps of the SDK's development default
 * (they made it 5 MiB, which every worker start reads, parses and evaluates). Class and function
 * names are kept: error names and stack traces stay readable. Built from the workspace's sources
 * (ES modules, so zod and the rest are tree-shaken: 440 KiB instead of 770 KiB from the packages'
 * CommonJS builds), which matters beyond start-up: each cached workflow evaluates its own copy of
 * every module it loads (an open thread: 2.24 MB of worker RSS instead of 2.63 MB, `npm run bench`).
 */
export const productionBundlerOptions: BundleOptions['webpackConfigHook'] = (config) => ({
  ...sourceBundlerOptions(config),
  mode: 'production',
  devtool: false,
  optimization: { ...config.optimization, minimize: true, minimizeOptions: { javascript: { keep_classnames: true, keep_fnames: true } } },
});

/**
 * Libraries the workflow bundle evaluates once per worker instead of once per workflow (the SDK's
 * `preloadModules`, shared in its reusable V8 context). Without it each cached thread evaluated its own
 * zod (the library, 240 KiB of heap per thread), hashes and workflow API. Only stateless libraries
 * belong here: a preloaded module is deep-frozen and shared by every workflow, so one that keeps state
 * in its exports would leak it between threads or throw. Not zod schemas: a frozen schema cannot parse
 * (zod defines its methods on first use), so the schema modules stay per workflow.
 */
export const PRELOADED_MODULES: readonly string[] = ['zod', '@noble/hashes/hmac', '@noble/hashes/sha256', '@noble/hashes/utils', '@temporalio/workflow'];

/** The path the worker bundles in development: the workflows package's one entry file. */
export function workflowsEntryPath(): string {
  return require.resolve('@org/orchestrator-workflows');
}

/** Workflow interceptor modules of a traced worker (the build's traced bundle has them too). */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [WORKFLOW_TRACING_INTERCEPTORS];

/** The prebuilt bundles next to the worker's `main.js`: without workflow interceptors, and with the tracing ones. */
export const BUILT_BUNDLES = { plain: 'workflow-bundle.js', traced: 'workflow-bundle.traced.js' } as const;

/**
 * Worker options for the workflow code: the prebuilt bundle when deployed (a traced one has its
 * interceptors in it), sources in development, with {@link WORKFLOW_INTERCEPTOR_MODULES} when `traced`.
 */
export function workflowCodeOptions(
  source: WorkflowSource,
  traced: boolean,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> & { workflowModules: string[] } {
  if (source.kind === 'bundle') {
    if (!existsSync(source.bundlePath)) {
      throw new Error(
        `Workflow bundle not found at ${source.bundlePath}: run the worker's build, or unset WORKFLOW_BUNDLE_PATH/NODE_ENV=production to bundle sources`,
      );
    }
    return { workflowBundle: { codePath: source.bundlePath }, workflowModules: [] };
  }
  return {
    workflowsPath: workflowsEntryPath(),
    bundlerOptions: { webpackConfigHook: sourceBundlerOptions, preloadModules: [...PRELOADED_MODULES] },
    workflowModules: traced ? [...WORKFLOW_INTERCEPTOR_MODULES] : [],
  };
}

/** How the build bundles the deployed workflow code (`bundleWorkflowCode`), with the tracing interceptors when `traced`. */
export function deployedBundleOptions(traced: boolean): BundleOptions {
  return {
    workflowsPath: workflowsEntryPath(),
    webpackConfigHook: productionBundlerOptions,
    workflowInterceptorModules: traced ? [...WORKFLOW_INTERCEPTOR_MODULES] : [],
    preloadModules: [...PRELOADED_MODULES],
  };
}

/**
 * The worker refuses a bundle file without an inline source map ("Can't extract inlined source map"):
 * an empty one satisfies it without the megabytes of a real one. Names are kept in the minified code
 * (see `productionBundlerOptions`), so stack traces stay readable.
 */
const EMPTY_SOURCE_MAP = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' })).toString('base64')}`;

/** The deployed workflow bundle's code, as the build writes it (see {@link deployedBundleOptions}). */
export async function bundleDeployedWorkflowCode(traced: boolean, logger?: BundleOptions['logger']): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...deployedBundleOptions(traced), ...(logger ? { logger } : {}) });
  return `${code}\n${EMPTY_SOURCE_MAP}\n`;
}
