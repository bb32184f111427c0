/**
 * Test helpers for Temporal integration tests in this workspace: environments on the pinned
 * binaries, cached workflow bundles built from workspace sources, unique task queues.
 *
 * @module
 */
export { createLocalTestEnv, createTimeSkippingTestEnv } from './env';
export type { LocalTestEnvOptions, SearchAttributeDefinition } from './env';
export { bundleWorkflowsForTest } from './bundle';
export { uniqueTaskQueue } from './task-queue';
export { stopAfterEachTest, stopLeftoverWorkers } from './leftover-workers';
export { freePort } from './free-port';
export { chromiumPath } from './chromium';
export { eventually } from './eventually';
export { activityFailure, quietLogger } from './activity-failures';
export { tempDirPerTest } from './temp-dir';
export { postgresTableColumns, sqliteSchemaAndRows, sqliteTableColumns } from './table-columns';
export type { SqliteTableSnapshot, TableColumns } from './table-columns';
export { lateBound } from './late-bound';
export { seededRandom } from './seeded-random';
export { startWorkflowTestServer } from './workflow-test-server';
export type { WorkflowTestServer } from './workflow-test-server';
export { startSmtpSink } from './smtp-sink';
export type { SmtpSink, Received as ReceivedMail } from './smtp-sink';
export { postgresBin, startPgCluster } from './pg-cluster';
export type { PgCluster } from './pg-cluster';
export { DATABASE_KINDS, testDatabases } from './test-databases';
export type { DatabaseKind, TestDatabases } from './test-databases';
export { MOTO_VERSION, ensureMoto, startMoto } from './moto-server';
export type { MotoServer } from './moto-server';
