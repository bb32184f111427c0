import { join } from 'node:path';
import { INBOX_DB_FILE } from '@org/orchestrator-activities/database';
import { isPostgresUrl } from '@org/orchestrator-postgres';
import type { InboxStore } from './inbox-store';
import { openPostgresInboxStore } from './postgres-inbox-store';
import { openSqliteInboxStore } from './sqlite-inbox-store';

/**
 * The inbox's store: PostgreSQL when `databaseUrl` is a `postgres://` URL, else the SQLite file
 * {@link INBOX_DB_FILE} in `dataDir`.
 * @example
 * const store = await openInboxStore({ dataDir: '.data/inbox', databaseUrl: process.env.DATABASE_URL });
 */
export async function openInboxStore(options: { dataDir: string; databaseUrl?: string }): Promise<InboxStore> {
  return isPostgresUrl(options.databaseUrl) ? openPostgresInboxStore(options.databaseUrl.trim()) : openSqliteInboxStore(join(options.dataDir, INBOX_DB_FILE));
}
