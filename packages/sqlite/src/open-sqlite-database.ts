import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** An open better-sqlite3 database. */
export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /** Creates the schema (and seeds); runs in one immediate transaction, so concurrent openers serialise. */
  setup: (db: SqliteDatabase) => void;
  /** `FULL` where a committed write must survive a power cut (e.g. a record that an email was sent). */
  synchronous?: 'NORMAL' | 'FULL';
  foreignKeys?: boolean;
  /** Milliseconds a statement waits for another process's lock. Default 10 s. */
  busyTimeoutMs?: number;
}

/** Blocks the thread for `ms`: opening happens once, before the file is used. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Opens (creating it and its directory if needed) a SQLite file that several worker processes
 * share: WAL journal, a busy timeout, and `setup` in an immediate transaction. When several
 * processes open a new file at once, SQLite may answer SQLITE_BUSY without waiting (deadlock
 * avoidance skips the busy handler), so initialisation is retried. `:memory:` works for tests.
 * @example
 * const db = openSqliteDatabase('.data/orchestrator.sqlite', { setup: (db) => db.exec(SCHEMA) });
 */
export function openSqliteDatabase(filename: string, options: OpenSqliteOptions): SqliteDatabase {
  if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const db = new Database(filename);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      if (options.foreignKeys) db.pragma('foreign_keys = ON');
      db.transaction(() => options.setup(db)).immediate();
      return db;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 50) {
        db.close();
        throw error;
      }
      pause(20 * attempt);
    }
  }
}

/**
 * Opens an existing SQLite file for reading only (e.g. a command-line tool reading what workers
 * wrote): no schema, no journal change, and an error if the file does not exist.
 * @example
 * const db = openSqliteReadOnly('.data/orchestrator.sqlite');
 */
export function openSqliteReadOnly(filename: string, options: { busyTimeoutMs?: number } = {}): SqliteDatabase {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  return db;
}
