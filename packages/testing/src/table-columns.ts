/** Every table of a database with its columns, sorted: what the schema-parity tests compare across dialects. */
export type TableColumns = Record<string, string[]>;

// The migration ledgers differ by design; SQLite's own tables are not the stores'.
const MIGRATION_LEDGERS = "'%_schema_migrations%'";

/** A SQLite database's tables (not SQLite's own, not the migration ledgers) and their columns. */
export function sqliteTableColumns(db: { prepare(sql: string): { all(): unknown[] } }): TableColumns {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE ${MIGRATION_LEDGERS}`)
    .all() as { name: string }[];
  const columns: TableColumns = {};
  for (const { name } of tables) columns[name] = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name).sort();
  return columns;
}

/** A PostgreSQL database's tables in `public` (not the migration ledgers) and their columns (a connected `pg` client). */
export async function postgresTableColumns(client: { query(sql: string): Promise<{ rows: unknown[] }> }): Promise<TableColumns> {
  const { rows } = await client.query(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE ${MIGRATION_LEDGERS}`,
  );
  const columns: TableColumns = {};
  for (const row of rows as { table_name: string; column_name: string }[]) (columns[row.table_name] ??= []).push(row.column_name);
  for (const names of Object.values(columns)) names.sort();
  return columns;
}

/** What a legacy-file test compares of each table: columns (name, type, not null, default, key), indexes and the row count. */
export interface SqliteTableSnapshot {
  columns: unknown[];
  indexes: unknown[];
  rows: number;
}

/**
 * A SQLite database's tables (not SQLite's own; the migration ledgers too) with what a store relies
 * on, not its DDL's spelling: the legacy-file tests compare an adopted file with a new one by it.
 */
export function sqliteSchemaAndRows(db: {
  prepare(sql: string): { all(...params: string[]): unknown[]; get(...params: string[]): unknown };
}): Record<string, SqliteTableSnapshot> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      {
        columns: db.prepare('SELECT name, lower(type) AS type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY name').all(name),
        indexes: db.prepare('SELECT "unique", origin, partial FROM pragma_index_list(?) ORDER BY origin, "unique"').all(name),
        rows: (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
      },
    ]),
  );
}
