import { dirname, join, resolve } from 'node:path';
import type { EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { DEFAULT_ORCHESTRATOR_DB_PATH, SHARED_ENV, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import { THREAD_INDEX_SCHEMA } from '@org/orchestrator-email/postgres';
import type { SchemaHistory } from '@org/orchestrator-postgres';
import { OUTBOUND_ENV } from '../outbound/outbound-env';
import { DEFAULT_OUTBOX_DATABASE } from '../store/open-outbox-ledger';
import { ORCHESTRATOR_SCHEMA } from '../store/orchestrator-schema';
import { OUTBOX_LEDGER_SCHEMA } from '../store/outbox-ledger-schema';
import { INBOX_SCHEMA } from './inbox-schema';
import { STORE_SCHEMAS } from './shared-database';
import type { FlowStore } from '../flows/flow-module';
import { flowStoreFile } from '../flows/flow-module';

/** The worker's SQLite file of the orchestrator store unless `ORCHESTRATOR_DB_PATH` names another (declared with the shared variables). */
export { DEFAULT_ORCHESTRATOR_DB_PATH };
/** The inbox's data folder unless `INBOX_DATA_DIR` names another. */
export const DEFAULT_INBOX_DATA_DIR = '.data/inbox';
/** The SQLite file of the inbox's store inside its data folder. */
export const INBOX_DB_FILE = 'inbox.sqlite';

/**
 * The stores' own locations, declared once (the shared `DATABASE_URL`, `ORCHESTRATOR_DB_PATH` and
 * `THREAD_INDEX_DB_PATH` are `SHARED_ENV`'s; the installed flows declare their own, e.g. `PROCUREMENT_DB_PATH`, `SUPPORT_DB_PATH`):
 * read by the worker, the inbox and `orchestrator migrate`.
 */
export const STORE_ENV = {
  inboxDataDir: defineEnvVariable({
    name: 'INBOX_DATA_DIR',
    schema: envSchemas.text('a directory'),
    default: `\`${DEFAULT_INBOX_DATA_DIR}\``,
    meaning: 'Holds the inbox’s `inbox.sqlite`: sessions and used sign-in links, kept across restarts (unless `DATABASE_URL` is PostgreSQL)',
  }),
} as const;

/** The file a path variable names, resolved against the working directory; `fallback` when unset. */
const path = (env: EnvSource, spec: EnvVariableSpec<string>, fallback: string) => resolve(readEnvVariable(env, spec) ?? fallback);

/** Where a store lives: a SQLite file, or a PostgreSQL database. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** One database and the stores' histories it holds. */
export interface StoreDatabase {
  location: StoreLocation;
  histories: SchemaHistory[];
}

/** The SQLite files of every store, as the worker and the inbox lay them out (absolute paths). */
export interface SqliteStorePaths {
  orchestrator: string;
  threadIndex: string;
  inbox: string;
}

/**
 * Where the worker and the inbox keep their SQLite files, from the variables they read:
 * `ORCHESTRATOR_DB_PATH` (default {@link DEFAULT_ORCHESTRATOR_DB_PATH}; its folder is the data
 * folder), `THREAD_INDEX_DB_PATH` (default: the orchestrator store's file) and the inbox's `<INBOX_DATA_DIR>/inbox.sqlite` (the installed
 * flows' files: see `flowStoreFile`). Relative paths are resolved against the current directory, as the processes do.
 */
export function sqliteStorePaths(env: EnvSource): SqliteStorePaths {
  const orchestrator = path(env, SHARED_ENV.orchestratorDbPath, DEFAULT_ORCHESTRATOR_DB_PATH);
  return {
    orchestrator,
    threadIndex: path(env, SHARED_ENV.threadIndexDbPath, orchestrator),
    inbox: join(path(env, STORE_ENV.inboxDataDir, DEFAULT_INBOX_DATA_DIR), INBOX_DB_FILE),
  };
}

/** The outbox ledger's database: `OUTBOX_DATABASE_URL`, else the shared PostgreSQL database, else the default SQLite file (as `outboundFromEnv`). */
function outboxLocation(env: EnvSource, databaseUrl: string | undefined): StoreLocation {
  const value = readEnvVariable(env, OUTBOUND_ENV.outboxDatabaseUrl) ?? databaseUrl ?? DEFAULT_OUTBOX_DATABASE;
  // As `openOutboxLedger` reads it (isPostgresUrl's type guard would leave nothing for the else branch).
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', file: resolve(value.replace(/^(sqlite|file):(\/\/)?/i, '')) };
}

/**
 * Every store of the worker and the inbox with the database it lives in, grouped by database, in
 * the order they are migrated, the installed flow modules' stores (`flowStores`) last: with
 * `DATABASE_URL=postgres://…` one PostgreSQL database (a flow's `sqliteOnly` store, such as the
 * support desk's knowledge-base index, is left out there), else the SQLite files of
 * {@link sqliteStorePaths} and the flows' files (`flowStoreFile`). The outbox ledger follows `OUTBOX_DATABASE_URL` when set.
 * @throws {EnvVariableError} when `DATABASE_URL` is set but is no PostgreSQL URL.
 * @example
 * storeDatabasesFromEnv({ ORCHESTRATOR_DB_PATH: '/srv/data/orchestrator.sqlite' });
 * // [{ location: { kind: 'sqlite', file: '/srv/data/orchestrator.sqlite' }, histories: [ORCHESTRATOR_SCHEMA, THREAD_INDEX_SCHEMA, OUTBOX_LEDGER_SCHEMA] }, …]
 */
export function storeDatabasesFromEnv(env: EnvSource, flowStores: readonly FlowStore[] = []): StoreDatabase[] {
  const databaseUrl = readEnvVariable(env, SHARED_ENV.databaseUrl);
  const stores: [StoreLocation, SchemaHistory][] = [];
  if (databaseUrl) {
    const shared: StoreLocation = { kind: 'postgres', url: databaseUrl };
    for (const history of STORE_SCHEMAS) stores.push([history === OUTBOX_LEDGER_SCHEMA ? outboxLocation(env, databaseUrl) : shared, history]);
    for (const { schema } of flowStores.filter((s) => !s.sqliteOnly)) stores.push([shared, schema]);
  } else {
    const paths = sqliteStorePaths(env);
    const file = (path: string): StoreLocation => ({ kind: 'sqlite', file: path });
    stores.push(
      [file(paths.orchestrator), ORCHESTRATOR_SCHEMA],
      [file(paths.threadIndex), THREAD_INDEX_SCHEMA],
      [outboxLocation(env, undefined), OUTBOX_LEDGER_SCHEMA],
    );
    stores.push([file(paths.inbox), INBOX_SCHEMA]);
    // The installed flow modules' stores: each its own file in the data folder (or where the flow's variable says).
    for (const store of flowStores) stores.push([file(flowStoreFile(store, env, dirname(paths.orchestrator))), store.schema]);
  }
  const databases = new Map<string, StoreDatabase>();
  for (const [location, history] of stores) {
    const key = location.kind === 'sqlite' ? `sqlite:${location.file}` : `postgres:${location.url}`;
    const database = databases.get(key) ?? { location, histories: [] };
    database.histories.push(history);
    databases.set(key, database);
  }
  return [...databases.values()];
}
