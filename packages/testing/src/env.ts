import type { SearchAttributeType } from '@temporalio/common';
import type { LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { SearchAttributeTypeName } from '@org/temporal-toolchain';
import { DEV_SERVER_SEARCH_ATTRIBUTES, ensureTemporalCli, ensureTestServer } from '@org/temporal-toolchain';

/** A search attribute to register: `{ name, type }`, as made by `defineSearchAttributeKey`. */
export type SearchAttributeDefinition = NonNullable<NonNullable<LocalTestWorkflowEnvironmentOptions['server']>['searchAttributes']>[number];

/** Options for {@link createLocalTestEnv}. */
export interface LocalTestEnvOptions {
  /**
   * Dynamic config values, passed as `--dynamic-config-value key=<JSON value>` (the CLI wants
   * JSON, so strings are quoted for you), e.g. `{ 'limit.maxIDLength': 100 }`.
   */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** Registered in addition to the orchestrator's own (`OrchestratorFlow`, `OrchestratorStatus`). */
  searchAttributes?: SearchAttributeDefinition[];
}

// `temporal server start-dev` spells types as `Keyword`, the SDK as `KEYWORD`.
const sdkSearchAttributeType: Record<SearchAttributeTypeName, SearchAttributeType> = {
  Text: 'TEXT',
  Keyword: 'KEYWORD',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
};

/** The dev server's search attributes (same list as `npm run temporal:start`), in the SDK's shape. */
const orchestratorSearchAttributes: SearchAttributeDefinition[] = Object.entries(DEV_SERVER_SEARCH_ATTRIBUTES).map(([name, type]) => ({
  name,
  type: sdkSearchAttributeType[type],
}));

/**
 * Workers log every state change at INFO, which buries test output: log at WARN instead,
 * unless the test (or an earlier environment) has already set up the SDK runtime.
 */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed or instantiated: keep whatever the test chose.
  }
}

/**
 * Starts a full Temporal dev server on a random port of 127.0.0.1 (in memory, no UI), using
 * the pinned CLI from `@org/temporal-toolchain` — or the SDK's own download when that cannot
 * be installed — with the orchestrator's search attributes registered.
 *
 * Call `env.teardown()` in `afterAll`, or jest will not exit. Unless the SDK runtime already
 * exists, installs one that logs at WARN (call `Runtime.install` first to choose otherwise).
 *
 * @example
 * ```ts
 * let env: TestWorkflowEnvironment;
 * beforeAll(async () => {
 *   env = await createLocalTestEnv({ dynamicConfig: { 'limit.maxIDLength': 100 } });
 * });
 * afterAll(() => env?.teardown());
 * ```
 */
export async function createLocalTestEnv(options: LocalTestEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const cli = await ensureTemporalCli();
  const extraArgs = Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
  return TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path', path: cli } } : {}),
      ip: '127.0.0.1',
      // The server writes to the test's stderr; at 'warn' it reports a harmless cluster-ID warning on every start.
      log: { format: 'pretty', level: 'error' },
      extraArgs,
      searchAttributes: [...orchestratorSearchAttributes, ...(options.searchAttributes ?? [])],
    },
  });
}

/**
 * Starts the time-skipping test server (Java-based; timers fire as soon as workflows are
 * blocked on them) from `@org/temporal-toolchain`, or the SDK's own download.
 * It does not support search attributes or every server feature: prefer {@link createLocalTestEnv}
 * unless a test needs to skip time.
 *
 * Call `env.teardown()` in `afterAll`. Logging as for {@link createLocalTestEnv}.
 */
export async function createTimeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const testServer = await ensureTestServer();
  return TestWorkflowEnvironment.createTimeSkipping(testServer ? { server: { executable: { type: 'existing-path', path: testServer } } } : {});
}
