import { join } from 'node:path';
import type { FlowModule } from '@org/orchestrator-activities';
import { createInvoiceActivities } from './invoice-activities';
import { createInvoicePolicyActivities, invoicePolicyFromEnv } from './invoice-policy';
import { INVOICE_RULES } from './invoice-rules';
import { INVOICE_MATCHING_SCHEMA } from './invoice-schema';
import { openPostgresInvoiceStores, openSqliteInvoiceStores } from './open-stores';
import { routeInvoiceMail } from './route-invoice-mail';

/** The SQLite file of the invoice stores, in the worker's data folder. */
export const INVOICE_SQLITE_FILE = 'invoices.sqlite';

/**
 * The supplier invoice flow as the worker installs it: its routing, the rules of its agent tasks,
 * its stores' schema, and its activities over its stores (on the worker's database), procurement's
 * purchase orders and the blob store. Its workflow half is `invoiceFlow` (the root entry).
 */
export const invoiceFlowModule: FlowModule = {
  name: 'invoice',
  // Procurement's purchase orders (shared when it opens) and its approvers (the buyer, in its part of the configuration).
  requires: ['procurement'],
  route: routeInvoiceMail,
  agentRules: INVOICE_RULES,
  stores: [{ schema: INVOICE_MATCHING_SCHEMA, sqliteFile: INVOICE_SQLITE_FILE }],
  async open({ env, database, agents, blobs, purchaseOrders }) {
    // A bad setting stops the worker at start, naming the variable.
    const policy = invoicePolicyFromEnv(env);
    const file = database.kind === 'sqlite' ? join(database.directory, INVOICE_SQLITE_FILE) : undefined;
    // On PostgreSQL the worker (or `orchestrator migrate`) migrates the schema with every store's.
    const stores =
      database.kind === 'sqlite'
        ? openSqliteInvoiceStores(join(database.directory, INVOICE_SQLITE_FILE))
        : await openPostgresInvoiceStores(database.url, { migrate: false });
    return {
      activities: {
        ...createInvoiceActivities({ ...stores, agents, ...(blobs ? { blobs } : {}), ...(purchaseOrders ? { purchaseOrders } : {}) }),
        ...createInvoicePolicyActivities(policy),
      },
      description: file ? `invoices in ${file}` : 'invoices in the database',
      close: () => stores.close(),
    };
  },
};
