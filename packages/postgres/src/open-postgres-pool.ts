import pg from 'pg';

/** Options of {@link openPostgresPool}. */
export interface PostgresPoolOptions {
  /** The name the connections show in `pg_stat_activity` (a URL's `application_name` wins). */
  applicationName: string;
  /** Pool size per worker process. Default 4. */
  max?: number;
  /**
   * Called when an idle pooled connection fails (server restart, failover, `pg_terminate_backend`).
   * The pool has already dropped it and connects anew on next use. Default: a process warning
   * with code `POSTGRES_IDLE_ERROR`.
   */
  onIdleError?: (error: Error) => void;
}

/** Whether `url` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * A connection pool that never crashes the process on an idle connection's error (without a
 * listener, that error is an unhandled `'error'` event).
 * @example
 * const pool = openPostgresPool(process.env.DATABASE_URL!, { applicationName: 'orchestrator-store' });
 */
export function openPostgresPool(url: string, options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, application_name: options.applicationName });
  pool.on(
    'error',
    options.onIdleError ??
      ((error: Error) =>
        process.emitWarning(
          `${options.applicationName}: an idle PostgreSQL connection failed and was dropped (${error.message}); the pool reconnects on next use`,
          {
            code: 'POSTGRES_IDLE_ERROR',
          },
        )),
  );
  return pool;
}

/** Runs `work` in one transaction on one pooled connection: COMMIT on success, ROLLBACK on error. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
