import { existsSync } from 'node:fs';
import { OrchestratorError } from '@org/orchestrator-contracts';
import type { MigrationReport, MigrationStatus, SchemaHistory } from '@org/orchestrator-postgres';
import { migratePostgres, migrateSqlite, postgresMigrationStatus, sqliteMigrationStatus, statusOf } from '@org/orchestrator-postgres';
import { openSqliteDatabase, openSqliteReadOnly } from '@org/orchestrator-sqlite';
import type { StoreDatabase, StoreLocation } from './store-locations';

/** One store after {@link migrateStores}: its status, and what this call applied. */
export interface StoreMigrationResult extends MigrationStatus {
  /** Migrations this call applied (always empty in a dry run; empty too when another process had applied them). */
  appliedNow: string[];
}

/** One database after {@link migrateStores}. */
export interface DatabaseMigrationResult {
  location: StoreLocation;
  /** False for a SQLite file that does not exist yet (a dry run creates nothing; a run creates it). */
  exists: boolean;
  stores: StoreMigrationResult[];
}

/** Options of {@link migrateStores}. */
export interface MigrateStoresOptions {
  /** Only read where each store stands (applied, pending, newer); change nothing, create no file. */
  dryRun?: boolean;
  /** Apply pending migrations marked `destructive` too (else they are refused: `DestructiveMigrationError`). */
  allowDestructive?: boolean;
}

/**
 * Migrating (or reading) one of the stores' databases failed: `location` names it (a SQLite file,
 * or a PostgreSQL URL without its password), `cause` says why (a `SchemaMigrationError` names the
 * store and migration; its pending migrations were not applied). Databases before it were migrated.
 */
export class StoreDatabaseError extends OrchestratorError {
  override readonly name = 'StoreDatabaseError';
  constructor(
    readonly location: string,
    cause: unknown,
  ) {
    super('StoreDatabaseFailed', `${location}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A database as messages name it: a SQLite file, or a PostgreSQL URL without its password. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return location.file;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}

const withApplied = (statuses: MigrationStatus[], reports: MigrationReport[] = []): StoreMigrationResult[] =>
  statuses.map((status) => ({ ...status, appliedNow: reports.find((r) => r.store === status.store)?.applied ?? [] }));

function migrateSqliteFile(
  file: string,
  histories: SchemaHistory[],
  { dryRun = false, allowDestructive = false }: MigrateStoresOptions,
): DatabaseMigrationResult {
  const location: StoreLocation = { kind: 'sqlite', file };
  if (dryRun) {
    if (!existsSync(file)) return { location, exists: false, stores: withApplied(histories.map((history) => statusOf(history, []))) };
    const db = openSqliteReadOnly(file);
    try {
      return { location, exists: true, stores: withApplied(sqliteMigrationStatus(db, histories)) };
    } finally {
      db.close();
    }
  }
  let stores: StoreMigrationResult[] = [];
  // The stores' own opener (WAL, an immediate transaction): workers opening the file meanwhile wait, then find it migrated.
  const db = openSqliteDatabase(file, {
    setup: (d) => {
      const reports = migrateSqlite(d, histories, { allowDestructive });
      stores = withApplied(sqliteMigrationStatus(d, histories), reports);
    },
  });
  db.close();
  return { location, exists: true, stores };
}

async function migratePostgresDatabase(
  url: string,
  histories: SchemaHistory[],
  { dryRun = false, allowDestructive = false }: MigrateStoresOptions,
): Promise<DatabaseMigrationResult> {
  const reports = dryRun ? [] : await migratePostgres(url, histories, { allowDestructive });
  return { location: { kind: 'postgres', url }, exists: true, stores: withApplied(await postgresMigrationStatus(url, histories), reports) };
}

/**
 * Brings every store in `databases` (see `storeDatabasesFromEnv`) up to date, or with `dryRun`
 * only says where each stands: what `orchestrator migrate` does, on SQLite files and on
 * PostgreSQL alike. Safe while workers and inboxes start (they migrate the same way: an advisory
 * lock on PostgreSQL, an immediate transaction on SQLite). A migration marked `destructive` is
 * applied only with `allowDestructive`; a database migrated by newer code is left as it is (`newer`).
 * @throws {StoreDatabaseError} at the first database that fails (unreachable, not a database, a
 * failing migration): its pending migrations are not applied at all; the databases before it are migrated.
 * @example
 * for (const { location, stores } of await migrateStores(storeDatabasesFromEnv(process.env), { dryRun: true })) console.log(location, stores);
 */
export async function migrateStores(databases: readonly StoreDatabase[], options: MigrateStoresOptions = {}): Promise<DatabaseMigrationResult[]> {
  const results: DatabaseMigrationResult[] = [];
  for (const { location, histories } of databases) {
    try {
      results.push(
        location.kind === 'sqlite' ? migrateSqliteFile(location.file, histories, options) : await migratePostgresDatabase(location.url, histories, options),
      );
    } catch (error) {
      throw new StoreDatabaseError(describeStoreLocation(location), error);
    }
  }
  return results;
}
