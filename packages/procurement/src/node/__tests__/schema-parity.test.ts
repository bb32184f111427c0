import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { postgresTableColumns, sqliteTableColumns, tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import { PROCUREMENT_SCHEMA } from '../procurement-schema';
import { openSqlitePurchaseOrderStore } from '../purchase-order-store';
import { openSqliteSupplierDirectory } from '../supplier-directory';

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
    const db = openSqliteDatabase(file, { setup: () => undefined });
    const sqlite = sqliteTableColumns(db);
    db.close();

    const url = await databases.fresh('parity');
    await migratePostgres(url, [PROCUREMENT_SCHEMA]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const postgres = await postgresTableColumns(client);
    await client.end();
    expect(Object.keys(sqlite).sort()).toEqual(['purchase_order_numbers', 'purchase_orders', 'supplier_categories', 'supplier_category_links', 'suppliers']);
    expect(postgres).toEqual(sqlite);
  }, 60_000);
});
