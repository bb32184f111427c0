import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purchaseOrderInput } from './__tests__/fixtures';
import { migratePostgres } from '@org/orchestrator-postgres';
import type { DatabaseKind } from '@org/orchestrator-testing';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import { openPostgresPurchaseOrderStore } from './postgres-purchase-order-store';
import { PROCUREMENT_SCHEMA } from './procurement-schema';
import { PurchaseOrderConflictError, openSqlitePurchaseOrderStore } from './purchase-order-store';
import type { PurchaseOrderStore, SqlitePurchaseOrderStoreOptions } from './purchase-order-store';

/** Opens the store at a test database's location (a PostgreSQL one is migrated first, as the worker does). */
async function openStore(kind: DatabaseKind, location: string, options: SqlitePurchaseOrderStoreOptions = {}): Promise<PurchaseOrderStore> {
  if (kind === 'sqlite') return openSqlitePurchaseOrderStore(location, options);
  await migratePostgres(location, [PROCUREMENT_SCHEMA]);
  return openPostgresPurchaseOrderStore(location, options);
}

describe.each(DATABASE_KINDS)('purchase order store on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  let dir: string;
  let store: PurchaseOrderStore;
  let now: Date;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'po-store-'));
    now = new Date('2026-11-25T10:00:00Z');
    store = await openStore(kind, kind === 'sqlite' ? join(dir, 'nested', 'procurement.sqlite') : await databases.fresh('po'), { now: () => now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a numbered purchase order with computed line amounts', async () => {
    const po = await store.createPurchaseOrder(purchaseOrderInput());
    expect(po).toEqual({
      number: 'PO-2026-000001',
      year: 2026,
      sequence: 1,
      threadId: '<req-1@acme.example>',
      supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
      lines: [
        { item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 10, unit: 'pcs', unitPrice: 1049.5, amount: 10495 },
        { item: 'Monitor Dell P2725H 27"', quantity: 10, unit: null, unitPrice: 249, amount: 2490 },
      ],
      total: 13035,
      currency: 'EUR',
      requester: 'Jane Doe <jane@acme.example>',
      approvedBy: 'cfo@acme.example',
      deliveryLocation: 'Acme HQ, Hauptstr. 1, 10115 Berlin',
      neededBy: '2026-12-15',
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    expect(await store.get('PO-2026-000001')).toEqual(po);
    expect(await store.findByThread('<req-1@acme.example>')).toEqual(po);
  });

  it('returns the same purchase order when a retry asks again for the thread', async () => {
    const first = await store.createPurchaseOrder(purchaseOrderInput());
    now = new Date('2026-11-25T10:05:00Z');
    const retry = await store.createPurchaseOrder(purchaseOrderInput());
    expect(retry).toEqual(first);
    expect(await store.list()).toHaveLength(1);
  });

  it('refuses a second, different purchase order for the same thread', async () => {
    const first = await store.createPurchaseOrder(purchaseOrderInput());
    const other = store.createPurchaseOrder(purchaseOrderInput({ total: 99 }));
    await expect(other).rejects.toThrow(PurchaseOrderConflictError);
    await expect(other).rejects.toMatchObject({ threadId: first.threadId, existing: first });
  });

  it('numbers sequentially per year, restarting at 1 in a new year', async () => {
    const numbers: string[] = [];
    for (const t of ['t1', 't2', 't3']) numbers.push((await store.createPurchaseOrder(purchaseOrderInput({ threadId: t }))).number);
    now = new Date('2027-01-01T00:00:00Z');
    numbers.push((await store.createPurchaseOrder(purchaseOrderInput({ threadId: 't4' }))).number);
    expect(numbers).toEqual(['PO-2026-000001', 'PO-2026-000002', 'PO-2026-000003', 'PO-2027-000001']);
    expect((await store.list(2026)).map((po) => po.threadId)).toEqual(['t1', 't2', 't3']);
  });

  it('keeps purchase orders across reopening the file', async () => {
    const file = await databases.fresh('durable');
    const first = await openStore(kind, file, { now: () => now });
    const po = await first.createPurchaseOrder(purchaseOrderInput());
    await first.close();
    const again = await openStore(kind, file, { now: () => now });
    expect(await again.findByThread(po.threadId)).toEqual(po);
    expect((await again.createPurchaseOrder(purchaseOrderInput({ threadId: 'next' }))).number).toBe('PO-2026-000002');
    await again.close();
  });

  it('refuses invalid input and consumes no number', async () => {
    await expect(store.createPurchaseOrder(purchaseOrderInput({ lines: [] }))).rejects.toThrow('invalid purchase order: no lines');
    await expect(store.createPurchaseOrder(purchaseOrderInput({ currency: 'euro' }))).rejects.toThrow(/currency/);
    await expect(store.createPurchaseOrder(purchaseOrderInput({ lines: [{ item: 'x', quantity: 0, unitPrice: -1 }] }))).rejects.toThrow(
      'line 1: quantity must be positive; line 1: unitPrice must be a non-negative number',
    );
    expect((await store.createPurchaseOrder(purchaseOrderInput())).number).toBe('PO-2026-000001');
  });

  it('returns undefined for unknown numbers and threads', async () => {
    expect(await store.get('PO-2026-000999')).toBeUndefined();
    expect(await store.findByThread('nope')).toBeUndefined();
  });
});

// Several worker processes (on one host with SQLite, on many with PostgreSQL) create purchase orders at the same moment.
describe.each(DATABASE_KINDS)('purchase order store on %s from concurrent processes', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  it('numbers without gaps or duplicates, one order per thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'po-concurrent-'));
    const file = await databases.fresh('concurrent');
    if (kind === 'postgres') await migratePostgres(file, [PROCUREMENT_SCHEMA]);
    const open = kind === 'sqlite' ? 'openSqlitePurchaseOrderStore' : 'openPostgresPurchaseOrderStore';
    const script = `
      const { ${open}: open } = require(${JSON.stringify(join(__dirname, kind === 'sqlite' ? 'purchase-order-store.ts' : 'postgres-purchase-order-store.ts'))});
      const { purchaseOrderInput } = require(${JSON.stringify(join(__dirname, '__tests__', 'fixtures.ts'))});
      while (Date.now() < Number(process.env.START_AT)) {} // all processes open at the same instant
      const store = open(process.env.DB_FILE);
      (async () => {
        // Every process also retries the shared thread, as racing activity attempts would.
        for (let i = 0; i < 10; i++) {
          await store.createPurchaseOrder(purchaseOrderInput({ threadId: 'p' + process.env.WORKER + '-' + i }));
          await store.createPurchaseOrder(purchaseOrderInput({ threadId: 'shared' }));
        }
        await store.close();
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const startAt = String(Date.now() + 3000);
    try {
      const codes = await Promise.all(
        Array.from(
          { length: 6 },
          (_, worker) =>
            new Promise<number | null>((resolve) => {
              const child = spawn('node', ['--import', 'tsx', '--conditions=@org/source', '-e', script], {
                env: { ...process.env, DB_FILE: file, START_AT: startAt, WORKER: String(worker) },
                stdio: 'inherit',
              });
              child.on('exit', resolve);
            }),
        ),
      );
      expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
      const store = await openStore(kind, file);
      const all = await store.list();
      await store.close();
      const year = new Date().getUTCFullYear();
      expect(all).toHaveLength(61);
      expect(all.map((po) => po.sequence)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
      expect(all.every((po) => po.number.startsWith(`PO-${year}-`))).toBe(true);
      expect(all.filter((po) => po.threadId === 'shared')).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
