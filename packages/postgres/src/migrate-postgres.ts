import type { Migration } from 'kysely';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { MigrateOptions, MigrationReport, SchemaHistory, StoreMigration } from './schema-history';
import { SchemaMigrationError, compileStatement, isAddColumnIfMissing, migrationTableOf, refuseDestructive } from './schema-history';

/** A PostgreSQL migration failed; nothing of the store's pending migrations was applied. */
export class PostgresMigrationError extends SchemaMigrationError {
  override readonly name = 'PostgresMigrationError';
  override readonly code = 'POSTGRES_MIGRATION_FAILED';
}

/** One store migration as a Kysely migration: its PostgreSQL statements, one after the other. */
function kyselyMigration(migration: StoreMigration): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of migration.statements(db, 'postgres')) {
        // ADD COLUMN IF NOT EXISTS: PostgreSQL checks for the column itself.
        const query = isAddColumnIfMissing(statement)
          ? db.schema
              .alterTable(statement.addColumnIfMissing.table)
              .addColumn(statement.addColumnIfMissing.column, statement.addColumnIfMissing.type, (c) => c.ifNotExists())
              .compile()
          : compileStatement(db, statement);
        await db.executeQuery(query);
      }
    },
  };
}

/**
 * Brings each store's schema in the database at `url` up to date with Kysely's migrator. Safe
 * when many workers start at once: the migrator holds a PostgreSQL advisory lock while it runs,
 * so one worker applies each migration and the others find it applied. Never goes down.
 * @throws {DestructiveMigrationError} for a pending migration marked `destructive` without `allowDestructive`.
 * @example
 * await migratePostgres(process.env.DATABASE_URL!, [ORCHESTRATOR_SCHEMA, PROCUREMENT_SCHEMA]);
 */
export async function migratePostgres(url: string, histories: readonly SchemaHistory[], options: MigrateOptions = {}): Promise<MigrationReport[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1, application_name: 'orchestrator-migrate' }) }),
  });
  try {
    const reports: MigrationReport[] = [];
    for (const history of histories) reports.push(await migrateOne(db, history, options));
    return reports;
  } finally {
    await db.destroy();
  }
}

async function migrateOne(db: Kysely<unknown>, history: SchemaHistory, options: MigrateOptions): Promise<MigrationReport> {
  const { store, migrations } = history;
  const table = migrationTableOf(store);
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(table)}`.execute(db).catch((error: { code?: string }) => {
    if (error.code === '42P01') return { rows: [] as { name: string }[] }; // no history yet
    throw error;
  });
  const newer = rows.map((r) => r.name).filter((name) => !(name in migrations));
  if (newer.length > 0) return { store, applied: [], newer };
  const done = new Set(rows.map((r) => r.name));
  // Checked before the lock: a destructive migration another process applies meanwhile is refused here all the same.
  refuseDestructive(
    history,
    Object.keys(migrations).filter((name) => !done.has(name)),
    options,
  );

  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, kyselyMigration(m)])) },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new PostgresMigrationError(store, results.find((r) => r.status === 'Error')?.migrationName, error);
  return { store, applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName), newer: [] };
}
