import type { SchemaHistory, SchemaStatement } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The support desk's schema on both databases: customers, orders, shipments and tickets. Ticket
 * numbers come from `AUTOINCREMENT` on SQLite and an identity's sequence on PostgreSQL (unique
 * across every worker). On PostgreSQL the knowledge-base articles live here too, searched by a
 * weighted `tsvector` with a GIN index; SQLite indexes the articles folder with FTS5 in a file of
 * its own (see `openKnowledgeBase`). Add a migration to change it; never edit one shipped.
 */
export const SUPPORT_DESK_SCHEMA: SchemaHistory = {
  store: 'support_desk',
  migrations: {
    '0001-customers-orders-tickets-knowledge-base': {
      statements: (db, dialect) => {
        const postgres = dialect === 'postgres';
        // A generated number: an identity's sequence on PostgreSQL, a rowid that is never reused on SQLite.
        const serial = postgres ? 'bigint' : 'integer';
        const statements: SchemaStatement[] = [
          db.schema
            .createTable('customers')
            .ifNotExists()
            .addColumn('id', 'text', (c) => c.primaryKey())
            // Addresses compare case-insensitively: NOCASE on SQLite, a unique index on lower(email) on PostgreSQL.
            .addColumn('email', 'text', (c) =>
              postgres
                ? c.notNull()
                : c
                    .notNull()
                    .unique()
                    .modifyEnd(sql`collate nocase`),
            )
            .addColumn('name', 'text', (c) => c.notNull())
            .addColumn('tier', 'text', (c) => c.notNull()),
        ];
        if (postgres) statements.push(sql`CREATE UNIQUE INDEX IF NOT EXISTS customers_by_email ON customers (lower(email))`);
        statements.push(
          db.schema
            .createTable('orders')
            .ifNotExists()
            .addColumn('number', 'text', (c) => c.primaryKey())
            .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
            .addColumn('items', 'text', (c) => c.notNull())
            .addColumn('total_minor', postgres ? 'bigint' : 'integer', (c) => c.notNull())
            .addColumn('currency', 'text', (c) => c.notNull())
            .addColumn('status', 'text', (c) => c.notNull())
            .addColumn('placed_at', 'text', (c) => c.notNull()),
          db.schema.createIndex('orders_by_customer').ifNotExists().on('orders').columns(['customer_id', 'placed_at']),
          db.schema
            .createTable('shipments')
            .ifNotExists()
            .addColumn('id', serial, (c) => (postgres ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement()))
            .addColumn('order_number', 'text', (c) => c.notNull().references('orders.number'))
            .addColumn('carrier', 'text', (c) => c.notNull())
            .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
            .addColumn('status', 'text', (c) => c.notNull())
            .addColumn('estimated_delivery', 'text')
            .addColumn('updated_at', 'text', (c) => c.notNull()),
          db.schema.createIndex('shipments_by_order').ifNotExists().on('shipments').column('order_number'),
          db.schema
            .createTable('tickets')
            .ifNotExists()
            .addColumn('seq', serial, (c) => (postgres ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement()))
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
            .addColumn('closed_at', 'text'),
        );
        if (postgres) {
          statements.push(
            db.schema
              .createTable('kb_articles')
              .ifNotExists()
              .addColumn('path', 'text', (c) => c.primaryKey())
              .addColumn('hash', 'text', (c) => c.notNull())
              .addColumn('id', 'text', (c) => c.notNull())
              .addColumn('title', 'text', (c) => c.notNull())
              .addColumn('tags', 'text', (c) => c.notNull())
              .addColumn('body', 'text', (c) => c.notNull())
              .addColumn('markdown', 'text', (c) => c.notNull())
              .addColumn('document', sql`tsvector`, (c) => c.notNull()),
            sql`CREATE INDEX IF NOT EXISTS kb_articles_document ON kb_articles USING gin (document)`,
            db.schema.createIndex('kb_articles_by_id').ifNotExists().on('kb_articles').column('id'),
          );
        }
        return statements;
      },
    },
  },
};
