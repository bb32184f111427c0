/**
 * PostgreSQL for the stores of workers on many hosts — a pool that survives dropped connections —
 * and the one schema definition of every store: versioned migrations written once with Kysely's
 * builders, applied to PostgreSQL (Kysely's migrator, advisory lock) and to SQLite (synchronously,
 * when a store opens its file).
 * @module
 */
export { inTransaction, isPostgresUrl, openPostgresPool } from './open-postgres-pool';
export type { PostgresPoolOptions } from './open-postgres-pool';
export { PostgresMigrationError, migratePostgres } from './migrate-postgres';
export { migrateSqlite } from './migrate-sqlite';
export type { SqliteConnection } from './migrate-sqlite';
export { postgresMigrationStatus, sqliteMigrationStatus, statusOf } from './migration-status';
export type { MigrationStatus } from './migration-status';
export { DestructiveMigrationError, SchemaMigrationError, addColumnIfMissing } from './schema-history';
export type {
  AddColumnIfMissing,
  ColumnType,
  MigrateOptions,
  MigrationReport,
  SchemaHistory,
  SchemaStatement,
  SqlDialect,
  StoreMigration,
} from './schema-history';
export type { Kysely } from 'kysely';
export { sql } from 'kysely';
export type { AsyncCompatible, Asynchronous } from './async-compatible';
