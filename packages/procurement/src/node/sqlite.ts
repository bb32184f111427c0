import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';

/** Purchase orders are commitments to suppliers: writes survive a power cut, not only a crash. */
export function openDatabase(filename: string, init: (db: SqliteDatabase) => void): SqliteDatabase {
  return openSqliteDatabase(filename, { setup: init, synchronous: 'FULL' });
}
