import { dirname, join, resolve } from 'node:path';
import type { FlowConfig, IdSecretSource } from '@org/orchestrator-activities';
import { flowConfigFromEnv, idSecretSourceFromEnv } from '@org/orchestrator-activities';
import { isPostgresUrl, sqliteStorePaths } from '@org/orchestrator-activities/database';
import type { TemporalConfig } from '@org/orchestrator-contracts/client';
import { emailAddressSchema, envSchemas, readEnv } from '@org/orchestrator-contracts';
import { TemporalConfigError, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';

/** Where the workflow code comes from: a bundle prebuilt at build time, or sources bundled at start. */
export type WorkflowSource = { kind: 'bundle'; bundlePath: string } | { kind: 'sources' };

/** Where every store lives: SQLite files in the data folder (one machine), or one PostgreSQL database (many hosts). */
export type StoreDatabase = { kind: 'sqlite' } | { kind: 'postgres'; url: string; migrateAtStart: boolean };

export interface WorkerConfig {
  temporal: TemporalConfig;
  /**
   * `DATABASE_URL=postgres://…` puts every store (orchestrator store, thread index, outbox ledger,
   * procurement, support desk, knowledge-base index) in that database; the `*_DB_PATH` files are then
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
  shutdownGraceTime: string;
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
  /** SQLite file of the supplier directory and the purchase orders (created and seeded if missing). */
  procurementDatabasePath: string;
  /** SQLite file of the support desk: customers, orders, tickets (created and seeded if missing). */
  supportDatabasePath: string;
  /** Folder of knowledge-base articles (`*.md`). */
  knowledgeBaseDir: string;
  /** SQLite file of the knowledge base's full-text index (rebuilt from the folder as needed). */
  knowledgeIndexPath: string;
  /** Policy, timing and senders of the procurement and support flows (see `flowConfigFromEnv`). */
  flows: FlowConfig;
  /**
   * Where the secret of outbound Message-IDs and RFQ ids comes from: `ORCHESTRATOR_ID_SECRET`, or
   * in development `<data>/id-secret` (created on first start). Load it with `loadIdSecret`.
   */
  idSecret: IdSecretSource;
}

/**
 * The sample articles shipped with `@org/orchestrator-support-desk` (its `knowledge-base` folder,
 * part of the published package), wherever the package is installed.
 */
export function bundledKnowledgeBaseDir(): string {
  return join(dirname(require.resolve('@org/orchestrator-support-desk/package.json')), 'knowledge-base');
}

/** The store database from `DATABASE_URL` and `DATABASE_MIGRATE`. */
function storeDatabase(env: NodeJS.ProcessEnv): StoreDatabase {
  const url = env['DATABASE_URL']?.trim();
  if (!url) return { kind: 'sqlite' };
  if (!isPostgresUrl(url)) {
    throw new TemporalConfigError(
      'DATABASE_URL',
      'must be a PostgreSQL URL (postgres://user:password@host:5432/db); leave it unset for SQLite files in the data folder',
    );
  }
  const migrate = (env['DATABASE_MIGRATE']?.trim() || 'start').toLowerCase();
  if (migrate !== 'start' && migrate !== 'off') throw new TemporalConfigError('DATABASE_MIGRATE', `must be "start" or "off", got ${JSON.stringify(migrate)}`);
  return { kind: 'postgres', url, migrateAtStart: migrate === 'start' };
}

/** `Name <address>` or `address`, validated with the contracts' address schema. */
function mailbox(env: NodeJS.ProcessEnv, name: string): { address: string; name?: string } | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const match = /^(?:"?([^"<]*?)"?\s*<([^>]+)>|([^<>\s]+))$/.exec(raw);
  const parsed = emailAddressSchema.safeParse(match ? { address: match[2] ?? match[3], name: match[1] || undefined } : { address: raw });
  if (!parsed.success) throw new TemporalConfigError(name, `must be an email address like "Support <help@example.com>", got ${JSON.stringify(raw)}`);
  return parsed.data;
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  return readEnv(env, 'WORKER_LOG_LEVEL', envSchemas.oneOf(LOG_LEVELS), TemporalConfigError) ?? 'INFO';
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return readEnv(env, name, envSchemas.integer(1), TemporalConfigError) ?? fallback;
}

function durationMs(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  return readEnv(env, name, envSchemas.duration, TemporalConfigError) ?? fallbackMs;
}

