import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The inbox's schema (sign-in sessions, used sign-in links, sign-in links sent), one definition for SQLite and
 * PostgreSQL: migrated by the inbox when it opens its store, and by `orchestrator migrate` with
 * every other store. Add a migration to change it; never edit one shipped.
 */
export const INBOX_SCHEMA: SchemaHistory = {
  store: 'inbox',
  migrations: {
    '0001-inbox-sessions': {
      statements(db: Kysely<unknown>, dialect) {
        const epochMs = dialect === 'postgres' ? 'bigint' : 'integer';
        return [
          db.schema
            .createTable('inbox_sessions')
            .ifNotExists()
            .addColumn('id_hash', 'text', (c) => c.primaryKey())
            .addColumn('email', 'text', (c) => c.notNull())
            .addColumn('via', 'text', (c) => c.notNull().check(sql`via IN ('link', 'oidc')`))
            .addColumn('created_at', epochMs, (c) => c.notNull())
            .addColumn('expires_at', epochMs, (c) => c.notNull())
            .addColumn('revoked_at', epochMs),
          db.schema.createIndex('inbox_sessions_email').ifNotExists().on('inbox_sessions').column('email'),
          db.schema
            .createTable('inbox_used_tokens')
            .ifNotExists()
            .addColumn('id_hash', 'text', (c) => c.primaryKey())
            .addColumn('expires_at', epochMs, (c) => c.notNull()),
        ];
      },
    },
    // The per-address budget of sign-in links, counted across inbox processes (it was per process).
    '0002-inbox-sign-in-links-sent': {
      statements(db: Kysely<unknown>, dialect) {
        const epochMs = dialect === 'postgres' ? 'bigint' : 'integer';
        return [
          db.schema
            .createTable('inbox_sign_in_links_sent')
            .ifNotExists()
            .addColumn('email', 'text', (c) => c.notNull())
            .addColumn('sent_at', epochMs, (c) => c.notNull())
            .addColumn('expires_at', epochMs, (c) => c.notNull()),
          db.schema.createIndex('inbox_sign_in_links_sent_email').ifNotExists().on('inbox_sign_in_links_sent').columns(['email', 'expires_at']),
        ];
      },
    },
  },
};
