import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/** The thread index's PostgreSQL schema (the SQLite table's twin). Add a migration to change it; never edit one shipped. */
export const THREAD_INDEX_SCHEMA: SchemaHistory = {
  store: 'thread_index',
  migrations: {
    '0001-thread-index': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('thread_index')
          .addColumn('message_id', 'text', (c) => c.primaryKey())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction IN ('inbound', 'outbound')`))
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
  },
};
