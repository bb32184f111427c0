import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration } from 'kysely';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { tempDirPerTest } from '@org/orchestrator-testing';
import type { SchemaHistory } from '../index';
import { SchemaMigrationError, addColumnIfMissing, migrateSqlite, sql } from '../index';

/** A store whose second version differs by dialect, as a full-text index does. */
const NOTES: SchemaHistory = {
  store: 'notes',
  migrations: {
    '0001-notes': {
      statements: (db) => [
        db.schema
          .createTable('notes')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.notNull().primaryKey()),
      ],
    },
    '0002-notes-search': {
      statements: (db, dialect) =>
        dialect === 'sqlite'
          ? [sql`CREATE VIRTUAL TABLE notes_search USING fts5(id UNINDEXED, body)`]
          : [db.schema.alterTable('notes').addColumn('document', sql`tsvector`)],
    },
  },
};

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'notes_search_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe(migrateSqlite, () => {
  let db: Database.Database;
  afterEach(() => db.close()); // before the directory goes (after-hooks run in the order they are declared)
  const dir = tempDirPerTest('migrate-sqlite-');
  beforeEach(() => {
    db = new Database(join(dir(), 'notes.sqlite'));
  });

  it('applies each migration once, in name order, with the statements of its dialect', () => {
    expect(migrateSqlite(db, [NOTES])).toEqual([{ store: 'notes', applied: ['0001-notes', '0002-notes-search'], newer: [] }]);
    expect(migrateSqlite(db, [NOTES])).toEqual([{ store: 'notes', applied: [], newer: [] }]);
    expect(tables(db)).toEqual(['notes', 'notes_schema_migrations', 'notes_search']);
    db.prepare("INSERT INTO notes_search (id, body) VALUES ('n1', 'parcels travel')").run();
    expect(db.prepare("SELECT id FROM notes_search WHERE notes_search MATCH 'parcels'").pluck().all()).toEqual(['n1']);
  });

  it("records what it applied as Kysely's own migrator does, so that migrator finds nothing to do", async () => {
    migrateSqlite(db, [NOTES]);
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(join(dir(), 'notes.sqlite')) }) });
    const never: Migration = {
      up: () => Promise.reject(new Error('must not run again')),
    };
    const migrator = new Migrator({
      db: kysely,
      provider: { getMigrations: async () => ({ '0001-notes': never, '0002-notes-search': never }) },
      migrationTableName: 'notes_schema_migrations',
      migrationLockTableName: 'notes_schema_migrations_lock',
    });
    try {
      expect((await migrator.getMigrations()).map((m) => [m.name, m.executedAt instanceof Date])).toEqual([
        ['0001-notes', true],
        ['0002-notes-search', true],
      ]);
      expect(await migrator.migrateToLatest()).toEqual({ results: [] });
    } finally {
      await kysely.destroy();
    }
  });

  it('applies nothing of a failing batch, and says which migration failed', () => {
    const failing: SchemaHistory = {
      store: 'notes',
      migrations: {
        ...NOTES.migrations,
        '0003-broken': { statements: (d) => [d.schema.createTable('half').addColumn('id', 'text'), sql`SELECT no_such_function()`] },
      },
    };
    let thrown: unknown;
    try {
      migrateSqlite(db, [failing]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SchemaMigrationError);
    expect(thrown).toMatchObject({
      store: 'notes',
      migration: '0003-broken',
      code: 'SCHEMA_MIGRATION_FAILED',
      message: expect.stringMatching(/no such function/),
    });
    // SQLite DDL is transactional: not even the first two migrations stayed.
    expect(tables(db)).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('leaves a file migrated by newer code alone (an older worker during a rolling deploy)', () => {
    migrateSqlite(db, [NOTES]);
    const older: SchemaHistory = { store: 'notes', migrations: { '0001-notes': NOTES.migrations['0001-notes']! } };
    expect(migrateSqlite(db, [older])).toEqual([{ store: 'notes', applied: [], newer: ['0002-notes-search'] }]);
  });

  it('adopts a table created before the migrations, adding only the columns it lacks', () => {
    db.exec("CREATE TABLE notes (id TEXT NOT NULL PRIMARY KEY); INSERT INTO notes VALUES ('kept')");
    const withAuthor: SchemaHistory = {
      store: 'notes',
      migrations: {
        '0001-notes': {
          statements: (d) => [
            d.schema
              .createTable('notes')
              .ifNotExists()
              .addColumn('id', 'text', (c) => c.notNull().primaryKey())
              .addColumn('author', 'text')
              .addColumn('title', 'text'),
            addColumnIfMissing('notes', 'author', 'text'),
            addColumnIfMissing('notes', 'title', 'text'),
          ],
        },
      },
    };
    migrateSqlite(db, [withAuthor]);
    expect(db.prepare('SELECT * FROM notes').all()).toEqual([{ id: 'kept', author: null, title: null }]);
    // On a new file the table has the columns already; adding them again would fail.
    const fresh = new Database(':memory:');
    expect(migrateSqlite(fresh, [withAuthor])[0]?.applied).toEqual(['0001-notes']);
    fresh.close();
  });

  it('refuses a store name that could not be a table name', () => {
    expect(() => migrateSqlite(db, [{ ...NOTES, store: 'notes"; DROP TABLE x; --' }])).toThrow(TypeError);
  });
});
