/**
 * One PostgreSQL database for every store of workers on many hosts: the schemas, their migration
 * and the sample data. `DATABASE_URL=postgres://…` makes the worker use it; without it every store
 * is a SQLite file in the worker's data folder.
 *
 * @example
 * import { migrateDatabase, seedDatabase } from '@org/orchestrator-activities/database';
 * await migrateDatabase(process.env.DATABASE_URL!);
 * await seedDatabase(process.env.DATABASE_URL!, { knowledgeBaseDir: './articles' }); // { suppliers: 8, customers: 13, orders: …, articles: … }
 *
 * @module
 */
export { STORE_SCHEMAS, importArticles, migrateDatabase, seedDatabase } from './shared-database';
export type { SeedOptions, SeedReport } from './shared-database';
export { KnowledgeBaseImportError } from '@org/orchestrator-support-desk/node';
export type { KnowledgeBaseImport, KnowledgeBaseImportOptions } from '@org/orchestrator-support-desk/node';
export type { AsyncCompatible, MigrationReport } from '@org/orchestrator-postgres';
export { PostgresMigrationError, isPostgresUrl } from '@org/orchestrator-postgres';
