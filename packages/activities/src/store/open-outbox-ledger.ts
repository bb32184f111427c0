import type { OutboxLedger } from './outbox-ledger';
import { openPostgresOutboxLedger } from './postgres-outbox-ledger';
import { openSqliteOutboxLedger } from './sqlite-outbox-ledger';

/** Where the ledger lives when `OUTBOX_DATABASE_URL` is not set (shared with the orchestrator store). */
export const DEFAULT_OUTBOX_DATABASE = '.data/orchestrator.sqlite';

/**
 * Opens the outbox ledger named by `url`: `postgres://…` / `postgresql://…` → PostgreSQL; anything
 * else is a SQLite file path (`sqlite:` / `file:` prefixes allowed), default {@link DEFAULT_OUTBOX_DATABASE}.
 * @example
 * const ledger = await openOutboxLedger(process.env.OUTBOX_DATABASE_URL);
 */
export async function openOutboxLedger(url: string | undefined = DEFAULT_OUTBOX_DATABASE): Promise<OutboxLedger> {
  const value = url.trim() || DEFAULT_OUTBOX_DATABASE;
  if (/^postgres(ql)?:\/\//i.test(value)) return openPostgresOutboxLedger(value);
  return openSqliteOutboxLedger(value.replace(/^(sqlite|file):(\/\/)?/i, ''));
}
