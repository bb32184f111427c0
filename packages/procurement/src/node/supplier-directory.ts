import type Database from 'better-sqlite3';
import type { Supplier } from '../types';
import { SAMPLE_CATEGORIES, SAMPLE_SUPPLIERS } from './seed-suppliers';
import type { SupplierCategory } from './seed-suppliers';
import { openDatabase } from './sqlite';
import { rankSuppliers } from './rank-suppliers';

/** What a requested item is matched on. */
export interface SupplierQueryItem {
  name: string;
  specification?: string | null;
}

/**
 * Where the procurement flow finds suppliers. The SQLite directory ({@link openSqliteSupplierDirectory})
 * is a starting point; a team with an ERP or vendor master implements this interface instead.
 */
export interface SupplierDirectory {
  /**
   * Suppliers whose categories match the items, best first: most items covered, then rating
   * (highest first), lead time (shortest first), id. Only suppliers covering at least one item.
   */
  findSuppliersFor(items: SupplierQueryItem[], options?: { max?: number }): Promise<Supplier[]>;
  get(id: string): Promise<Supplier | undefined>;
}

/** The SQLite {@link SupplierDirectory}, which can also be edited. */
export interface SqliteSupplierDirectory extends SupplierDirectory {
  /** Every supplier, by id. */
  list(): Promise<Supplier[]>;
  /** Every category with its keywords, by id. */
  categories(): Promise<SupplierCategory[]>;
  /** Adds or replaces a category. */
  upsertCategory(category: SupplierCategory): Promise<void>;
  /** Adds or replaces a supplier; its categories must exist. */
  upsertSupplier(supplier: Supplier): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openSqliteSupplierDirectory}. */
export interface SqliteSupplierDirectoryOptions {
  /** Seed {@link SAMPLE_CATEGORIES} and {@link SAMPLE_SUPPLIERS} when missing (default true). */
  seed?: boolean;
}

/** How many suppliers {@link SupplierDirectory.findSuppliersFor} returns when no `max` is given. */
export const DEFAULT_MAX_SUPPLIERS = 3;

interface SupplierRow {
  id: string;
  name: string;
  email: string;
  currency: string;
  lead_time_days: number | null;
  rating: number | null;
  categories: string | null;
}

const SELECT_SUPPLIERS = `
  SELECT s.*, (SELECT group_concat(category_id, ' ') FROM
    (SELECT category_id FROM supplier_category_links WHERE supplier_id = s.id ORDER BY category_id)) AS categories
  FROM suppliers s`;

function supplierOf(row: SupplierRow): Supplier {
  const supplier: Supplier = {
    id: row.id,
    name: row.name,
    email: row.email,
    categories: row.categories ? row.categories.split(' ') : [],
    currency: row.currency,
  };
  if (row.lead_time_days !== null) supplier.leadTimeDays = row.lead_time_days;
  if (row.rating !== null) supplier.rating = row.rating;
  return supplier;
}

/**
 * A supplier directory in a SQLite file (`:memory:` for tests), created when missing and seeded
 * with sample categories and suppliers. Seeding inserts only what is missing, so opening the file
 * again (or from several workers) changes nothing, and edits to seeded rows are kept.
 * @example
 * const directory = openSqliteSupplierDirectory('.data/procurement.sqlite');
 * const suppliers = await directory.findSuppliersFor([{ name: 'Laptops', specification: '16 GB RAM' }]);
 */
export function openSqliteSupplierDirectory(filename: string, options: SqliteSupplierDirectoryOptions = {}): SqliteSupplierDirectory {
  const db = openDatabase(filename, (db) => {
    if (options.seed === false) return;
    const category = db.prepare('INSERT OR IGNORE INTO supplier_categories (id, name, keywords) VALUES (?, ?, ?)');
    for (const c of SAMPLE_CATEGORIES) category.run(c.id, c.name, JSON.stringify(c.keywords));
    for (const s of SAMPLE_SUPPLIERS) {
      const { changes } = insertSupplier(db, 'INSERT OR IGNORE', s);
      if (changes > 0) linkCategories(db, s);
    }
  });
  db.pragma('foreign_keys = ON');

  const selectAll = db.prepare<[], SupplierRow>(`${SELECT_SUPPLIERS} ORDER BY s.id`);
  const selectOne = db.prepare<[string], SupplierRow>(`${SELECT_SUPPLIERS} WHERE s.id = ?`);
  const selectCategories = db.prepare<[], { id: string; name: string; keywords: string }>('SELECT * FROM supplier_categories ORDER BY id');
  const categories = (): SupplierCategory[] => selectCategories.all().map((r) => ({ id: r.id, name: r.name, keywords: JSON.parse(r.keywords) as string[] }));

  const upsertSupplier = db.transaction((supplier: Supplier) => {
    // The id ends the RFQ workflow id (`rfq:<thread>:<supplier>`).
    if (!/^[^\s:]+$/.test(supplier.id)) throw new TypeError(`supplier id must be non-empty without spaces or ":": ${supplier.id}`);
    const known = new Set(categories().map((c) => c.id));
    const unknown = supplier.categories.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new TypeError(`unknown supplier categories: ${unknown.join(', ')}`);
    insertSupplier(db, 'INSERT OR REPLACE', supplier);
    db.prepare('DELETE FROM supplier_category_links WHERE supplier_id = ?').run(supplier.id);
    linkCategories(db, supplier);
  });

  return {
    async findSuppliersFor(items, { max = DEFAULT_MAX_SUPPLIERS } = {}) {
      return rankSuppliers(categories(), selectAll.all().map(supplierOf), items, max);
    },
    async get(id) {
      const row = selectOne.get(id);
      return row ? supplierOf(row) : undefined;
    },
    async list() {
      return selectAll.all().map(supplierOf);
    },
    async categories() {
      return categories();
    },
    async upsertCategory(category) {
      db.prepare(
        `INSERT INTO supplier_categories (id, name, keywords) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, keywords = excluded.keywords`,
      ).run(category.id, category.name, JSON.stringify(category.keywords.map((k) => k.toLowerCase())));
    },
    async upsertSupplier(supplier) {
      upsertSupplier.immediate(supplier);
    },
    async close() {
      db.close();
    },
  };
}

function insertSupplier(db: Database.Database, verb: 'INSERT OR IGNORE' | 'INSERT OR REPLACE', s: Supplier): Database.RunResult {
  return db
    .prepare(`${verb} INTO suppliers (id, name, email, currency, lead_time_days, rating) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(s.id, s.name, s.email, s.currency.toUpperCase(), s.leadTimeDays ?? null, s.rating ?? null);
}

function linkCategories(db: Database.Database, s: Supplier): void {
  const link = db.prepare('INSERT OR IGNORE INTO supplier_category_links (supplier_id, category_id) VALUES (?, ?)');
  for (const category of s.categories) link.run(s.id, category);
}
