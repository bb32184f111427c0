import { migratePostgres, migrateSqlite, openPostgresPool } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { GoodsReceiptStore } from './goods-receipt-store';
import { createGoodsReceiptStore } from './goods-receipt-store';
import { INVOICE_MATCHING_SCHEMA } from './invoice-schema';
import type { InvoicePaymentStore } from './invoice-payment-store';
import { createInvoicePaymentStore } from './invoice-payment-store';
import { postgresRunner, sqliteRunner } from './sql-runner';
import type { SqlRunner } from './sql-runner';
import type { SupplierBankAccountStore } from './supplier-bank-account-store';
import { createSupplierBankAccountStore } from './supplier-bank-account-store';

/** The invoice flow's three stores on one database. */
export interface InvoiceStores {
  receipts: GoodsReceiptStore;
  payments: InvoicePaymentStore;
  bankAccounts: SupplierBankAccountStore;
  close(): Promise<void>;
}

/** Options of the `open…InvoiceStores` functions. */
export interface InvoiceStoresOptions {
  /** The clock for `recordedAt`, `paidAt` and `confirmedAt` (tests pin it). */
  now?: () => Date;
  /** PostgreSQL: migrate the schema first (default); `false` where the worker or `orchestrator migrate` does it. */
  migrate?: boolean;
}

function storesOn(sql: SqlRunner, now: () => Date): InvoiceStores {
  return {
    receipts: createGoodsReceiptStore(sql, now),
    payments: createInvoicePaymentStore(sql, now),
    bankAccounts: createSupplierBankAccountStore(sql, now),
    close: () => sql.close(),
  };
}

/**
 * The invoice stores in a SQLite file (`:memory:` for tests), created and migrated
 * ({@link INVOICE_MATCHING_SCHEMA}) when opened. Payments are money: writes are `synchronous = FULL`.
 * @example
 * const stores = openSqliteInvoiceStores('.data/invoices.sqlite');
 * await stores.receipts.record(receipt, message.messageId);
 */
export function openSqliteInvoiceStores(filename: string, options: InvoiceStoresOptions = {}): InvoiceStores {
  const db = openSqliteDatabase(filename, { setup: (d) => void migrateSqlite(d, [INVOICE_MATCHING_SCHEMA]), synchronous: 'FULL' });
  return storesOn(sqliteRunner(db), options.now ?? (() => new Date()));
}

/**
 * The invoice stores in PostgreSQL, shared by workers on any number of hosts; the schema is
 * migrated first (a no-op when the worker's `orchestrator migrate` already did).
 * @example
 * const stores = await openPostgresInvoiceStores(process.env.DATABASE_URL!);
 */
export async function openPostgresInvoiceStores(url: string, options: InvoiceStoresOptions = {}): Promise<InvoiceStores> {
  if (options.migrate !== false) await migratePostgres(url, [INVOICE_MATCHING_SCHEMA]);
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-invoice-matching' });
  return storesOn(postgresRunner(pool), options.now ?? (() => new Date()));
}
