import { migrateSqlite } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import { PROCUREMENT_SCHEMA } from './procurement-schema';

/**
 * Opens a procurement file, its schema migrated by {@link PROCUREMENT_SCHEMA} before `seed` runs
 * (in the same transaction). Purchase orders are commitments to suppliers: writes survive a power
 * cut, not only a crash.
 */
export function openDatabase(filename: string, seed: (db: SqliteDatabase) => void): SqliteDatabase {
  return openSqliteDatabase(filename, {
    setup: (db) => {
      migrateSqlite(db, [PROCUREMENT_SCHEMA]);
      seed(db);
    },
    synchronous: 'FULL',
  });
}
