import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { PRELOADED_MODULES, bundleDeployedWorkflowCode, deployedBundleOptions } from '../workflow-code';

// The workflows package's committed histories (see its replay test): the deployed bundle must replay them
// too, as it differs from the test bundles in how it is built (minified, preloaded libraries shared by
// every workflow of the worker's reusable V8 context, deep-frozen).
const HISTORIES = join(__dirname, '..', '..', '..', '..', 'packages', 'workflows', 'src', '__tests__', 'histories');

describe(deployedBundleOptions, () => {
  it('preloads the stateless libraries, never the schemas', () => {
    const options = deployedBundleOptions(false);
    expect(options.preloadModules).toEqual([...PRELOADED_MODULES]);
    expect(options.preloadModules).toContain('zod');
    // A frozen zod schema cannot parse: the contracts and flows that declare them stay per workflow.
    expect(options.preloadModules?.filter((m) => m.startsWith('@org/'))).toEqual([]);
    expect(deployedBundleOptions(true).workflowInterceptorModules).toHaveLength(1);
  });

  it('replays every committed history in one reusable context, each thread after the other sharing the preloaded modules', async () => {
    const histories = readdirSync(HISTORIES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, f), 'utf8'))) }));
    expect(histories.length).toBeGreaterThan(20);
    const quiet = () => undefined;
    const code = await bundleDeployedWorkflowCode(false, { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet });
    // The bundle evaluates the preloaded modules at start (the SDK's hook), before any workflow.
    expect(code).toContain('preloadModules');
    const workflowBundle = { code };
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  }, 120_000);
});
