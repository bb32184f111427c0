import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import { PROCUREMENT_SCHEMA } from '../procurement-schema';
import { openSqlitePurchaseOrderStore } from '../purchase-order-store';
import { openSqliteSupplierDirectory } from '../supplier-directory';

type Tables = Record<string, string[]>;

describe('the procurement store’s SQLite and PostgreSQL schemas', () => {
  const databases = testDatabases('postgres');
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  const dir = tempDirPerTest('procurement-parity-');

  it('have the same tables and columns', async () => {
    // What a worker creates in its data folder.
    const file = join(dir(), 'procurement.sqlite');
    await openSqliteSupplierDirectory(file).close();
    await openSqlitePurchaseOrderStore(file).close();
    const sqlite: Tables = {};
    const db = openSqliteDatabase(file, { setup: () => undefined });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_schema_migrations%'")
      .all() as { name: string }[];
    for (const { name } of tables) sqlite[name] = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name).sort();
    db.close();

    const url = await databases.fresh('parity');
    await migratePostgres(url, [PROCUREMENT_SCHEMA]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '%_schema_migrations%'",
    );
    await client.end();
    const postgres: Tables = {};
    for (const row of rows) (postgres[row.table_name] ??= []).push(row.column_name);
    for (const table of Object.keys(postgres)) postgres[table]!.sort();
    expect(Object.keys(sqlite).sort()).toEqual(['purchase_order_numbers', 'purchase_orders', 'supplier_categories', 'supplier_category_links', 'suppliers']);
    expect(postgres).toEqual(sqlite);
  }, 60_000);
});
