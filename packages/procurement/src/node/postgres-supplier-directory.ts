import type pg from 'pg';
import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import type { Supplier } from '../types';
import { rankSuppliers } from './rank-suppliers';
import type { SupplierCategory } from './seed-suppliers';
import { SAMPLE_CATEGORIES, SAMPLE_SUPPLIERS } from './seed-suppliers';
import type { SqliteSupplierDirectory } from './supplier-directory';
import { DEFAULT_MAX_SUPPLIERS } from './supplier-directory';

interface SupplierRow {
  id: string;
  name: string;
  email: string;
  currency: string;
  lead_time_days: number | null;
  rating: number | null;
  categories: string[] | null;
}

const SELECT_SUPPLIERS = `
  SELECT s.*, (SELECT array_agg(category_id ORDER BY category_id) FROM supplier_category_links WHERE supplier_id = s.id) AS categories
  FROM suppliers s`;

function supplierOf(row: SupplierRow): Supplier {
  const supplier: Supplier = { id: row.id, name: row.name, email: row.email, categories: row.categories ?? [], currency: row.currency };
  if (row.lead_time_days !== null) supplier.leadTimeDays = row.lead_time_days;
  if (row.rating !== null) supplier.rating = row.rating;
  return supplier;
}

async function writeSupplier(client: pg.PoolClient, s: Supplier, onConflict: 'nothing' | 'update'): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO suppliers (id, name, email, currency, lead_time_days, rating) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO ${onConflict === 'nothing' ? 'NOTHING' : 'UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, currency = EXCLUDED.currency, lead_time_days = EXCLUDED.lead_time_days, rating = EXCLUDED.rating'}`,
    [s.id, s.name, s.email, s.currency.toUpperCase(), s.leadTimeDays ?? null, s.rating ?? null],
  );
  return rowCount === 1;
}

async function linkCategories(client: pg.PoolClient, s: Supplier): Promise<void> {
  for (const category of s.categories) {
    await client.query('INSERT INTO supplier_category_links (supplier_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [s.id, category]);
  }
}

/**
 * Loads the sample categories and suppliers into the PostgreSQL directory at `url` (migrated
 * first). Inserts only what is missing, so running it again, or from several hosts, keeps edits.
 * Returns how many suppliers it added.
 */
export async function seedPostgresSupplierDirectory(url: string): Promise<{ suppliers: number }> {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-seed', max: 1 });
  try {
    return await inTransaction(pool, async (client) => {
      for (const c of SAMPLE_CATEGORIES) {
        await client.query('INSERT INTO supplier_categories (id, name, keywords) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
          c.id,
          c.name,
          JSON.stringify(c.keywords),
        ]);
      }
      let suppliers = 0;
      for (const s of SAMPLE_SUPPLIERS) {
        if (await writeSupplier(client, s, 'nothing')) {
          await linkCategories(client, s);
          suppliers++;
        }
      }
      return { suppliers };
    });
  } finally {
    await pool.end();
  }
}

/**
 * The supplier directory in PostgreSQL ({@link PROCUREMENT_SCHEMA}, migrated first; seed it with
 * {@link seedPostgresSupplierDirectory}). Same contract as {@link openSqliteSupplierDirectory}.
 * @example
 * const directory = openPostgresSupplierDirectory(process.env.DATABASE_URL!);
 */
export function openPostgresSupplierDirectory(url: string): SqliteSupplierDirectory {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-suppliers' });
  const list = async () => (await pool.query<SupplierRow>(`${SELECT_SUPPLIERS} ORDER BY s.id`)).rows.map(supplierOf);
  const categories = async (): Promise<SupplierCategory[]> =>
    (await pool.query<{ id: string; name: string; keywords: string }>('SELECT * FROM supplier_categories ORDER BY id')).rows.map((r) => ({
      id: r.id,
      name: r.name,
      keywords: JSON.parse(r.keywords) as string[],
    }));

  return {
    async findSuppliersFor(items, { max = DEFAULT_MAX_SUPPLIERS } = {}) {
      return rankSuppliers(await categories(), await list(), items, max);
    },
    async get(id) {
      const { rows } = await pool.query<SupplierRow>(`${SELECT_SUPPLIERS} WHERE s.id = $1`, [id]);
      return rows[0] ? supplierOf(rows[0]) : undefined;
    },
    list,
    categories,
    async upsertCategory(category) {
      await pool.query(
        'INSERT INTO supplier_categories (id, name, keywords) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, keywords = EXCLUDED.keywords',
        [category.id, category.name, JSON.stringify(category.keywords.map((k) => k.toLowerCase()))],
      );
    },
    async upsertSupplier(supplier) {
      // The id ends the RFQ workflow id (`rfq:<thread>:<supplier>`).
      if (!/^[^\s:]+$/.test(supplier.id)) throw new TypeError(`supplier id must be non-empty without spaces or ":": ${supplier.id}`);
      await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: string }>('SELECT id FROM supplier_categories WHERE id = ANY($1::text[])', [supplier.categories]);
        const known = new Set(rows.map((r) => r.id));
        const unknown = supplier.categories.filter((c) => !known.has(c));
        if (unknown.length > 0) throw new TypeError(`unknown supplier categories: ${unknown.join(', ')}`);
        await writeSupplier(client, supplier, 'update');
        await client.query('DELETE FROM supplier_category_links WHERE supplier_id = $1', [supplier.id]);
        await linkCategories(client, supplier);
      });
    },
    async close() {
      await pool.end();
    },
  };
}
