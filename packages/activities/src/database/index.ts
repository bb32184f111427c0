/**
 * One PostgreSQL database for every store of workers on many hosts: the schemas, their migration
 * and the sample data. `DATABASE_URL=postgres://…` makes the worker use it; without it every store
 * is a SQLite file in the worker's data folder.
 *
 * @example
 * import { migrateDatabase, seedDatabase } from '@org/orchestrator-activities/database';
 * await migrateDatabase(process.env.DATABASE_URL!);
 * await seedDatabase(process.env.DATABASE_URL!); // { suppliers: 8, customers: 13, orders: … }
 *
 * @module
 */
export { STORE_SCHEMAS, migrateDatabase, seedDatabase } from './shared-database';
export type { SeedReport } from './shared-database';
export type { AsyncCompatible, MigrationReport } from '@org/orchestrator-postgres';
export { PostgresMigrationError, isPostgresUrl } from '@org/orchestrator-postgres';
