import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster, tempDirPerTest } from '@org/orchestrator-testing';
import type { SchemaHistory } from '../index';
import { migratePostgres, migrateSqlite, postgresMigrationStatus, sqliteMigrationStatus } from '../index';

const V1: SchemaHistory = {
  store: 'notes',
  migrations: { '0001-notes': { statements: (db) => [db.schema.createTable('notes').addColumn('id', 'text', (c) => c.primaryKey())] } },
};
const V2: SchemaHistory = {
  store: 'notes',
  migrations: { ...V1.migrations, '0002-authors': { statements: (db) => [db.schema.createTable('authors').addColumn('id', 'text', (c) => c.primaryKey())] } },
};
const OTHER: SchemaHistory = { store: 'other', migrations: {} };

/** Status before, after v1, as older code sees a v2 database, and after v2: the same on both databases. */
const EXPECTED = {
  before: [
    { store: 'notes', applied: [], pending: ['0001-notes', '0002-authors'], newer: [], destructive: [] },
    { store: 'other', applied: [], pending: [], newer: [], destructive: [] },
  ],
  afterV1: [{ store: 'notes', applied: ['0001-notes'], pending: ['0002-authors'], newer: [], destructive: [] }],
  seenByV1: [{ store: 'notes', applied: ['0001-notes', '0002-authors'], pending: [], newer: ['0002-authors'], destructive: [] }],
};

describe(sqliteMigrationStatus, () => {
  const dir = tempDirPerTest('status-sqlite-');

  it('reads what is applied and pending without writing, on a read-only connection', () => {
    const file = join(dir(), 'notes.sqlite');
    new Database(file).close();
    const readOnly = () => new Database(file, { readonly: true, fileMustExist: true });
    let db = readOnly();
    expect(sqliteMigrationStatus(db, [V2, OTHER])).toEqual(EXPECTED.before);
    db.close();
    db = new Database(file);
    migrateSqlite(db, [V1]);
    db.close();
    db = readOnly();
    expect(sqliteMigrationStatus(db, [V2])).toEqual(EXPECTED.afterV1);
    db.close();
    db = new Database(file);
    migrateSqlite(db, [V2]);
    expect(sqliteMigrationStatus(db, [V1])).toEqual(EXPECTED.seenByV1);
    db.close();
  });
});

describe(postgresMigrationStatus, () => {
  let cluster: PgCluster;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('reads what is applied and pending without writing', async () => {
    const url = await cluster.createDatabase('status');
    expect(await postgresMigrationStatus(url, [V2, OTHER])).toEqual(EXPECTED.before);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows).toEqual([]);
    await client.end();
    await migratePostgres(url, [V1]);
    expect(await postgresMigrationStatus(url, [V2])).toEqual(EXPECTED.afterV1);
    await migratePostgres(url, [V2]);
    expect(await postgresMigrationStatus(url, [V1])).toEqual(EXPECTED.seenByV1);
  }, 60_000);

  it('says where it cannot connect', async () => {
    await expect(postgresMigrationStatus('postgres://nobody@127.0.0.1:1/none', [V1])).rejects.toThrow(/ECONNREFUSED/);
  });
});
