import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import path from 'node:path';

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles a workflows file (with any workflow interceptor modules) for `Worker.create({ workflowBundle })`,
 * once per path and modules per process
 * (bundling takes 1–2 s, so tests share it).
 *
 * Workspace packages are bundled from their TypeScript sources through the `@org/source`
 * export condition, so tests need no prior build. The bundler's info logging is silenced.
 *
 * @example
 * ```ts
 * const workflowBundle = await bundleWorkflowsForTest(require.resolve('./fixtures/workflows'));
 * const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
 * ```
 */
export function bundleWorkflowsForTest(workflowsPath: string, options: { workflowInterceptorModules?: string[] } = {}): Promise<WorkflowBundleWithSourceMap> {
  const interceptorModules = options.workflowInterceptorModules ?? [];
  const key = [path.resolve(workflowsPath), ...interceptorModules].join('\0');
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: path.resolve(workflowsPath),
      ...(interceptorModules.length ? { workflowInterceptorModules: interceptorModules } : {}),
      logger: new DefaultLogger('WARN'),
      // Webpack has its own resolver: give it the condition tsc and jest use ('...' keeps the defaults).
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, conditionNames: ['@org/source', '...'] },
      }),
    });
    // A failed bundle (e.g. a syntax error) should not stick for the rest of the run.
    bundle.catch(() => bundles.delete(key));
    bundles.set(key, bundle);
  }
  return bundle;
}
