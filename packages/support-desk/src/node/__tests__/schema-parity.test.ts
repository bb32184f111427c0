import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { TableColumns } from '@org/orchestrator-testing';
import { postgresTableColumns, sqliteTableColumns, tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import { openKnowledgeBase } from '../knowledge-base';
import { SUPPORT_DESK_SCHEMA } from '../support-desk-schema';
import { openSqliteSupportDesk } from '../support-desk-store';
import { BUNDLED_KNOWLEDGE_BASE_DIR } from '../support-env';

/**
 * Where the one schema definition differs by dialect on purpose: PostgreSQL keeps the knowledge-base
 * articles as a `tsvector` table, SQLite indexes the articles folder with FTS5 in a file of its own
 * (its files, the FTS5 table and the FTS5 table's shadow tables).
 */
const POSTGRES_ONLY = ['kb_articles'];
const SQLITE_ONLY = ['kb_files', 'kb_fts', 'kb_fts_config', 'kb_fts_content', 'kb_fts_data', 'kb_fts_docsize', 'kb_fts_idx'];

describe('the support desk’s SQLite and PostgreSQL schemas', () => {
  const databases = testDatabases('postgres');
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  const dir = tempDirPerTest('support-parity-');

  it('have the same tables and columns, but for the knowledge base’s documented differences', async () => {
    // What a worker creates in its data folder: the desk, and the knowledge base's index.
    openSqliteSupportDesk(join(dir(), 'support.sqlite')).close();
    openKnowledgeBase(BUNDLED_KNOWLEDGE_BASE_DIR, { indexFile: join(dir(), 'knowledge-index.sqlite') }).close();
    const sqlite: TableColumns = {};
    for (const file of ['support.sqlite', 'knowledge-index.sqlite']) {
      const db = openSqliteDatabase(join(dir(), file), { setup: () => undefined });
      Object.assign(sqlite, sqliteTableColumns(db));
      db.close();
    }

    const url = await databases.fresh('parity');
    await migratePostgres(url, [SUPPORT_DESK_SCHEMA]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const postgres = await postgresTableColumns(client);
    await client.end();
    for (const table of POSTGRES_ONLY) {
      expect(postgres).toHaveProperty([table]);
      delete postgres[table];
    }
    for (const table of SQLITE_ONLY) {
      expect(sqlite).toHaveProperty([table]);
      delete sqlite[table];
    }
    expect(postgres).toEqual(sqlite);
  }, 60_000);
});
