import { dirname, join, resolve } from 'node:path';
import { THREAD_INDEX_SCHEMA } from '@org/orchestrator-email/postgres';
import type { SchemaHistory } from '@org/orchestrator-postgres';
import { isPostgresUrl } from '@org/orchestrator-postgres';
import { PROCUREMENT_SCHEMA } from '@org/orchestrator-procurement/node';
import { KNOWLEDGE_INDEX_SCHEMA, SUPPORT_DESK_SCHEMA } from '@org/orchestrator-support-desk/node';
import { DEFAULT_OUTBOX_DATABASE } from '../store/open-outbox-ledger';
import { ORCHESTRATOR_SCHEMA } from '../store/orchestrator-schema';
import { OUTBOX_LEDGER_SCHEMA } from '../store/outbox-ledger-schema';
import { INBOX_SCHEMA } from './inbox-schema';
import { STORE_SCHEMAS } from './shared-database';

/** The worker's SQLite file of the orchestrator store unless `ORCHESTRATOR_DB_PATH` names another; its folder is the data folder. */
export const DEFAULT_ORCHESTRATOR_DB_PATH = '.data/orchestrator.sqlite';
/** The inbox's data folder unless `INBOX_DATA_DIR` names another. */
export const DEFAULT_INBOX_DATA_DIR = '.data/inbox';
/** The SQLite file of the inbox's store inside its data folder. */
export const INBOX_DB_FILE = 'inbox.sqlite';

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
  procurement: string;
  support: string;
  knowledgeIndex: string;
  inbox: string;
}

/**
 * Where the worker and the inbox keep their SQLite files, from the variables they read:
 * `ORCHESTRATOR_DB_PATH` (default {@link DEFAULT_ORCHESTRATOR_DB_PATH}; its folder is the data
 * folder), `THREAD_INDEX_DB_PATH` (default: the orchestrator store's file), `PROCUREMENT_DB_PATH`
 * (default `<data>/procurement.sqlite`), `SUPPORT_DB_PATH` (default `<data>/support.sqlite`), the
 * knowledge-base index `<data>/knowledge-index.sqlite`, and the inbox's `<INBOX_DATA_DIR>/inbox.sqlite`.
 * Relative paths are resolved against the current directory, as the processes do.
 */
export function sqliteStorePaths(env: NodeJS.ProcessEnv): SqliteStorePaths {
  const orchestrator = resolve(env['ORCHESTRATOR_DB_PATH']?.trim() || DEFAULT_ORCHESTRATOR_DB_PATH);
  const dataDir = dirname(orchestrator);
  return {
    orchestrator,
    threadIndex: resolve(env['THREAD_INDEX_DB_PATH']?.trim() || orchestrator),
    procurement: resolve(env['PROCUREMENT_DB_PATH']?.trim() || join(dataDir, 'procurement.sqlite')),
    support: resolve(env['SUPPORT_DB_PATH']?.trim() || join(dataDir, 'support.sqlite')),
    knowledgeIndex: join(dataDir, 'knowledge-index.sqlite'),
    inbox: resolve(env['INBOX_DATA_DIR']?.trim() || DEFAULT_INBOX_DATA_DIR, INBOX_DB_FILE),
  };
}

/** The outbox ledger's database: `OUTBOX_DATABASE_URL`, else the shared PostgreSQL database, else the default SQLite file (as `outboundFromEnv`). */
function outboxLocation(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): StoreLocation {
  const value = env['OUTBOX_DATABASE_URL']?.trim() || databaseUrl || DEFAULT_OUTBOX_DATABASE;
  // As `openOutboxLedger` reads it (isPostgresUrl's type guard would leave nothing for the else branch).
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', file: resolve(value.replace(/^(sqlite|file):(\/\/)?/i, '')) };
}

/**
 * Every store of the worker and the inbox with the database it lives in, grouped by database, in
 * the order they are migrated: with `DATABASE_URL=postgres://…` one PostgreSQL database (the
 * knowledge base is then the support desk's `kb_articles`, and there is no index file), else the
 * SQLite files of {@link sqliteStorePaths}. The outbox ledger follows `OUTBOX_DATABASE_URL` when set.
 * @throws {TypeError} when `DATABASE_URL` is set but is no PostgreSQL URL.
 * @example
 * storeDatabasesFromEnv({ ORCHESTRATOR_DB_PATH: '/srv/data/orchestrator.sqlite' });
 * // [{ location: { kind: 'sqlite', file: '/srv/data/orchestrator.sqlite' }, histories: [ORCHESTRATOR_SCHEMA, THREAD_INDEX_SCHEMA, OUTBOX_LEDGER_SCHEMA] }, …]
 */
export function storeDatabasesFromEnv(env: NodeJS.ProcessEnv): StoreDatabase[] {
  const databaseUrl = env['DATABASE_URL']?.trim() || undefined;
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl))
    throw new TypeError('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db)');
  const stores: [StoreLocation, SchemaHistory][] = [];
  if (databaseUrl) {
    const shared: StoreLocation = { kind: 'postgres', url: databaseUrl };
    for (const history of STORE_SCHEMAS) stores.push([history === OUTBOX_LEDGER_SCHEMA ? outboxLocation(env, databaseUrl) : shared, history]);
  } else {
    const paths = sqliteStorePaths(env);
    const file = (path: string): StoreLocation => ({ kind: 'sqlite', file: path });
    stores.push(
      [file(paths.orchestrator), ORCHESTRATOR_SCHEMA],
      [file(paths.threadIndex), THREAD_INDEX_SCHEMA],
      [outboxLocation(env, undefined), OUTBOX_LEDGER_SCHEMA],
    );
    stores.push(
      [file(paths.procurement), PROCUREMENT_SCHEMA],
      [file(paths.support), SUPPORT_DESK_SCHEMA],
      [file(paths.knowledgeIndex), KNOWLEDGE_INDEX_SCHEMA],
    );
    stores.push([file(paths.inbox), INBOX_SCHEMA]);
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
