import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
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

/** Every table with its columns, sorted. */
type Tables = Record<string, string[]>;

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
    const sqlite: Tables = {};
    for (const file of [...Object.values(files), join(dir, 'inbox.sqlite')]) {
      const db = openSqliteDatabase(file, { setup: () => undefined });
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_schema_migrations%'")
        .all() as { name: string }[];
      for (const { name } of tables) sqlite[name] = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name).sort();
      db.close();
    }

    const url = await cluster.createDatabase('parity');
    await migrateDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '%_schema_migrations%'",
    );
    await client.end();
    const postgres: Tables = {};
    for (const row of rows) (postgres[row.table_name] ??= []).push(row.column_name);
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
