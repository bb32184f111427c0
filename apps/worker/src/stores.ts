import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ActivityDependencies } from '@org/orchestrator-activities';
import { openPostgresStore, openSqliteStore } from '@org/orchestrator-activities';
import { migrateDatabase } from '@org/orchestrator-activities/database';
import { flowStores } from '@org/orchestrator-installed-flows';
import type { ThreadIndex } from '@org/orchestrator-email';
import { openPostgresThreadIndex } from '@org/orchestrator-email/postgres';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import type { WorkerConfig } from './config';

/** The worker's stores, on SQLite files or on one PostgreSQL database. */
export interface WorkerStores {
  store: ActivityDependencies['store'];
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
 * Opens the worker's own stores named by the configuration (the installed flows open theirs:
 * `openFlowModules`). On PostgreSQL every schema, the flows' too, is migrated first (unless
 * `DATABASE_MIGRATE=off`); several workers starting together migrate once.
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
    const threadIndex = openPostgresThreadIndex(database.url);
    return {
      store,
      threadIndex,
      description: `PostgreSQL ${redacted(database.url)}`,
      async close() {
        await Promise.all([store.close(), threadIndex.close()]);
      },
    };
  }
  for (const file of [config.databasePath, config.threadIndexPath]) {
    mkdirSync(dirname(file), { recursive: true });
  }
  const store = openSqliteStore(config.databasePath);
  // Every Message-ID sent is recorded with its thread, for the ingress to place replies that name only it.
  const threadIndex = openSqliteThreadIndex(config.threadIndexPath);
  return {
    store,
    threadIndex,
    description: `SQLite ${config.databasePath}; thread index: ${config.threadIndexPath}`,
    async close() {
      await threadIndex.close();
      store.close();
    },
  };
}
