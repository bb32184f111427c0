import type { SchemaHistory } from '@org/orchestrator-postgres';

/**
 * The procurement stores' schema on both databases: the supplier directory and purchase orders
 * with a per-year number counter (used on PostgreSQL; SQLite numbers inside its one-writer
 * transaction). The supplier directory and the purchase orders share one file or database, so
 * opening either migrates both. Add a migration to change it; never edit one shipped.
 */
export const PROCUREMENT_SCHEMA: SchemaHistory = {
  store: 'procurement',
  migrations: {
    '0001-suppliers-purchase-orders': {
      statements: (db, dialect) => [
        db.schema
          .createTable('supplier_categories')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('keywords', 'text', (c) => c.notNull()),
        db.schema
          .createTable('suppliers')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('lead_time_days', 'integer')
          .addColumn('rating', dialect === 'postgres' ? 'double precision' : 'real'),
        db.schema
          .createTable('supplier_category_links')
          .ifNotExists()
          .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id').onDelete('cascade'))
          .addColumn('category_id', 'text', (c) => c.notNull().references('supplier_categories.id'))
          .addPrimaryKeyConstraint('supplier_category_links_pk', ['supplier_id', 'category_id']),
        db.schema
          .createTable('purchase_orders')
          .ifNotExists()
          .addColumn('number', 'text', (c) => c.primaryKey())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('sequence', 'integer', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull().unique())
          .addColumn('input', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('purchase_orders_year_sequence', ['year', 'sequence']),
        // One row per year; taking a number locks it, so numbers are unique and gapless across workers.
        db.schema
          .createTable('purchase_order_numbers')
          .ifNotExists()
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('last_sequence', 'integer', (c) => c.notNull()),
      ],
    },
  },
};
