import pg from 'pg';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import type { Kysely, SchemaHistory } from './index';
import { PostgresMigrationError, isPostgresUrl, migratePostgres, sql } from './index';

const NOTES: SchemaHistory = {
  store: 'notes',
  migrations: {
    '0001-notes': { up: (db: Kysely<unknown>) => db.schema.createTable('notes').addColumn('id', 'text', (c) => c.primaryKey()).execute() },
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
        '0002-half-done': {
          async up(db: Kysely<unknown>) {
            await db.schema.createTable('half').addColumn('id', 'text').execute();
            await sql`SELECT no_such_function()`.execute(db);
          },
        },
      },
    };
    const attempt = migratePostgres(url, [failing]);
    await expect(attempt).rejects.toBeInstanceOf(PostgresMigrationError);
    await expect(attempt).rejects.toMatchObject({ store: 'notes', migration: '0002-half-done', code: 'POSTGRES_MIGRATION_FAILED' });
    // PostgreSQL DDL is transactional and the pending migrations run in one transaction: all or nothing.
    expect(await tables(url)).toEqual(['notes_schema_migrations', 'notes_schema_migrations_lock']);
    await expect(migratePostgres(url, [NOTES])).resolves.toEqual([{ store: 'notes', applied: ['0001-notes'], newer: [] }]);
    expect(await tables(url)).toEqual(['notes', 'notes_schema_migrations', 'notes_schema_migrations_lock']);
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
