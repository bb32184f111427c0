/**
 * PostgreSQL for the stores of workers on many hosts: a pool that survives dropped connections,
 * and versioned schema migrations (Kysely's migrator) that many workers may run at once.
 * @module
 */
export { inTransaction, isPostgresUrl, openPostgresPool } from './open-postgres-pool';
export type { PostgresPoolOptions } from './open-postgres-pool';
export { PostgresMigrationError, migratePostgres } from './migrate-postgres';
export type { MigrationReport, SchemaHistory } from './migrate-postgres';
export type { Kysely, Migration } from 'kysely';
export { sql } from 'kysely';
export type { AsyncCompatible, Asynchronous } from './async-compatible';
