import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Blocks the thread for `ms` (initialisation runs once, before any activity). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Opens a SQLite file shared by several worker processes (WAL, busy timeout) and runs `init`
 * (schema, seed) in an immediate transaction. When several processes open a new file at once,
 * SQLite may answer SQLITE_BUSY at once (deadlock avoidance skips the busy handler): retry.
 */
export function openDatabase(filename: string, init: (db: Database.Database) => void): Database.Database {
  if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const db = new Database(filename);
  db.pragma('busy_timeout = 10000');
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      // Purchase orders are commitments to suppliers: survive a power cut, not only a crash.
      db.pragma('synchronous = FULL');
      db.transaction(() => init(db)).immediate();
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
