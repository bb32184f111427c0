import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';

/** The support desk's tables reference each other (orders → customers): enforce it. */
export function openDatabase(filename: string, setup: (db: SqliteDatabase) => void): SqliteDatabase {
  return openSqliteDatabase(filename, { setup, foreignKeys: true });
}
