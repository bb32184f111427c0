import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import type { MigrationReport, SchemaHistory } from '../index';
import { DestructiveMigrationError, SchemaMigrationError, migratePostgres, migrateSqlite, postgresMigrationStatus, sqliteMigrationStatus } from '../index';

const V1: SchemaHistory = {
  store: 'notes',
  migrations: {
    '0001-notes': {
      statements: (db) => [
        db.schema
          .createTable('notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('legacy', 'text'),
      ],
    },
  },
};
/** V1, then an added table, then a migration that drops a column (and the data in it). */
const V3: SchemaHistory = {
  store: 'notes',
  migrations: {
    ...V1.migrations,
    '0002-authors': { statements: (db) => [db.schema.createTable('authors').addColumn('id', 'text', (c) => c.primaryKey())] },
    '0003-drop-legacy': { destructive: true, statements: (db) => [db.schema.alterTable('notes').dropColumn('legacy')] },
  },
};

/** Both databases behind one face: migrate, status, and the rows and columns of `notes`. */
function onDatabase(kind: 'sqlite' | 'postgres', location: string) {
  if (kind === 'sqlite') {
    const db = new Database(location);
    return {
      migrate: async (options?: { allowDestructive?: boolean }): Promise<MigrationReport[]> => migrateSqlite(db, [V3], options),
      status: async () => sqliteMigrationStatus(db, [V3]),
      setUp: async () => {
        migrateSqlite(db, [V1]);
        db.prepare("INSERT INTO notes (id, legacy) VALUES ('n1', 'kept')").run();
      },
      notes: async () => db.prepare('SELECT * FROM notes').all(),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: location });
  const connected = client.connect();
  return {
    migrate: (options?: { allowDestructive?: boolean }) => migratePostgres(location, [V3], options),
    status: () => postgresMigrationStatus(location, [V3]),
    setUp: async () => {
      await migratePostgres(location, [V1]);
      await connected;
      await client.query("INSERT INTO notes (id, legacy) VALUES ('n1', 'kept')");
    },
    notes: async () => (await client.query('SELECT * FROM notes')).rows,
    close: () => client.end(),
  };
}

describe.each(DATABASE_KINDS)('a destructive migration on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);

  it('is listed as such, refused without the flag (nothing of the store applied), and applied with it', async () => {
    const database = onDatabase(kind, await databases.fresh('destructive'));
    try {
      await database.setUp();
      expect(await database.status()).toEqual([
        { store: 'notes', applied: ['0001-notes'], pending: ['0002-authors', '0003-drop-legacy'], newer: [], destructive: ['0003-drop-legacy'] },
      ]);

      const refused = database.migrate();
      await expect(refused).rejects.toBeInstanceOf(DestructiveMigrationError);
      await expect(refused).rejects.toBeInstanceOf(SchemaMigrationError);
      await expect(refused).rejects.toMatchObject({ store: 'notes', migration: '0003-drop-legacy', code: 'DESTRUCTIVE_MIGRATION_REFUSED' });
      await expect(refused).rejects.toThrow(/--allow-destructive/);
      expect((await database.status())[0]?.pending).toEqual(['0002-authors', '0003-drop-legacy']); // not even the harmless 0002
      expect(await database.notes()).toEqual([{ id: 'n1', legacy: 'kept' }]);

      expect(await database.migrate({ allowDestructive: true })).toEqual([{ store: 'notes', applied: ['0002-authors', '0003-drop-legacy'], newer: [] }]);
      expect(await database.notes()).toEqual([{ id: 'n1' }]);
      expect(await database.migrate()).toEqual([{ store: 'notes', applied: [], newer: [] }]); // nothing left to apply or refuse
    } finally {
      await database.close();
    }
  }, 60_000);
});
