import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FlowModule, FlowStore } from '@org/orchestrator-activities';
import { flowConfigFromEnv, flowStoreFile } from '@org/orchestrator-activities';
import { openPostgresPurchaseOrderStore } from './postgres-purchase-order-store';
import { openPostgresSupplierDirectory, seedPostgresSupplierDirectory } from './postgres-supplier-directory';
import { createProcurementActivities } from './procurement-activities';
import { PROCUREMENT_ENV, PROCUREMENT_SQLITE_FILE } from './procurement-env';
import { PROCUREMENT_RULES } from './procurement-rules';
import { procurementSettings } from './procurement-settings';
import { PROCUREMENT_SCHEMA } from './procurement-schema';
import { openSqlitePurchaseOrderStore } from './purchase-order-store';
import { openSqliteSupplierDirectory } from './supplier-directory';

/** The supplier directory and the purchase orders: `PROCUREMENT_DB_PATH`, else `procurement.sqlite` in the data folder (or the shared PostgreSQL database). */
export const PROCUREMENT_STORE: FlowStore = { schema: PROCUREMENT_SCHEMA, sqliteFile: PROCUREMENT_SQLITE_FILE, sqlitePath: PROCUREMENT_ENV.procurementDbPath };

/**
 * The procurement flow as the worker installs it: its store (suppliers and purchase orders), its
 * sample suppliers for `orchestrator seed`, and its activities over the store, the worker's blob
 * store (the orders' PDFs) and agent provider, and the offline rules of its agent tasks
 * (`extract_purchase_request`, `read_quote`), and its part of the flow configuration. It shares its purchase orders with the flows
 * installed after it (the invoice flow matches invoices against them). Its workflow half is the
 * procurement `ThreadFlow` (classified threads, so no `route` of its own).
 */
export const procurementFlowModule: FlowModule = {
  name: 'procurement',
  agentRules: PROCUREMENT_RULES,
  settings: procurementSettings,
  stores: [PROCUREMENT_STORE],
  async seed({ url }) {
    return seedPostgresSupplierDirectory(url);
  },
  async open({ env, database, agents, blobs, flows }) {
    // `findSuppliers` without a `max` returns the configured number (a bad setting stops the worker at start).
    const { maxSuppliers } = (flows ?? flowConfigFromEnv(env, [procurementFlowModule])).procurement;
    if (database.kind === 'postgres') {
      // On PostgreSQL the worker (or `orchestrator migrate`) migrates the schema with every store's; `orchestrator seed` loads the samples.
      const suppliers = openPostgresSupplierDirectory(database.url);
      const purchaseOrders = openPostgresPurchaseOrderStore(database.url);
      return {
        activities: createProcurementActivities({ suppliers, purchaseOrders, agents, maxSuppliers, ...(blobs ? { blobStore: blobs } : {}) }),
        description: 'suppliers and purchase orders in the database',
        shares: { purchaseOrders },
        async close() {
          await Promise.all([suppliers.close(), purchaseOrders.close()]);
        },
      };
    }
    const file = flowStoreFile(PROCUREMENT_STORE, env, database.directory);
    mkdirSync(dirname(file), { recursive: true });
    // The SQLite directory seeds the sample suppliers when it creates the file.
    const suppliers = openSqliteSupplierDirectory(file);
    let purchaseOrders;
    try {
      purchaseOrders = openSqlitePurchaseOrderStore(file);
    } catch (error) {
      await suppliers.close();
      throw error;
    }
    return {
      activities: createProcurementActivities({ suppliers, purchaseOrders, agents, maxSuppliers, ...(blobs ? { blobStore: blobs } : {}) }),
      description: `suppliers and purchase orders in ${file}`,
      shares: { purchaseOrders },
      async close() {
        await purchaseOrders.close();
        await suppliers.close();
      },
    };
  },
};
