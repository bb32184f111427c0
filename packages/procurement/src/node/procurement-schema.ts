import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';

/**
 * The procurement stores' PostgreSQL schema: the supplier directory and purchase orders with a
 * per-year number counter. Add a migration to change it; never edit one shipped.
 */
export const PROCUREMENT_SCHEMA: SchemaHistory = {
  store: 'procurement',
  migrations: {
    '0001-suppliers-purchase-orders': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('supplier_categories')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('keywords', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('suppliers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('lead_time_days', 'integer')
          .addColumn('rating', 'double precision')
          .execute();
        await db.schema
          .createTable('supplier_category_links')
          .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id').onDelete('cascade'))
          .addColumn('category_id', 'text', (c) => c.notNull().references('supplier_categories.id'))
          .addPrimaryKeyConstraint('supplier_category_links_pk', ['supplier_id', 'category_id'])
          .execute();
        await db.schema
          .createTable('purchase_orders')
          .addColumn('number', 'text', (c) => c.primaryKey())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('sequence', 'integer', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull().unique())
          .addColumn('input', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('purchase_orders_year_sequence', ['year', 'sequence'])
          .execute();
        // One row per year; taking a number locks it, so numbers are unique and gapless across workers.
        await db.schema
          .createTable('purchase_order_numbers')
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('last_sequence', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  },
};
