import { THREAD_INDEX_SCHEMA } from '@org/orchestrator-email/postgres';
import type { MigrationReport, SchemaHistory } from '@org/orchestrator-postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import { PROCUREMENT_SCHEMA, seedPostgresSupplierDirectory } from '@org/orchestrator-procurement/node';
import type { KnowledgeBaseImport, KnowledgeBaseImportOptions } from '@org/orchestrator-support-desk/node';
import { SUPPORT_DESK_SCHEMA, importKnowledgeBase, seedPostgresSupportDesk } from '@org/orchestrator-support-desk/node';
import { ORCHESTRATOR_SCHEMA } from '../store/orchestrator-schema';
import { OUTBOX_LEDGER_SCHEMA } from '../store/outbox-ledger-schema';
import { INBOX_SCHEMA } from './inbox-schema';
import type { FlowStore } from '../flows/flow-module';

/**
 * Every store's schema history on PostgreSQL, in the order they are migrated (on SQLite the
 * knowledge-base index adds its own, see `storeDatabasesFromEnv`). The outbox ledger and the
 * inbox migrate theirs when they open too (the ledger may have a database of its own).
 */
export const STORE_SCHEMAS: readonly SchemaHistory[] = [
  ORCHESTRATOR_SCHEMA,
  THREAD_INDEX_SCHEMA,
  OUTBOX_LEDGER_SCHEMA,
  PROCUREMENT_SCHEMA,
  SUPPORT_DESK_SCHEMA,
  INBOX_SCHEMA,
];

/**
 * Brings every store's schema in the PostgreSQL database at `url` up to date, and the stores of the
 * installed flow modules (`flowStores`): what a worker does at start and `orchestrator migrate` does
 * on demand. Safe when many run at once; never destructive.
 * @example
 * for (const { store, applied } of await migrateDatabase(process.env.DATABASE_URL!)) console.log(store, applied);
 */
export function migrateDatabase(url: string, flowStores: readonly FlowStore[] = []): Promise<MigrationReport[]> {
  return migratePostgres(url, [...STORE_SCHEMAS, ...flowStores.map((s) => s.schema)]);
}

/** What {@link seedDatabase} added (0 everywhere when the samples were there already). */
export interface SeedReport {
  suppliers: number;
  customers: number;
  orders: number;
  /** Knowledge-base articles added or updated from the articles folder. */
  articles: number;
}

/** Options of {@link seedDatabase}. */
export interface SeedOptions {
  /** The knowledge-base articles to load (`*.md`); none when not given. */
  knowledgeBaseDir?: string;
}

/**
 * Loads the sample suppliers, customers, orders and shipments, and the articles of
 * `knowledgeBaseDir`, into the PostgreSQL database at `url` (migrated first). Inserts only what
 * is missing or changed, so edits are kept and running it twice changes nothing. On PostgreSQL the
 * database is the knowledge base's source: workers read it and never index their own folder.
 */
export async function seedDatabase(url: string, options: SeedOptions = {}): Promise<SeedReport> {
  await migrateDatabase(url);
  const { suppliers } = await seedPostgresSupplierDirectory(url);
  const { customers, orders } = await seedPostgresSupportDesk(url);
  const imported = options.knowledgeBaseDir === undefined ? undefined : await importKnowledgeBase(url, options.knowledgeBaseDir);
  return { suppliers, customers, orders, articles: (imported?.added.length ?? 0) + (imported?.updated.length ?? 0) };
}

/**
 * Loads the articles of `dir` into the knowledge base of the PostgreSQL database at `url`
 * (migrated first): what `orchestrator kb import` does. See `importKnowledgeBase`.
 * @example
 * const { added, updated, removed } = await importArticles(process.env.DATABASE_URL!, './articles', { prune: true });
 */
export async function importArticles(url: string, dir: string, options: KnowledgeBaseImportOptions = {}): Promise<KnowledgeBaseImport> {
  await migrateDatabase(url);
  return importKnowledgeBase(url, dir, options);
}
