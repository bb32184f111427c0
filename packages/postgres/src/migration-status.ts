import pg from 'pg';
import type { SqliteConnection } from './migrate-sqlite';
import type { SchemaHistory } from './schema-history';
import { migrationTableOf } from './schema-history';

/** Where one store's schema stands in a database, read without changing anything. */
export interface MigrationStatus {
  store: string;
  /** Migrations recorded in the database, in name order. */
  applied: string[];
  /** Migrations of this code not recorded yet, in the order they would be applied. */
  pending: string[];
  /** Migrations recorded that this code does not know: newer code migrated the database, and nothing is applied. */
  newer: string[];
  /** The pending migrations marked `destructive`: applied only when allowed (`orchestrator migrate --allow-destructive`). */
  destructive: string[];
}

/** The status of a store whose database records the migrations `recorded`. */
export function statusOf({ store, migrations }: SchemaHistory, recorded: readonly string[]): MigrationStatus {
  const done = new Set(recorded);
  const pending = Object.keys(migrations)
    .filter((name) => !done.has(name))
    .sort();
  return {
    store,
    applied: [...done].sort(),
    pending,
    newer: [...done].filter((name) => !(name in migrations)).sort(),
    destructive: pending.filter((name) => migrations[name]?.destructive),
  };
}

/**
 * Each store's {@link MigrationStatus} in an open SQLite database, read only (a read-only
 * connection will do): what {@link migrateSqlite} would apply.
 * @example
 * sqliteMigrationStatus(openSqliteReadOnly('.data/notes.sqlite'), [NOTES]); // [{ store: 'notes', applied: [], pending: ['0001-notes'], newer: [] }]
 */
export function sqliteMigrationStatus(db: SqliteConnection, histories: readonly SchemaHistory[]): MigrationStatus[] {
  return histories.map((history) => {
    const table = migrationTableOf(history.store);
    const exists = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").all(table).length > 0;
    const recorded = exists ? (db.prepare(`SELECT name FROM "${table}"`).all() as { name: string }[]).map((r) => r.name) : [];
    return statusOf(history, recorded);
  });
}

/**
 * Each store's {@link MigrationStatus} in the PostgreSQL database at `url`, read only: what
 * {@link migratePostgres} would apply.
 * @example
 * await postgresMigrationStatus(process.env.DATABASE_URL!, [NOTES]); // [{ store: 'notes', applied: ['0001-notes'], pending: [], newer: [] }]
 */
export async function postgresMigrationStatus(url: string, histories: readonly SchemaHistory[]): Promise<MigrationStatus[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'orchestrator-migrate' });
  await client.connect();
  try {
    const statuses: MigrationStatus[] = [];
    for (const history of histories) {
      const { rows } = await client.query<{ name: string }>(`SELECT name FROM "${migrationTableOf(history.store)}"`).catch((error: { code?: string }) => {
        if (error.code === '42P01') return { rows: [] as { name: string }[] }; // no history yet
        throw error;
      });
      statuses.push(
        statusOf(
          history,
          rows.map((r) => r.name),
        ),
      );
    }
    return statuses;
  } finally {
    await client.end();
  }
}
