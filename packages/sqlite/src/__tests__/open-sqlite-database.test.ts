import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, openSqliteReadOnly } from '../open-sqlite-database';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS opened (pid INTEGER PRIMARY KEY)';

describe(openSqliteDatabase, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sqlite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the directory and runs setup once per open, in WAL mode', () => {
    const file = join(dir, 'nested', 'db.sqlite');
    const db = openSqliteDatabase(file, { setup: (d) => d.exec(SCHEMA), synchronous: 'FULL', foreignKeys: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('opens an existing file read-only, and refuses a missing one', () => {
    const file = join(dir, 'db.sqlite');
    openSqliteDatabase(file, { setup: (d) => d.exec(SCHEMA) }).close();
    const db = openSqliteReadOnly(file);
    expect(db.prepare('SELECT COUNT(*) AS n FROM opened').get()).toEqual({ n: 0 });
    expect(() => db.exec('INSERT INTO opened VALUES (1)')).toThrow(/readonly/);
    db.close();
    expect(() => openSqliteReadOnly(join(dir, 'missing.sqlite'))).toThrow();
  });

  it('closes and rethrows when setup fails for another reason than a busy file', () => {
    expect(() => openSqliteDatabase(join(dir, 'db.sqlite'), { setup: (d) => d.exec('NOT SQL') })).toThrow(/syntax error/);
  });

  // Several worker processes open one new database file at the same instant.
  it('opens a fresh file from 6 processes at once without SQLITE_BUSY', async () => {
    const file = join(dir, 'db.sqlite');
    const script = `
      const { openSqliteDatabase } = require(${JSON.stringify(join(__dirname, '..', 'open-sqlite-database.ts'))});
      while (Date.now() < Number(process.env.START_AT)) {} // all processes open at the same instant
      const db = openSqliteDatabase(process.env.DB_FILE, { setup: (d) => d.exec(${JSON.stringify(SCHEMA)}) });
      db.prepare('INSERT INTO opened (pid) VALUES (?)').run(process.pid);
      db.close();`;
    const startAt = String(Date.now() + 3000);
    const codes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<number | null>((resolve) => {
            const child = spawn('node', ['--import', 'tsx', '-e', script], {
              env: { ...process.env, DB_FILE: file, START_AT: startAt },
              stdio: 'inherit',
            });
            child.on('exit', resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const db = openSqliteDatabase(file, { setup: (d) => d.exec(SCHEMA) });
    expect(db.prepare('SELECT count(*) AS n FROM opened').get()).toEqual({ n: 6 });
    db.close();
  }, 60_000);
});
