/**
 * The PostgreSQL thread index, apart from the package root so that importing the email package
 * does not load a database client: `import { openPostgresThreadIndex } from '@org/orchestrator-email/postgres'`.
 * @module
 */
export { openPostgresThreadIndex } from './thread-index/postgres-thread-index';
export { THREAD_INDEX_SCHEMA } from './thread-index/thread-index-schema';
