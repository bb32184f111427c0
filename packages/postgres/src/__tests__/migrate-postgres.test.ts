import pg from 'pg';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import type { SchemaHistory } from '../index';
import { PostgresMigrationError, SchemaMigrationError, addColumnIfMissing, isPostgresUrl, migratePostgres, sql } from '../index';

const NOTES: SchemaHistory = {
  store: 'notes',
  migrations: {
    '0001-notes': { statements: (db) => [db.schema.createTable('notes').addColumn('id', 'text', (c) => c.primaryKey())] },
  },
};

describe(migratePostgres, () => {
  let cluster: PgCluster;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  const tables = async (url: string): Promise<string[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    await client.end();
    return rows.map((r) => r.tablename);
  };

  it('applies nothing of a batch with a failing migration, and says which failed', async () => {
    const url = await cluster.createDatabase('failing');
    const failing: SchemaHistory = {
      store: 'notes',
      migrations: {
        ...NOTES.migrations,
        '0002-half-done': { statements: (db) => [db.schema.createTable('half').addColumn('id', 'text'), sql`SELECT no_such_function()`] },
      },
    };
    const attempt = migratePostgres(url, [failing]);
    await expect(attempt).rejects.toBeInstanceOf(PostgresMigrationError);
    await expect(attempt).rejects.toBeInstanceOf(SchemaMigrationError);
    await expect(attempt).rejects.toMatchObject({ store: 'notes', migration: '0002-half-done', code: 'POSTGRES_MIGRATION_FAILED' });
    // PostgreSQL DDL is transactional and the pending migrations run in one transaction: all or nothing.
    expect(await tables(url)).toEqual(['notes_schema_migrations', 'notes_schema_migrations_lock']);
    await expect(migratePostgres(url, [NOTES])).resolves.toEqual([{ store: 'notes', applied: ['0001-notes'], newer: [] }]);
    expect(await tables(url)).toEqual(['notes', 'notes_schema_migrations', 'notes_schema_migrations_lock']);
  }, 60_000);

  it('runs the statements of its dialect, and adds a column only when it is missing', async () => {
    const url = await cluster.createDatabase('dialect');
    const search: SchemaHistory = {
      store: 'notes',
      migrations: {
        ...NOTES.migrations,
        '0002-search': {
          statements: (db, dialect) => [
            dialect === 'postgres'
              ? db.schema.alterTable('notes').addColumn('document', sql`tsvector`)
              : sql`CREATE VIRTUAL TABLE notes_search USING fts5(body)`,
            addColumnIfMissing('notes', 'document', sql`tsvector`),
            addColumnIfMissing('notes', 'author', 'text'),
          ],
        },
      },
    };
    await expect(migratePostgres(url, [search])).resolves.toEqual([{ store: 'notes', applied: ['0001-notes', '0002-search'], newer: [] }]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'notes' ORDER BY column_name",
    );
    await client.end();
    expect(rows).toEqual([
      { column_name: 'author', data_type: 'text' },
      { column_name: 'document', data_type: 'tsvector' },
      { column_name: 'id', data_type: 'text' },
    ]);
  }, 60_000);

  it('refuses a store name that could not be a table name', async () => {
    await expect(migratePostgres(await cluster.createDatabase('names'), [{ ...NOTES, store: 'notes"; DROP TABLE x; --' }])).rejects.toThrow(TypeError);
  }, 30_000);
});

describe(isPostgresUrl, () => {
  it.each([
    ['postgres://u:p@db:5432/orchestrator', true],
    ['POSTGRESQL://db/orchestrator', true],
    ['  postgres://db/x  ', true],
    ['.data/orchestrator.sqlite', false],
    ['sqlite:.data/x.sqlite', false],
    ['mysql://db/x', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (url, expected) => {
    expect(isPostgresUrl(url)).toBe(expected);
  });
});
