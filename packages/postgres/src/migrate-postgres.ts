import type { Migration } from 'kysely';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

/**
 * One store's schema history: migrations by name, applied in name order (`0001-…`, `0002-…`).
 * Migrations only add (tables, columns, indexes, sequences); none drops or rewrites data.
 */
export interface SchemaHistory {
  /** The store, e.g. `orchestrator`: its history is kept in the table `<store>_schema_migrations`. */
  store: string;
  migrations: Record<string, Migration>;
}

/** What {@link migratePostgres} did for one store. */
export interface MigrationReport {
  store: string;
  /** Migrations applied by this call (empty when another worker had already applied them). */
  applied: string[];
  /**
   * Migrations the database has that this code does not know: a newer worker migrated it (a
   * rolling deploy). Nothing is applied then; older code keeps working on the added schema.
   */
  newer: string[];
}

/**
 * A migration failed. The pending migrations of a store run in one transaction (PostgreSQL DDL is
 * transactional), so the database is left as it was before the call.
 */
export class PostgresMigrationError extends Error {
  override readonly name = 'PostgresMigrationError';
  readonly code = 'POSTGRES_MIGRATION_FAILED';
  constructor(
    readonly store: string,
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`migrating the ${store} store failed${migration ? ` at ${migration}` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const migrationTable = (store: string): string => {
  if (!/^[a-z][a-z0-9_]*$/.test(store)) throw new TypeError(`store name must be lowercase letters, digits and _: ${store}`);
  return `${store}_schema_migrations`;
};

/**
 * Brings each store's schema in the database at `url` up to date with Kysely's migrator. Safe
 * when many workers start at once: the migrator holds a PostgreSQL advisory lock while it runs,
 * so one worker applies each migration and the others find it applied. Never goes down.
 * @example
 * await migratePostgres(process.env.DATABASE_URL!, [ORCHESTRATOR_SCHEMA, PROCUREMENT_SCHEMA]);
 */
export async function migratePostgres(url: string, histories: SchemaHistory[]): Promise<MigrationReport[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1, application_name: 'orchestrator-migrate' }) }),
  });
  try {
    const reports: MigrationReport[] = [];
    for (const history of histories) reports.push(await migrateOne(db, history));
    return reports;
  } finally {
    await db.destroy();
  }
}

async function migrateOne(db: Kysely<unknown>, { store, migrations }: SchemaHistory): Promise<MigrationReport> {
  const table = migrationTable(store);
  const known = new Set(Object.keys(migrations));
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(table)}`.execute(db).catch((error: { code?: string }) => {
    if (error.code === '42P01') return { rows: [] as { name: string }[] }; // no history yet
    throw error;
  });
  const newer = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (newer.length > 0) return { store, applied: [], newer };

  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new PostgresMigrationError(store, results.find((r) => r.status === 'Error')?.migrationName, error);
  return { store, applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName), newer: [] };
}
