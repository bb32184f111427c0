import Database from 'better-sqlite3';

/** Blocks the thread for `ms` (initialisation runs once, before any activity). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Opens `filename` with WAL and a busy timeout (several workers may share the file) and runs `setup`
 * (schema, seed) in one immediate transaction. When several processes open a new file at once,
 * SQLite may answer SQLITE_BUSY without waiting (deadlock avoidance skips the busy handler): retry.
 */
export function openDatabase(filename: string, setup: (db: Database.Database) => void): Database.Database {
  const db = new Database(filename);
  db.pragma('busy_timeout = 10000');
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.transaction(() => setup(db)).immediate();
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
