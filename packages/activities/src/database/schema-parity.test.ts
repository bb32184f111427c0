import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { PgCluster, TableColumns } from '@org/orchestrator-testing';
import { postgresTableColumns, sqliteTableColumns, startPgCluster } from '@org/orchestrator-testing';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import { openSqliteStore } from '../store/sqlite-store';
import { migrateStores } from './migrate-stores';
import { migrateDatabase } from './shared-database';
import { storeDatabasesFromEnv } from './store-locations';

/**
 * Where the one schema definition differs by dialect on purpose: PostgreSQL numbers the ledger with
 * `seq` (SQLite has its rowid). The installed flows' stores are compared in their packages.
 */
const POSTGRES_ONLY: Record<string, string[]> = {
  handled_messages: ['seq'],
};
const SQLITE_ONLY: string[] = [];

describe('the SQLite and PostgreSQL schemas', () => {
  let cluster: PgCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startPgCluster();
    dir = mkdtempSync(join(tmpdir(), 'schema-parity-'));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('have the same tables and columns, but for the documented differences', async () => {
    // What a worker creates in its data folder, store by store.
    const files = { orchestrator: join(dir, 'orchestrator.sqlite') };
    openSqliteStore(files.orchestrator).close();
    await openSqliteThreadIndex(files.orchestrator).close();
    await openSqliteOutboxLedger(files.orchestrator).close();
    // …and what `orchestrator migrate` adds there: the inbox's store.
    const env = { ORCHESTRATOR_DB_PATH: files.orchestrator, OUTBOX_DATABASE_URL: files.orchestrator, INBOX_DATA_DIR: dir };
    await migrateStores(storeDatabasesFromEnv(env));
    const sqlite: TableColumns = {};
    for (const file of [...Object.values(files), join(dir, 'inbox.sqlite')]) {
      const db = openSqliteDatabase(file, { setup: () => undefined });
      Object.assign(sqlite, sqliteTableColumns(db));
      db.close();
    }

    const url = await cluster.createDatabase('parity');
    await migrateDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const postgres = await postgresTableColumns(client);
    await client.end();
    for (const [table, columns] of Object.entries(postgres)) {
      const only = POSTGRES_ONLY[table] ?? [];
      if (only.includes('*')) delete postgres[table];
      else postgres[table] = columns.filter((c) => !only.includes(c)).sort();
    }
    for (const table of SQLITE_ONLY) {
      expect(sqlite).toHaveProperty([table]);
      delete sqlite[table];
    }
    expect(postgres).toEqual(sqlite);
  }, 60_000);
});
