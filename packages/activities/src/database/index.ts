/**
 * Where every store lives, its schema, its migration and the sample data. `DATABASE_URL=postgres://…`
 * puts every store of workers on many hosts (and the inbox's) in one PostgreSQL database; without it
 * every store is a SQLite file in the worker's data folder (the inbox's in its own).
 *
 * @example
 * import { migrateDatabase, migrateStores, seedDatabase, storeDatabasesFromEnv } from '@org/orchestrator-activities/database';
 * await migrateStores(storeDatabasesFromEnv(process.env), { dryRun: true }); // [{ location: { kind: 'sqlite', file: '…/.data/orchestrator.sqlite' }, exists: true, stores: [{ store: 'orchestrator', applied: […], pending: [], newer: [], appliedNow: [] }, …] }, …]
 * await migrateDatabase(process.env.DATABASE_URL!);
 * await seedDatabase(process.env.DATABASE_URL!, { flowModules: FLOW_MODULES, env: process.env }); // { suppliers: 8, customers: 13, orders: …, articles: … }
 *
 * @module
 */
export { STORE_SCHEMAS, migrateDatabase, seedDatabase } from './shared-database';
export type { SeedOptions, SeedReport } from './shared-database';
export { INBOX_SCHEMA } from './inbox-schema';
export { DEFAULT_INBOX_DATA_DIR, DEFAULT_ORCHESTRATOR_DB_PATH, INBOX_DB_FILE, STORE_ENV, sqliteStorePaths, storeDatabasesFromEnv } from './store-locations';
export type { SqliteStorePaths, StoreDatabase, StoreLocation } from './store-locations';
export { StoreDatabaseError, describeStoreLocation, migrateStores } from './migrate-stores';
export type { DatabaseMigrationResult, MigrateStoresOptions, StoreMigrationResult } from './migrate-stores';
export type { AsyncCompatible, MigrationReport, MigrationStatus } from '@org/orchestrator-postgres';
export { PostgresMigrationError, SchemaMigrationError, isPostgresUrl } from '@org/orchestrator-postgres';
