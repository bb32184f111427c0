import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The support desk's PostgreSQL schema: customers, orders, shipments, tickets (numbered by an
 * identity sequence) and the knowledge-base index (a weighted `tsvector` with a GIN index).
 * Add a migration to change it; never edit one shipped.
 */
export const SUPPORT_DESK_SCHEMA: SchemaHistory = {
  store: 'support_desk',
  migrations: {
    '0001-customers-orders-tickets-knowledge-base': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('customers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('tier', 'text', (c) => c.notNull())
          .execute();
        // Addresses compare case-insensitively, as SQLite's COLLATE NOCASE does.
        await sql`CREATE UNIQUE INDEX customers_by_email ON customers (lower(email))`.execute(db);
        await db.schema
          .createTable('orders')
          .addColumn('number', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
          .addColumn('items', 'text', (c) => c.notNull())
          .addColumn('total_minor', 'bigint', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('placed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('orders_by_customer').on('orders').columns(['customer_id', 'placed_at']).execute();
        await db.schema
          .createTable('shipments')
          .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('order_number', 'text', (c) => c.notNull().references('orders.number'))
          .addColumn('carrier', 'text', (c) => c.notNull())
          .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('estimated_delivery', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('shipments_by_order').on('shipments').column('order_number').execute();
        // Ticket numbers come from this identity's sequence: unique across every worker.
        await db.schema
          .createTable('tickets')
          .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('thread_id', 'text', (c) => c.notNull().unique())
          .addColumn('customer_email', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('assignee', 'text')
          .addColumn('resolution', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('closed_at', 'text')
          .execute();
        await db.schema
          .createTable('kb_articles')
          .addColumn('path', 'text', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('markdown', 'text', (c) => c.notNull())
          .addColumn('document', sql`tsvector`, (c) => c.notNull())
          .execute();
        await sql`CREATE INDEX kb_articles_document ON kb_articles USING gin (document)`.execute(db);
        await db.schema.createIndex('kb_articles_by_id').on('kb_articles').column('id').execute();
      },
    },
  },
};
