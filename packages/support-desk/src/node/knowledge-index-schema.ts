import type { SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The SQLite full-text index of a knowledge-base folder (`openKnowledgeBase`), in a file of its
 * own: the files indexed (size, mtime, content hash) and an FTS5 table of their articles (Porter
 * stemming, diacritics folded). It is a cache of the folder, filled by `refresh`. On PostgreSQL
 * the articles are the support desk's `kb_articles` table (a `tsvector`, {@link SUPPORT_DESK_SCHEMA}),
 * loaded by `orchestrator kb import`: this history has no PostgreSQL statements and is migrated on
 * SQLite only. Add a migration to change it (a new tokenizer rebuilds the index); never edit one shipped.
 */
export const KNOWLEDGE_INDEX_SCHEMA: SchemaHistory = {
  store: 'knowledge_index',
  migrations: {
    '0001-knowledge-index-fts5': {
      statements: (db, dialect) =>
        dialect === 'postgres'
          ? []
          : [
              // IF NOT EXISTS adopts an index written before the migrations (same tables), rows and all.
              db.schema
                .createTable('kb_files')
                .ifNotExists()
                .addColumn('path', 'text', (c) => c.primaryKey())
                .addColumn('mtime_ms', 'real', (c) => c.notNull())
                .addColumn('size', 'integer', (c) => c.notNull())
                .addColumn('hash', 'text', (c) => c.notNull()),
              sql`CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts USING fts5(
                path UNINDEXED, id UNINDEXED, title, tags, body, markdown UNINDEXED,
                tokenize = 'porter unicode61 remove_diacritics 2'
              )`,
              // The version the index had before the migrations: a worker rolled back to that code keeps the index.
              sql`PRAGMA user_version = 1`,
            ],
    },
  },
};
