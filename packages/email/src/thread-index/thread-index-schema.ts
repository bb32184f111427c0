import type { SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The thread index's schema on both databases (one row per Message-ID; both ids are bounded by
 * `checkThreadIndexRecord`, so a row stays under ~2 KB). Add a migration to change it; never edit one shipped.
 */
export const THREAD_INDEX_SCHEMA: SchemaHistory = {
  store: 'thread_index',
  migrations: {
    '0001-thread-index': {
      statements: (db) => [
        db.schema
          .createTable('thread_index')
          .ifNotExists()
          .addColumn('message_id', 'text', (c) => c.notNull().primaryKey())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction IN ('inbound', 'outbound')`))
          .addColumn('recorded_at', 'text', (c) => c.notNull()),
      ],
    },
  },
};
