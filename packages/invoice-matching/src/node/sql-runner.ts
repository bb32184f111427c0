import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import type pg from 'pg';

/**
 * The one query shape the invoice stores need on both databases: SQL written with PostgreSQL's
 * `$1, $2, …` placeholders (each used once, in order), rows back. Every write is a single
 * statement (`INSERT … ON CONFLICT DO NOTHING RETURNING`), atomic on both, so the stores share
 * one implementation and concurrent workers cannot write a key twice.
 */
export interface SqlRunner {
  rows<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A runner on a better-sqlite3 database (`$n` placeholders become `?`; statements are prepared once). */
export function sqliteRunner(db: SqliteDatabase): SqlRunner {
  const prepare = (sql: string) => db.prepare<unknown[]>(sql.replace(/\$\d+/g, '?'));
  const statements = new Map<string, ReturnType<typeof prepare>>();
  return {
    async rows<T>(sql: string, params: readonly unknown[]) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = prepare(sql);
        statements.set(sql, statement);
      }
      const values = [...params];
      if (statement.reader) return statement.all(...values) as T[];
      statement.run(...values);
      return [];
    },
    async close() {
      db.close();
    },
  };
}

/** A runner on a PostgreSQL pool. */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  return {
    async rows<T>(sql: string, params: readonly unknown[]) {
      return (await pool.query(sql, [...params])).rows as T[];
    },
    async close() {
      await pool.end();
    },
  };
}
