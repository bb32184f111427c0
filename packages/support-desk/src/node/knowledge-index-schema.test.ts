import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import { openSqliteReadOnly } from '@org/orchestrator-sqlite';
import { openKnowledgeBase } from './knowledge-base';

/**
 * `__tests__/legacy-knowledge-index/knowledge-index.sqlite` was written by `openKnowledgeBase`
 * before the index had migrations (hand-written schema, `user_version = 1`), indexing the three
 * articles beside it, whose mtime was then 2026-11-01T00:00:00Z.
 */
const LEGACY = join(__dirname, '__tests__', 'legacy-knowledge-index');
const LEGACY_MTIME = new Date('2026-11-01T00:00:00Z');

const inspect = <T>(file: string, read: (db: SqliteDatabase) => T): T => {
  const db = openSqliteReadOnly(file);
  try {
    return read(db);
  } finally {
    db.close();
  }
};

/** The index's rows with their rowids: a rebuilt index would number them anew. */
const rows = (file: string) =>
  inspect(file, (db) => ({
    files: db.prepare('SELECT * FROM kb_files ORDER BY path').all(),
    articles: db.prepare('SELECT rowid, path, id, title, tags, body FROM kb_fts ORDER BY rowid').all(),
  }));

/** The columns of the index's tables (what the searches rely on), not the DDL's spelling. */
const columns = (file: string) =>
  inspect(file, (db) =>
    Object.fromEntries(
      ['kb_files', 'kb_fts'].map((table) => [table, db.prepare('SELECT name, lower(type) AS type, "notnull", pk FROM pragma_table_info(?)').all(table)]),
    ),
  );

describe('a knowledge-base index written before the migrations', () => {
  let dir: string;
  let articles: string;
  let indexFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'legacy-kb-'));
    articles = join(dir, 'articles');
    indexFile = join(dir, 'knowledge-index.sqlite');
    cpSync(join(LEGACY, 'articles'), articles, { recursive: true });
    // git keeps no mtimes: give the files the ones the index recorded, so the folder is unchanged.
    for (const name of readdirSync(articles)) utimesSync(join(articles, name), LEGACY_MTIME, LEGACY_MTIME);
    copyFileSync(join(LEGACY, 'knowledge-index.sqlite'), indexFile);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is adopted as it is: the migration is recorded, no row is rewritten, and the schema is a new index file’s', () => {
    const before = rows(indexFile);
    expect(before.articles).toHaveLength(3);

    const kb = openKnowledgeBase(articles, { indexFile });
    expect(kb.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
    expect(kb.search('refund', { limit: 1 }).map((hit) => hit.id)).toEqual(['kb-refunds']);
    kb.close();

    expect(rows(indexFile)).toEqual(before);
    expect(inspect(indexFile, (db) => db.prepare('SELECT name FROM knowledge_index_schema_migrations').pluck().all())).toEqual(['0001-knowledge-index-fts5']);
    // An older worker (rolled back) checks this version and keeps the index instead of rebuilding it.
    expect(inspect(indexFile, (db) => db.pragma('user_version', { simple: true }))).toBe(1);

    const fresh = join(dir, 'fresh.sqlite');
    openKnowledgeBase(articles, { indexFile: fresh }).close();
    expect(columns(indexFile)).toEqual(columns(fresh));
  });

  it('keeps indexing after adoption: a changed and an added article are picked up', () => {
    writeFileSync(join(articles, 'refunds-timeline.md'), '---\nid: kb-refunds\ntitle: Refunds timeline\n---\nRefunds arrive within 3 days.\n');
    writeFileSync(join(articles, 'gift-cards.md'), '---\nid: kb-gift-cards\ntitle: Gift cards\n---\nGift cards never expire.\n');
    const kb = openKnowledgeBase(articles, { indexFile });
    expect(kb.article('kb-refunds')?.body).toBe('Refunds arrive within 3 days.');
    expect(kb.search('gift card', { limit: 1 }).map((hit) => hit.id)).toEqual(['kb-gift-cards']);
    expect(kb.articles().map((a) => a.id)).toEqual(['kb-gift-cards', 'kb-password', 'kb-refunds', 'kb-shipping']);
    kb.close();
  });
});
