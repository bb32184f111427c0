import { dirname, resolve } from 'node:path';
import type { FlowConfig, IdSecretSource } from '@org/orchestrator-activities';
import { idSecretSourceFromEnv } from '@org/orchestrator-activities';
import { sqliteStorePaths } from '@org/orchestrator-activities/database';
import type { EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { SHARED_ENV, readEnvVariable } from '@org/orchestrator-contracts';
import { installedFlowConfigFromEnv } from '@org/orchestrator-installed-flows';
import type { TemporalConfig } from '@org/orchestrator-contracts/client';
import { TemporalConfigError, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
import type { LogLevel } from './worker-env';
import { WORKER_ENV } from './worker-env';

export type { LogLevel } from './worker-env';

/** Where the workflow code comes from: a bundle prebuilt at build time, or sources bundled at start. */
export type WorkflowSource = { kind: 'bundle'; bundlePath: string } | { kind: 'sources' };

/** Where every store lives: SQLite files in the data folder (one machine), or one PostgreSQL database (many hosts). */
export type StoreDatabase = { kind: 'sqlite' } | { kind: 'postgres'; url: string; migrateAtStart: boolean };

export interface WorkerConfig {
  temporal: TemporalConfig;
  /**
   * `DATABASE_URL=postgres://…` puts every store (orchestrator store, thread index, outbox ledger,
   * the installed flows') in that database; the `*_DB_PATH` files are then
   * unused. `DATABASE_MIGRATE=off` skips migrating at start (run `orchestrator migrate` instead).
   */
  database: StoreDatabase;
  /** SQLite file of the orchestrator store (created if missing). */
  databasePath: string;
  /**
   * SQLite file of the thread index (`THREAD_INDEX_DB_PATH`, default {@link databasePath}): every
   * Message-ID sent is recorded there with its thread. The ingress of the host must open the same file.
   */
  threadIndexPath: string;
  workflowSource: WorkflowSource;
  maxConcurrentActivityTaskExecutions: number;
  /** `WORKER_MAX_CACHED_WORKFLOWS`: open threads kept in memory; unset, the SDK's default (from the heap limit). */
  maxCachedWorkflows?: number;
  /** `WORKER_SHUTDOWN_GRACE_TIME`, in milliseconds. */
  shutdownGraceTimeMs: number;
  /** How long the worker waits for Temporal at start (`WORKER_CONNECT_TIMEOUT`) before it gives up. */
  connectTimeoutMs: number;
  logLevel: LogLevel;
  /**
   * `METRICS_PORT`: the one port of `/healthz`, `/readyz` and `/metrics` (unset: no ops server);
   * `METRICS_HOST` (default `127.0.0.1`; `0.0.0.0` where the platform probes from outside).
   */
  ops?: { port: number; host: string };
  /**
   * Worker Deployment versioning: `WORKER_DEPLOYMENT_NAME` and `WORKER_BUILD_ID` (both or neither;
   * e.g. `orchestrator-production` and the release's version or commit). Long-lived threads are
   * `AUTO_UPGRADE`: they move to the current version, so changes to them still need `patched()`.
   */
  deployment?: { deploymentName: string; buildId: string };
  /** Team mailbox for escalations (`ESCALATION_ADDRESS`). */
  escalationAddress?: { address: string; name?: string };
  /** The flow configuration: the common settings and each installed flow's part (see `installedFlowConfigFromEnv`). */
  flows: FlowConfig;
  /**
   * Where the secret of outbound Message-IDs and RFQ ids comes from: `ORCHESTRATOR_ID_SECRET`, or
   * in development `<data>/id-secret` (created on first start). Load it with `loadIdSecret`.
   */
  idSecret: IdSecretSource;
}

const read = <T>(env: EnvSource, spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec, TemporalConfigError);

/** The store database from `DATABASE_URL` and `DATABASE_MIGRATE`. */
function storeDatabase(env: EnvSource): StoreDatabase {
  const url = read(env, SHARED_ENV.databaseUrl);
  if (!url) return { kind: 'sqlite' };
  return { kind: 'postgres', url, migrateAtStart: (read(env, WORKER_ENV.databaseMigrate) ?? 'start') === 'start' };
}

function deploymentFromEnv(env: EnvSource): Pick<WorkerConfig, 'deployment'> {
  const deploymentName = read(env, WORKER_ENV.deploymentName);
  const buildId = read(env, WORKER_ENV.buildId);
  if (!deploymentName && !buildId) return {};
  if (!deploymentName || !buildId) {
    throw new TemporalConfigError(
      deploymentName ? WORKER_ENV.buildId.name : WORKER_ENV.deploymentName.name,
      'must be set together with WORKER_DEPLOYMENT_NAME / WORKER_BUILD_ID (Worker Deployment versioning)',
    );
  }
  return { deployment: { deploymentName, buildId } };
}

function maxCachedWorkflowsFromEnv(env: EnvSource): Pick<WorkerConfig, 'maxCachedWorkflows'> {
  const maxCachedWorkflows = read(env, WORKER_ENV.maxCachedWorkflows);
  return maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows };
}

function opsFromEnv(env: EnvSource): Pick<WorkerConfig, 'ops'> {
  const port = read(env, SHARED_ENV.metricsPort);
  return port === undefined ? {} : { ops: { port, host: read(env, SHARED_ENV.metricsHost) ?? '127.0.0.1' } };
}

/**
 * Worker settings from the environment: the worker's own variables (`WORKER_ENV`), the shared ones
 * it reads (`SHARED_ENV`: `DATABASE_URL`, `ORCHESTRATOR_DB_PATH`, `THREAD_INDEX_DB_PATH`,
 * `METRICS_PORT` / `METRICS_HOST`, `NODE_ENV`), the Temporal settings (`temporalConfigFromEnv`),
 * the stores' (`STORE_ENV`; the installed flows read their own), the flows' (`installedFlowConfigFromEnv`) and the id secret
 * (`idSecretSourceFromEnv`). Mail transport, outbox ledger and blob store: see `outboundFromEnv`;
 * agents: see `providerFromEnv`. The README's tables list them all.
 * `WORKFLOW_BUNDLE_PATH` defaults to `builtBundlePath` (the bundle built next to this file, traced or
 * not) when `NODE_ENV=production`, else the workflow sources are bundled at start.
 * @throws {TemporalConfigError} (`EnvVariableError`) naming the first bad variable.
 * @throws {IdSecretError} without `ORCHESTRATOR_ID_SECRET` outside development, or with a short one.
 */
export function workerConfigFromEnv(env: EnvSource = process.env, builtBundlePath: string): WorkerConfig {
  const bundlePath = read(env, WORKER_ENV.workflowBundlePath) ?? (read(env, SHARED_ENV.nodeEnv) === 'production' ? builtBundlePath : undefined);
  // The files `orchestrator migrate` migrates too: one declaration of where each store lives.
  const paths = sqliteStorePaths(env);
  const dataDir = dirname(paths.orchestrator);
  return {
    temporal: temporalConfigFromEnv(env),
    database: storeDatabase(env),
    databasePath: paths.orchestrator,
    threadIndexPath: paths.threadIndex,
    flows: installedFlowConfigFromEnv(env),
    idSecret: idSecretSourceFromEnv(env, dataDir),
    workflowSource: bundlePath ? { kind: 'bundle', bundlePath: resolve(bundlePath) } : { kind: 'sources' },
    maxConcurrentActivityTaskExecutions: read(env, WORKER_ENV.maxConcurrentActivities) ?? 50,
    ...maxCachedWorkflowsFromEnv(env),
    shutdownGraceTimeMs: read(env, WORKER_ENV.shutdownGraceTime) ?? 10_000,
    connectTimeoutMs: read(env, WORKER_ENV.connectTimeout) ?? 60_000,
    logLevel: read(env, WORKER_ENV.logLevel) ?? 'INFO',
    escalationAddress: read(env, WORKER_ENV.escalationAddress),
    ...opsFromEnv(env),
    ...deploymentFromEnv(env),
  };
}
