/**
 * The SQLite thread index, apart from the package root so that importing the email package does not
 * load a native module: `import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite'`.
 * @module
 */
export { openSqliteThreadIndex } from './thread-index/sqlite-thread-index';
