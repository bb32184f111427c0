import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The inbox's PostgreSQL schema (the SQLite tables' twins, see `openSqliteInboxStore`), migrated by
 * the inbox when it starts. Add a migration to change it; never edit one shipped.
 */
export const INBOX_SCHEMA: SchemaHistory = {
  store: 'inbox',
  migrations: {
    '0001-inbox-sessions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('inbox_sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('via', 'text', (c) => c.notNull().check(sql`via IN ('link', 'oidc')`))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('revoked_at', 'bigint')
          .execute();
        await db.schema.createIndex('inbox_sessions_email').on('inbox_sessions').column('email').execute();
        await db.schema
          .createTable('inbox_used_tokens')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
  },
};
