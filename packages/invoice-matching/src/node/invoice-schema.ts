import type { SchemaHistory } from '@org/orchestrator-postgres';

/**
 * The invoice stores' schema on both databases: goods receipts (one row per receipt id), payments
 * (one row per invoice key: the duplicate-payment guard is this primary key) and the suppliers'
 * confirmed bank accounts. Documents are kept as canonical JSON beside the columns queried.
 * Add a migration to change it; never edit one shipped.
 */
export const INVOICE_MATCHING_SCHEMA: SchemaHistory = {
  store: 'invoice_matching',
  migrations: {
    '0001-receipts-payments-bank-accounts': {
      statements: (db) => [
        db.schema
          .createTable('goods_receipts')
          .ifNotExists()
          .addColumn('receipt_id', 'text', (c) => c.primaryKey())
          .addColumn('po_number', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('source_message_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull()),
        db.schema.createIndex('goods_receipts_po_number').ifNotExists().on('goods_receipts').columns(['po_number', 'received_at']),
        db.schema
          .createTable('invoice_payments')
          .ifNotExists()
          .addColumn('invoice_key', 'text', (c) => c.primaryKey())
          .addColumn('payment_id', 'text', (c) => c.notNull().unique())
          .addColumn('supplier_id', 'text', (c) => c.notNull())
          .addColumn('po_number', 'text')
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('paid_at', 'text', (c) => c.notNull()),
        db.schema.createIndex('invoice_payments_po_number').ifNotExists().on('invoice_payments').columns(['po_number', 'paid_at']),
        db.schema
          .createTable('supplier_bank_accounts')
          .ifNotExists()
          .addColumn('supplier_id', 'text', (c) => c.primaryKey())
          .addColumn('bank_details', 'text', (c) => c.notNull())
          .addColumn('confirmed_by', 'text', (c) => c.notNull())
          .addColumn('confirmed_at', 'text', (c) => c.notNull()),
      ],
    },
  },
};