function deploymentFromEnv(env: NodeJS.ProcessEnv): Pick<WorkerConfig, 'deployment'> {
  const deploymentName = env['WORKER_DEPLOYMENT_NAME']?.trim();
  const buildId = env['WORKER_BUILD_ID']?.trim();
  if (!deploymentName && !buildId) return {};
  if (!deploymentName || !buildId) {
    throw new TemporalConfigError(
      deploymentName ? 'WORKER_BUILD_ID' : 'WORKER_DEPLOYMENT_NAME',
      'must be set together with WORKER_DEPLOYMENT_NAME / WORKER_BUILD_ID (Worker Deployment versioning)',
    );
  }
  return { deployment: { deploymentName, buildId } };
}

function opsFromEnv(env: NodeJS.ProcessEnv): Pick<WorkerConfig, 'ops'> {
  const port = readEnv(env, 'METRICS_PORT', envSchemas.integer(0, 65_535), TemporalConfigError);
  return port === undefined ? {} : { ops: { port, host: env['METRICS_HOST']?.trim() || '127.0.0.1' } };
}

/**
 * Worker settings from the environment: the Temporal settings (`TEMPORAL_*`, see
 * `temporalConfigFromEnv`), `DATABASE_URL` and `DATABASE_MIGRATE` (see {@link WorkerConfig.database}), `ORCHESTRATOR_DB_PATH` (default `.data/orchestrator.sqlite`),
 * `WORKFLOW_BUNDLE_PATH` (default: `builtBundlePath`, the bundle built next to this file, traced or
 * not, when `NODE_ENV=production`, else workflow sources), `WORKER_MAX_CONCURRENT_ACTIVITIES`,
 * `WORKER_SHUTDOWN_GRACE_TIME`, `WORKER_CONNECT_TIMEOUT` (default `60s`), `WORKER_LOG_LEVEL` (default
 * `INFO`), `ESCALATION_ADDRESS`, `METRICS_PORT` / `METRICS_HOST` (the ops server),
 * `WORKER_DEPLOYMENT_NAME` / `WORKER_BUILD_ID` (Worker Deployment versioning),
 * `ORCHESTRATOR_ID_SECRET` (required unless `NODE_ENV` is unset, `development` or `test`; see
 * `idSecretSourceFromEnv`), `THREAD_INDEX_DB_PATH` (default: the orchestrator store's file). The flows' stores live next to the orchestrator store (its folder is the
 * data folder): `PROCUREMENT_DB_PATH` (default `<data>/procurement.sqlite`), `SUPPORT_DB_PATH`
 * (default `<data>/support.sqlite`), the knowledge-base index `<data>/knowledge-index.sqlite`;
 * `KNOWLEDGE_BASE_DIR` (default: the support-desk package's sample articles). Flow policy and
 * senders (`PROCUREMENT_MAILBOX`, `SUPPORT_MAILBOX`, `REPLY_FROM`): see `flowConfigFromEnv`. Mail transport, outbox ledger and blob store: see `outboundFromEnv`;
 * agents: see `providerFromEnv`.
 * @throws {IdSecretError} without `ORCHESTRATOR_ID_SECRET` outside development, or with a short one.
 */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env, builtBundlePath: string): WorkerConfig {
  const bundlePath = env['WORKFLOW_BUNDLE_PATH'] || (env['NODE_ENV'] === 'production' ? builtBundlePath : undefined);
  // The files `orchestrator migrate` migrates too: one declaration of where each store lives.
  const paths = sqliteStorePaths(env);
  const dataDir = dirname(paths.orchestrator);
  return {
    temporal: temporalConfigFromEnv(env),
    database: storeDatabase(env),
    databasePath: paths.orchestrator,
    threadIndexPath: paths.threadIndex,
    procurementDatabasePath: paths.procurement,
    supportDatabasePath: paths.support,
    knowledgeBaseDir: resolve(env['KNOWLEDGE_BASE_DIR'] || bundledKnowledgeBaseDir()),
    knowledgeIndexPath: paths.knowledgeIndex,
    flows: flowConfigFromEnv(env),
    idSecret: idSecretSourceFromEnv(env, dataDir),
    workflowSource: bundlePath ? { kind: 'bundle', bundlePath: resolve(bundlePath) } : { kind: 'sources' },
    maxConcurrentActivityTaskExecutions: positiveInt(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 50),
    shutdownGraceTime: env['WORKER_SHUTDOWN_GRACE_TIME'] || '10s',
    connectTimeoutMs: durationMs(env, 'WORKER_CONNECT_TIMEOUT', 60_000),
    logLevel: logLevel(env),
    escalationAddress: mailbox(env, 'ESCALATION_ADDRESS'),
    ...opsFromEnv(env),
    ...deploymentFromEnv(env),
  };
}
