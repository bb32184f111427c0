import type { ColumnDataType, CompiledQuery, Compilable, Expression, Kysely, RawBuilder } from 'kysely';

/** The databases a store runs on: SQLite files on one machine, PostgreSQL across hosts. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A column's type: a name Kysely knows (`text`, `integer`) or a `sql` fragment (`sql\`timestamptz\``). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own DataTypeExpression (not exported) is Expression<any>
export type ColumnType = ColumnDataType | Expression<any>;

/** Adds a column unless the table has it: adopts a table created before the column existed. */
export interface AddColumnIfMissing {
  readonly addColumnIfMissing: { table: string; column: string; type: ColumnType };
}

/** One schema statement: a Kysely schema builder (`db.schema…`), a `sql` fragment, or {@link addColumnIfMissing}. */
export type SchemaStatement = Compilable | RawBuilder<unknown> | AddColumnIfMissing;

/**
 * One version of a store's schema, for both databases. `statements` builds the DDL with Kysely's
 * builders and is called with the dialect it runs on, so a difference (AUTOINCREMENT or an
 * identity, FTS5 or a `tsvector`) is written inside the one migration. Build statements only:
 * no queries, no data, nothing that depends on the database's content.
 */
export interface StoreMigration {
  statements(db: Kysely<unknown>, dialect: SqlDialect): SchemaStatement[];
  /**
   * The migration drops or rewrites something (a table, a column, an index rebuilt from scratch).
   * It is applied only when the caller allows it (`orchestrator migrate --allow-destructive`):
   * elsewhere — a store opening its file, a worker starting — it is refused with a
   * {@link DestructiveMigrationError}, and nothing of the store's pending migrations is applied.
   */
  destructive?: boolean;
}

/** Options of `migrateSqlite` and `migratePostgres`. */
export interface MigrateOptions {
  /** Apply pending migrations marked `destructive` too. Default false: they are refused. */
  allowDestructive?: boolean;
}

/**
 * One store's schema history: migrations by name, applied in name order (`0001-…`, `0002-…`).
 * Migrations add (tables, columns, indexes, sequences); one that drops or rewrites data is marked
 * `destructive` and applied only when the caller allows it. Both
 * databases record the applied ones in `<store>_schema_migrations` (Kysely's migration table).
 */
export interface SchemaHistory {
  /** The store, e.g. `orchestrator`: its history is kept in the table `<store>_schema_migrations`. */
  store: string;
  migrations: Record<string, StoreMigration>;
}

/** What a migration call did for one store. */
export interface MigrationReport {
  store: string;
  /** Migrations applied by this call (empty when another worker or process had already applied them). */
  applied: string[];
  /**
   * Migrations the database has that this code does not know: a newer worker migrated it (a
   * rolling deploy). Nothing is applied then; older code keeps working on the added schema.
   */
  newer: string[];
}

/**
 * A migration failed. The pending migrations of a store run in one transaction (DDL is
 * transactional in PostgreSQL and SQLite), so the database is left as it was before the call.
 */
export class SchemaMigrationError extends Error {
  override readonly name: string = 'SchemaMigrationError';
  readonly code: string = 'SCHEMA_MIGRATION_FAILED';
  constructor(
    readonly store: string,
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`migrating the ${store} store failed${migration ? ` at ${migration}` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * A store has a pending migration marked `destructive` and the caller did not allow it: nothing of
 * the store's pending migrations was applied. Run `orchestrator migrate --allow-destructive` (after
 * a backup) to apply it.
 */
export class DestructiveMigrationError extends SchemaMigrationError {
  override readonly name = 'DestructiveMigrationError';
  override readonly code = 'DESTRUCTIVE_MIGRATION_REFUSED';
  constructor(store: string, migration: string) {
    super(store, migration, new Error(`${migration} drops or rewrites data; apply it with "orchestrator migrate --allow-destructive" (after a backup)`));
  }
}

/** Refuses the first pending migration marked destructive unless the caller allows them. */
export function refuseDestructive({ store, migrations }: SchemaHistory, pending: readonly string[], options: MigrateOptions): void {
  if (options.allowDestructive) return;
  const destructive = pending.find((name) => migrations[name]?.destructive);
  if (destructive !== undefined) throw new DestructiveMigrationError(store, destructive);
}

/**
 * `ALTER TABLE … ADD COLUMN` only when the column is missing. For tables created by code older
 * than the migrations (hand-written `CREATE TABLE IF NOT EXISTS`), which may lack later columns.
 * @example
 * addColumnIfMissing('outbox_ledger', 'lease_owner', 'text')
 */
export function addColumnIfMissing(table: string, column: string, type: ColumnType): AddColumnIfMissing {
  return { addColumnIfMissing: { table, column, type } };
}

/** The table that records a store's applied migrations; refuses a name that could not be one. */
export function migrationTableOf(store: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(store)) throw new TypeError(`store name must be lowercase letters, digits and _: ${store}`);
  return `${store}_schema_migrations`;
}

/** Compiles a builder or `sql` fragment for the dialect of `db`. */
export function compileStatement(db: Kysely<unknown>, statement: Compilable | RawBuilder<unknown>): CompiledQuery {
  // A `sql` fragment is compilable too, but only with a database to compile for.
  return isRawBuilder(statement) ? statement.compile(db) : statement.compile();
}

const isRawBuilder = (statement: Compilable | RawBuilder<unknown>): statement is RawBuilder<unknown> =>
  'isRawBuilder' in statement && statement.isRawBuilder === true;

/** The `ALTER TABLE … ADD COLUMN` of an {@link AddColumnIfMissing}. */
export function addColumnStatement(db: Kysely<unknown>, { addColumnIfMissing: { table, column, type } }: AddColumnIfMissing): CompiledQuery {
  return db.schema.alterTable(table).addColumn(column, type).compile();
}

/** Whether a statement is an {@link AddColumnIfMissing}. */
export function isAddColumnIfMissing(statement: SchemaStatement): statement is AddColumnIfMissing {
  return typeof statement === 'object' && statement !== null && 'addColumnIfMissing' in statement;
}
