import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { CompiledQuery } from 'kysely';
import type { MigrateOptions, MigrationReport, SchemaHistory } from './schema-history';
import { SchemaMigrationError, addColumnStatement, compileStatement, isAddColumnIfMissing, migrationTableOf, refuseDestructive } from './schema-history';

/**
 * What {@link migrateSqlite} needs of a SQLite connection: a better-sqlite3 `Database` has it.
 * (Structural, so this package does not depend on the native module.)
 */
export interface SqliteConnection {
  prepare(source: string): { run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
  exec(source: string): unknown;
  readonly inTransaction: boolean;
}

/** Kysely with its SQLite compiler and no connection: it only turns the builders into SQL. */
const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const run = (db: SqliteConnection, query: CompiledQuery): void => {
  db.prepare(query.sql).run(...query.parameters);
};

const hasColumn = (db: SqliteConnection, table: string, column: string): boolean =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).some((c) => c.name === column);

/**
 * Brings each store's schema in an open SQLite database up to date, synchronously (so a store
 * opens in one call, as better-sqlite3 does everything): the same migrations as
 * {@link migratePostgres}, compiled by Kysely's SQLite compiler, recorded in the same
 * `<store>_schema_migrations` table Kysely's migrator keeps. Runs in the caller's transaction, or
 * in an immediate one of its own, so processes opening one file at once apply each migration once.
 * A file created before the migrations is adopted: the first migration creates only what is
 * missing (`IF NOT EXISTS`, {@link addColumnIfMissing}). A file migrated by newer code is left alone.
 * @throws {DestructiveMigrationError} for a pending migration marked `destructive` without `allowDestructive`.
 * @example
 * const db = openSqliteDatabase('.data/notes.sqlite', { setup: (d) => migrateSqlite(d, [NOTES]) });
 */
export function migrateSqlite(db: SqliteConnection, histories: readonly SchemaHistory[], options: MigrateOptions = {}): MigrationReport[] {
  if (db.inTransaction) return histories.map((history) => migrateOne(db, history, options));
  db.exec('BEGIN IMMEDIATE');
  try {
    const reports = histories.map((history) => migrateOne(db, history, options));
    db.exec('COMMIT');
    return reports;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function migrateOne(db: SqliteConnection, history: SchemaHistory, options: MigrateOptions): MigrationReport {
  const { store, migrations } = history;
  const table = migrationTableOf(store);
  // The columns of Kysely's migration table, so its migrator could take over the file.
  run(
    db,
    compiler.schema
      .createTable(table)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .compile(),
  );
  const done = new Set((db.prepare(`SELECT name FROM "${table}"`).all() as { name: string }[]).map((r) => r.name));
  const newer = [...done].filter((name) => !(name in migrations));
  if (newer.length > 0) return { store, applied: [], newer };

  const applied: string[] = [];
  const pending = Object.entries(migrations)
    .filter(([name]) => !done.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  refuseDestructive(
    history,
    pending.map(([name]) => name),
    options,
  );
  for (const [name, migration] of pending) {
    try {
      for (const statement of migration.statements(compiler, 'sqlite')) {
        if (!isAddColumnIfMissing(statement)) run(db, compileStatement(compiler, statement));
        else if (!hasColumn(db, statement.addColumnIfMissing.table, statement.addColumnIfMissing.column)) run(db, addColumnStatement(compiler, statement));
      }
      db.prepare(`INSERT INTO "${table}" (name, timestamp) VALUES (?, ?)`).run(name, new Date().toISOString());
    } catch (error) {
      throw new SchemaMigrationError(store, name, error);
    }
    applied.push(name);
  }
  return { store, applied, newer: [] };
}
