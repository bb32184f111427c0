import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratePostgres } from '@org/orchestrator-postgres';
import type { DatabaseKind } from '@org/orchestrator-testing';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import { openPostgresSupplierDirectory, seedPostgresSupplierDirectory } from './postgres-supplier-directory';
import { PROCUREMENT_SCHEMA } from './procurement-schema';
import { SAMPLE_CATEGORIES, SAMPLE_SUPPLIERS } from './seed-suppliers';
import { openSqliteSupplierDirectory } from './supplier-directory';
import type { SqliteSupplierDirectory } from './supplier-directory';

/** Opens the directory as a worker does: SQLite seeds on open; PostgreSQL is migrated, then seeded by the seed command. */
async function openDirectory(kind: DatabaseKind, location: string, { seed = true } = {}): Promise<SqliteSupplierDirectory> {
  if (kind === 'sqlite') return openSqliteSupplierDirectory(location, { seed });
  await migratePostgres(location, [PROCUREMENT_SCHEMA]);
  if (seed) await seedPostgresSupplierDirectory(location);
  return openPostgresSupplierDirectory(location);
}

describe.each(DATABASE_KINDS)('supplier directory on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  let directory: SqliteSupplierDirectory;
  beforeEach(async () => {
    directory = await openDirectory(kind, kind === 'sqlite' ? ':memory:' : await databases.fresh('suppliers'));
  });
  afterEach(() => directory.close());

  it('seeds the sample categories and suppliers', async () => {
    expect((await directory.categories()).map((c) => c.id)).toEqual(SAMPLE_CATEGORIES.map((c) => c.id).sort());
    const suppliers = await directory.list();
    expect(suppliers).toHaveLength(SAMPLE_SUPPLIERS.length);
    expect(suppliers.every((s) => /@[a-z0-9.-]+\.example$/.test(s.email))).toBe(true);
    expect(await directory.get('northwind-it')).toEqual(SAMPLE_SUPPLIERS.find((s) => s.id === 'northwind-it'));
    expect(await directory.get('nobody')).toBeUndefined();
  });

  it('finds suppliers by category keywords, most items covered first', async () => {
    const found = await directory.findSuppliersFor([{ name: 'Laptops' }, { name: '27" monitors' }], { max: 5 });
    // Both cover laptops and monitors; then rating decides. Fabrikam only does monitors.
    expect(found.map((s) => s.id)).toEqual(['northwind-it', 'contoso-computing', 'fabrikam-displays']);
  });

  it('limits the result to max (default 3)', async () => {
    expect(await directory.findSuppliersFor([{ name: 'office chair' }], { max: 1 })).toHaveLength(1);
    expect((await directory.findSuppliersFor([{ name: 'laptop' }, { name: 'monitor' }, { name: 'printer' }])).length).toBe(3);
  });

  it('matches on the name first, the specification only when the name says nothing', async () => {
    const byName = await directory.findSuppliersFor([{ name: 'Ergonomic office chairs', specification: 'with a USB-C dock' }]);
    expect(byName.map((s) => s.id)).toEqual(['ergoseat-office', 'adatum-furnishings']);
    const bySpec = await directory.findSuppliersFor([{ name: 'Microsoft 365 Business', specification: 'annual licence, 20 seats' }]);
    expect(bySpec.map((s) => s.id)).toEqual(['litware-licensing']);
  });

  it('finds nothing for unknown items', async () => {
    expect(await directory.findSuppliersFor([{ name: 'forklift' }])).toEqual([]);
    expect(await directory.findSuppliersFor([])).toEqual([]);
  });

  it('can be edited: new categories and suppliers', async () => {
    await directory.upsertCategory({ id: 'coffee', name: 'Coffee and kitchen', keywords: ['coffee', 'Espresso machine'] });
    await directory.upsertSupplier({ id: 'bean-co', name: 'Bean & Co', email: 'office@bean-co.example', categories: ['coffee'], currency: 'EUR' });
    const found = await directory.findSuppliersFor([{ name: 'Espresso machines' }]);
    expect(found).toEqual([{ id: 'bean-co', name: 'Bean & Co', email: 'office@bean-co.example', categories: ['coffee'], currency: 'EUR' }]);
    await directory.upsertSupplier({ ...found[0], categories: ['coffee', 'stationery'], rating: 5 });
    expect(await directory.get('bean-co')).toMatchObject({ categories: ['coffee', 'stationery'], rating: 5 });
  });

  it('refuses suppliers with unknown categories or ids unfit for workflow ids', async () => {
    const supplier = { id: 'x', name: 'X', email: 'x@x.example', categories: ['rockets'], currency: 'EUR' };
    await expect(directory.upsertSupplier(supplier)).rejects.toThrow('unknown supplier categories: rockets');
    await expect(directory.upsertSupplier({ ...supplier, id: 'a:b', categories: [] })).rejects.toThrow(TypeError);
  });

  it('seeds once: reopening keeps edits and adds no duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suppliers-'));
    const file = kind === 'sqlite' ? join(dir, 'procurement.sqlite') : await databases.fresh('reopen');
    try {
      const first = await openDirectory(kind, file);
      await first.upsertSupplier({ ...SAMPLE_SUPPLIERS[0], email: 'new-sales@northwind-it.example' });
      await first.close();
      const again = await openDirectory(kind, file);
      expect(await again.list()).toHaveLength(SAMPLE_SUPPLIERS.length);
      expect((await again.get(SAMPLE_SUPPLIERS[0].id))!.email).toBe('new-sales@northwind-it.example');
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('can start empty', async () => {
    const empty = await openDirectory(kind, kind === 'sqlite' ? ':memory:' : await databases.fresh('empty'), { seed: false });
    expect(await empty.list()).toEqual([]);
    await empty.close();
  });
});
