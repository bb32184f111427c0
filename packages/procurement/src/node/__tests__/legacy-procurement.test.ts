import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import type { SqliteTableSnapshot } from '@org/orchestrator-testing';
import { sqliteSchemaAndRows, tempDirPerTest } from '@org/orchestrator-testing';
import { openSqlitePurchaseOrderStore } from '../purchase-order-store';
import { openSqliteSupplierDirectory } from '../supplier-directory';

/**
 * `legacy-sqlite/procurement.sqlite` was written by the procurement stores before the migrations
 * (commit c626c49, hand-written `CREATE TABLE IF NOT EXISTS`): the seeded suppliers and PO-2026-000001.
 */
const LEGACY = join(__dirname, 'legacy-sqlite', 'procurement.sqlite');
const AT = new Date('2026-11-20T09:00:00Z');

const inspect = <T>(file: string, read: (db: SqliteDatabase) => T): T => {
  const db = openSqliteDatabase(file, { setup: () => undefined });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

/** Opens both stores on `file`, as the flow module does. */
async function openBoth(file: string): Promise<void> {
  await openSqliteSupplierDirectory(file).close();
  await openSqlitePurchaseOrderStore(file).close();
}

describe('a procurement file written before the migrations', () => {
  const dir = tempDirPerTest('legacy-procurement-');

  it('is adopted: the migration is recorded, nothing is lost, the schema is a new file’s, and order numbers continue', async () => {
    const file = join(dir(), 'procurement.sqlite');
    copyFileSync(LEGACY, file);
    const before = inspect(file, sqliteSchemaAndRows);
    await openBoth(file);

    expect(inspect(file, (db) => db.prepare('SELECT name FROM procurement_schema_migrations').all())).toEqual([{ name: '0001-suppliers-purchase-orders' }]);
    const after = inspect(file, sqliteSchemaAndRows);
    // Same rows as before; only the tables the old code did not create are new (and empty).
    for (const [table, { rows }] of Object.entries(before)) expect(after[table]?.rows).toBe(rows);
    expect(after).toMatchObject({ purchase_order_numbers: { rows: 0 }, purchase_orders: { rows: 1 } });
    const freshFile = join(dir(), 'fresh.sqlite');
    await openBoth(freshFile);
    const schema = (tables: Record<string, SqliteTableSnapshot>) =>
      Object.fromEntries(Object.entries(tables).map(([t, { columns, indexes }]) => [t, { columns, indexes }]));
    expect(schema(after)).toEqual(schema(inspect(freshFile, sqliteSchemaAndRows)));

    const orders = openSqlitePurchaseOrderStore(file, { now: () => AT });
    expect((await orders.findByThread('<req-1@acme.example>'))?.number).toBe('PO-2026-000001');
    const next = await orders.createPurchaseOrder({
      threadId: '<req-2@acme.example>',
      supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
      lines: [{ item: 'Dock', quantity: 1, unitPrice: 100 }],
      total: 100,
      currency: 'EUR',
      requester: 'Jane <jane@acme.example>',
      approvedBy: 'cfo@acme.example',
      deliveryLocation: 'HQ',
      neededBy: '2026-12-15',
    });
    expect(next.number).toBe('PO-2026-000002');
    await orders.close();
  }, 30_000);
});
