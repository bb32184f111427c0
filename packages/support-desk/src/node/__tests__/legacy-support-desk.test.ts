import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteTableSnapshot } from '@org/orchestrator-testing';
import { sqliteSchemaAndRows, tempDirPerTest } from '@org/orchestrator-testing';
import { openSqliteSupportDesk } from '../support-desk-store';

/**
 * `legacy-sqlite/support.sqlite` was written by the support desk before the migrations (commit
 * c626c49, hand-written `CREATE TABLE IF NOT EXISTS`): the seeded customers and ticket T-000001.
 */
const LEGACY = join(__dirname, 'legacy-sqlite', 'support.sqlite');
const AT = new Date('2026-11-20T09:00:00Z');

const inspect = <T>(file: string, read: (db: SqliteDatabase) => T): T => {
  const db = openSqliteDatabase(file, { setup: () => undefined });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

describe('a support desk file written before the migrations', () => {
  const dir = tempDirPerTest('legacy-support-');

  it('is adopted: the migration is recorded, nothing is lost, the schema is a new file’s, and ticket numbers continue', () => {
    const file = join(dir(), 'support.sqlite');
    copyFileSync(LEGACY, file);
    const before = inspect(file, sqliteSchemaAndRows);
    const desk = openSqliteSupportDesk(file, { now: () => AT });
    expect(desk.ticketForThread('<t1@legacy.example>')?.id).toBe('T-000001');
    expect(desk.createTicket({ threadId: '<t2@legacy.example>', customerEmail: 'emma.jones@mail.example', subject: 'Refund', reason: 'refund' }).id).toBe(
      'T-000002',
    );
    expect(desk.findCustomerByEmail('EMMA.JONES@mail.example')?.email).toBe('emma.jones@mail.example'); // still NOCASE
    desk.close();

    expect(inspect(file, (db) => db.prepare('SELECT name FROM support_desk_schema_migrations').all())).toEqual([
      { name: '0001-customers-orders-tickets-knowledge-base' },
    ]);
    const after = inspect(file, sqliteSchemaAndRows);
    for (const [table, { rows }] of Object.entries(before)) expect(after[table]?.rows).toBe(table === 'tickets' ? rows + 1 : rows);
    const freshFile = join(dir(), 'fresh.sqlite');
    openSqliteSupportDesk(freshFile).close();
    const columns = (tables: Record<string, SqliteTableSnapshot>) => Object.fromEntries(Object.entries(tables).map(([t, { columns }]) => [t, columns]));
    expect(columns(after)).toEqual(columns(inspect(freshFile, sqliteSchemaAndRows)));
  });
});
