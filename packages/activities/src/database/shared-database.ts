import { THREAD_INDEX_SCHEMA } from '@org/orchestrator-email/postgres';
import type { MigrationReport, SchemaHistory } from '@org/orchestrator-postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import { ORCHESTRATOR_SCHEMA } from '../store/orchestrator-schema';
import { OUTBOX_LEDGER_SCHEMA } from '../store/outbox-ledger-schema';
import { INBOX_SCHEMA } from './inbox-schema';
import type { EnvSource } from '@org/orchestrator-contracts';
import type { FlowModule, FlowStore } from '../flows/flow-module';

/**
 * Every store's schema history on PostgreSQL, in the order they are migrated (the installed flows'
 * stores follow, see `migrateDatabase`). The outbox ledger and the
 * inbox migrate theirs when they open too (the ledger may have a database of its own).
 */
export const STORE_SCHEMAS: readonly SchemaHistory[] = [ORCHESTRATOR_SCHEMA, THREAD_INDEX_SCHEMA, OUTBOX_LEDGER_SCHEMA, INBOX_SCHEMA];

/**
 * Brings every store's schema in the PostgreSQL database at `url` up to date, and the stores of the
 * installed flow modules (`flowStores`, but for those kept on SQLite only): what a worker does at
 * start and `orchestrator migrate` does on demand. Safe when many run at once; never destructive.
 * @example
 * for (const { store, applied } of await migrateDatabase(process.env.DATABASE_URL!)) console.log(store, applied);
 */
export function migrateDatabase(url: string, flowStores: readonly FlowStore[] = []): Promise<MigrationReport[]> {
  return migratePostgres(url, [...STORE_SCHEMAS, ...flowStores.filter((s) => !s.sqliteOnly).map((s) => s.schema)]);
}

/** What {@link seedDatabase} added: what each installed flow seeded, by what it is (0 everywhere when the samples were there already). */
export type SeedReport = Readonly<Record<string, number>>;

/** Options of {@link seedDatabase}. */
export interface SeedOptions {
  /** The installed flows (`FLOW_MODULES`): their stores are migrated and seeded too. */
  flowModules?: readonly Pick<FlowModule, 'stores' | 'seed'>[];
  /** Their settings (e.g. the support flow's `KNOWLEDGE_BASE_DIR`). */
  env?: EnvSource;
}

/**
 * Loads each installed flow's samples (procurement's suppliers, the support desk's customers,
 * orders and knowledge-base articles) into the PostgreSQL database at `url` (migrated first).
 * Inserts only what is missing or changed, so edits are kept and running it twice changes nothing.
 * @example
 * await seedDatabase(process.env.DATABASE_URL!, { flowModules: FLOW_MODULES, env: process.env }); // { suppliers: 8, customers: 13, orders: …, articles: … }
 */
export async function seedDatabase(url: string, { flowModules = [], env = {} }: SeedOptions = {}): Promise<SeedReport> {
  await migrateDatabase(
    url,
    flowModules.flatMap((m) => m.stores ?? []),
  );
  const report: Record<string, number> = {};
  for (const module of flowModules) Object.assign(report, await module.seed?.({ url, env }));
  return report;
}
