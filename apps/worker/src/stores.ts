import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ActivityDependencies } from '@org/orchestrator-activities';
import { openPostgresStore, openSqliteStore } from '@org/orchestrator-activities';
import { migrateDatabase } from '@org/orchestrator-activities/database';
import { flowStores } from '@org/orchestrator-installed-flows';
import type { ThreadIndex } from '@org/orchestrator-email';
import { openPostgresThreadIndex } from '@org/orchestrator-email/postgres';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import {
  openPostgresPurchaseOrderStore,
  openPostgresSupplierDirectory,
  openSqlitePurchaseOrderStore,
  openSqliteSupplierDirectory,
} from '@org/orchestrator-procurement/node';
// config.ts calls require.resolve on this package's package.json to find its bundled articles:
// that locates a folder, it loads no code, so this static import is no lazy-loading conflict.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { openKnowledgeBase, openPostgresKnowledgeBase, openPostgresSupportDesk, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
import type { WorkerConfig } from './config';

/** The worker's stores, on SQLite files or on one PostgreSQL database. */
export interface WorkerStores {
  store: ActivityDependencies['store'];
  procurement: NonNullable<ActivityDependencies['procurement']>;
  support: NonNullable<ActivityDependencies['support']>;
  threadIndex: ThreadIndex;
  /** Where they are, for the start-up line (never a password). */
  description: string;
  close(): Promise<void>;
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens every store named by the configuration. On PostgreSQL the schemas are migrated first
 * (unless `DATABASE_MIGRATE=off`); several workers starting together migrate once. There the
 * knowledge base is read from the database (`KNOWLEDGE_BASE_DIR` is for SQLite and for imports).
 */
export async function openWorkerStores(config: WorkerConfig, log: (line: string) => void): Promise<WorkerStores> {
  const { database } = config;
  if (database.kind === 'postgres') {
    if (database.migrateAtStart) {
      for (const { store, applied, newer } of await migrateDatabase(database.url, flowStores())) {
        if (applied.length > 0) log(`database: ${store} migrated (${applied.join(', ')})`);
        if (newer.length > 0) log(`database: ${store} has migrations newer than this worker (${newer.join(', ')}); left as is`);
      }
    }
    const store = openPostgresStore(database.url);
    const suppliers = openPostgresSupplierDirectory(database.url);
    const purchaseOrders = openPostgresPurchaseOrderStore(database.url);
    const desk = openPostgresSupportDesk(database.url);
    // The database is the knowledge base's source (loaded by `orchestrator seed` / `kb import`): this host's folder is not read.
    const knowledgeBase = openPostgresKnowledgeBase(database.url);
    if ((await knowledgeBase.articles()).length === 0) {
      log('knowledge base: no articles in the database; load them with `orchestrator kb import <folder>` (or `orchestrator seed`)');
    }
    const threadIndex = openPostgresThreadIndex(database.url);
    return {
      store,
      procurement: { suppliers, purchaseOrders },
      support: { desk, knowledgeBase },
      threadIndex,
      description: `PostgreSQL ${redacted(database.url)}`,
      async close() {
        await Promise.all([store.close(), suppliers.close(), purchaseOrders.close(), desk.close(), knowledgeBase.close(), threadIndex.close()]);
      },
    };
  }
  for (const file of [config.databasePath, config.threadIndexPath, config.procurementDatabasePath, config.supportDatabasePath, config.knowledgeIndexPath]) {
    mkdirSync(dirname(file), { recursive: true });
  }
  const store = openSqliteStore(config.databasePath);
  const suppliers = openSqliteSupplierDirectory(config.procurementDatabasePath);
  const purchaseOrders = openSqlitePurchaseOrderStore(config.procurementDatabasePath);
  const desk = openSqliteSupportDesk(config.supportDatabasePath);
  const knowledgeBase = openKnowledgeBase(config.knowledgeBaseDir, { indexFile: config.knowledgeIndexPath });
  // Every Message-ID sent is recorded with its thread, for the ingress to place replies that name only it.
  const threadIndex = openSqliteThreadIndex(config.threadIndexPath);
  return {
    store,
    procurement: { suppliers, purchaseOrders },
    support: { desk, knowledgeBase },
    threadIndex,
    description: `SQLite ${config.databasePath}; thread index: ${config.threadIndexPath}`,
    async close() {
      await threadIndex.close();
      await suppliers.close();
      await purchaseOrders.close();
      desk.close();
      knowledgeBase.close();
      store.close();
    },
  };
}
