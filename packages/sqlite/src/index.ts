/**
 * One way to open a SQLite file that several worker processes share.
 * @module
 */
export { openSqliteDatabase, openSqliteReadOnly } from './open-sqlite-database';
export type { OpenSqliteOptions, SqliteDatabase } from './open-sqlite-database';
