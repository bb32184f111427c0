import { existsSync } from 'node:fs';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
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
    bundlerOptions: { webpackConfigHook: sourceBundlerOptions },
    workflowModules: traced ? [...WORKFLOW_INTERCEPTOR_MODULES] : [],
  };
}
