import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { migrateSqlite } from '@org/orchestrator-postgres';
import type { SupportIntent } from '../types';
import { KNOWLEDGE_INDEX_SCHEMA } from './knowledge-index-schema';
import { openDatabase } from './sqlite';
import { INTENT_HINTS, toFtsQuery } from './fts-query';

// bm25 column weights (path, id, title, tags, body, markdown): a hit in the title or tags says more.
const BM25 = 'bm25(kb_fts, 0, 0, 8.0, 5.0, 1.0, 0)';

/** A knowledge-base article: a markdown file with `id`, `title` and `tags` front matter. */
export interface KnowledgeBaseArticle {
  id: string;
  title: string;
  tags: string[];
  /** The markdown body, without front matter (what the drafting agent reads). */
  body: string;
  /** File name inside the knowledge-base folder. */
  file: string;
}

/** One search result, best first. */
export interface KnowledgeSearchHit {
  id: string;
  title: string;
  /** Relevance (negated bm25): higher is better; only comparable within one search. */
  score: number;
  /** A short excerpt of the body around the matched words, matches marked with `**`. */
  snippet: string;
}

/** Options of {@link KnowledgeBase.search}. */
export interface KnowledgeSearchOptions {
  /** Most hits returned. Default 5. */
  limit?: number;
  /** The classified intent: adds its hint words (`INTENT_HINTS`) to the query. */
  intent?: SupportIntent;
}

/** What {@link KnowledgeBase.refresh} changed in the index. */
export interface KnowledgeBaseRefresh {
  added: number;
  updated: number;
  removed: number;
}

/** A folder of markdown articles with a full-text index (SQLite FTS5, bm25 ranking). */
export interface KnowledgeBase {
  /**
   * Articles matching free text (e.g. a customer's email), best first; never throws on odd input.
   * Re-indexes changed, added or removed files first.
   */
  search(query: string, options?: KnowledgeSearchOptions): KnowledgeSearchHit[];
  /** An article by id, or `null`. */
  article(id: string): KnowledgeBaseArticle | null;
  /** All articles, by id. */
  articles(): KnowledgeBaseArticle[];
  /** Brings the index up to date with the folder (cheap when nothing changed: one stat per file). */
  refresh(): KnowledgeBaseRefresh;
  close(): void;
}

/**
 * What the support activities use of a knowledge base: searching and reading. A PostgreSQL
 * knowledge base is only this (its articles are imported by `orchestrator kb import`).
 */
export type KnowledgeBaseReader = Pick<KnowledgeBase, 'search' | 'article' | 'articles' | 'close'>;

/** Options of {@link openKnowledgeBase}. */
export interface KnowledgeBaseOptions {
  /** Where to keep the index; reopening it re-indexes only changed files. Default `:memory:`. */
  indexFile?: string;
}

interface FileState {
  path: string;
  mtime_ms: number;
  size: number;
  hash: string;
}

interface ArticleRow {
  path: string;
  id: string;
  title: string;
  tags: string;
  markdown: string;
}

/** Splits `---` front matter (`key: value`, `tags: [a, b]`) from the markdown body. */
export function parseArticle(file: string, source: string): KnowledgeBaseArticle {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  const meta: Record<string, string> = {};
  for (const line of (match?.[1] ?? '').split('\n')) {
    const pair = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (pair) meta[pair[1].toLowerCase()] = pair[2].trim();
  }
  const unquote = (value: string) =>
    value
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
  const body = (match ? text.slice(match[0].length) : text).trim();
  const heading = /^#\s+(.+)$/m.exec(body)?.[1];
  return {
    id: unquote(meta.id ?? '') || basename(file, '.md'),
    title: unquote(meta.title ?? '') || heading?.trim() || basename(file, '.md'),
    tags: (meta.tags ?? '')
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map(unquote)
      .filter(Boolean),
    body,
    file,
  };
}

/** Markdown to the plain text that is indexed, so snippets read as prose. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\|?[\s|:-]+\|?$/gm, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/[|>]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * Opens the knowledge base in `dir` (`*.md` files with front matter) and indexes it with SQLite
 * FTS5 (Porter stemming, diacritics folded), in `indexFile` migrated by {@link KNOWLEDGE_INDEX_SCHEMA}
 * (an index written before the migrations is adopted as it is). Changed files are detected by size
 * and mtime and confirmed by content hash, so touching a file does not re-index it.
 * @example
 * const kb = openKnowledgeBase('packages/support-desk/knowledge-base');
 * kb.search('where is my parcel', { limit: 3 }); // [{ id: 'kb-tracking', title: 'Tracking your order and parcel', … }, …]
 */
export function openKnowledgeBase(dir: string, options: KnowledgeBaseOptions = {}): KnowledgeBase {
  const db = openDatabase(options.indexFile ?? ':memory:', (d) => migrateSqlite(d, [KNOWLEDGE_INDEX_SCHEMA]));

  const files = db.prepare<[], FileState>('SELECT * FROM kb_files');
  const upsertFile = db.prepare(
    `INSERT INTO kb_files (path, mtime_ms, size, hash) VALUES (@path, @mtimeMs, @size, @hash)
     ON CONFLICT (path) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size, hash = excluded.hash`,
  );
  const deleteFile = db.prepare<[string]>('DELETE FROM kb_files WHERE path = ?');
  const deleteArticle = db.prepare<[string]>('DELETE FROM kb_fts WHERE path = ?');
  const insertArticle = db.prepare('INSERT INTO kb_fts (path, id, title, tags, body, markdown) VALUES (@path, @id, @title, @tags, @body, @markdown)');
  const searchStatement = db.prepare<[string, number], { id: string; title: string; rank: number; snippet: string }>(
    `SELECT id, title, ${BM25} AS rank, snippet(kb_fts, 4, '**', '**', '…', 24) AS snippet
     FROM kb_fts WHERE kb_fts MATCH ? ORDER BY rank, id LIMIT ?`,
  );
  const articleById = db.prepare<[string], ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_fts WHERE id = ?');
  const allArticles = db.prepare<[], ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_fts ORDER BY id');

  const scan = () =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((path) => {
        const stat = statSync(join(dir, path));
        return { path, mtimeMs: stat.mtimeMs, size: stat.size };
      });

  const sync = (current: ReturnType<typeof scan>): KnowledgeBaseRefresh => {
    const result = { added: 0, updated: 0, removed: 0 };
    const known = new Map(files.all().map((f) => [f.path, f]));
    for (const file of current) {
      const before = known.get(file.path);
      known.delete(file.path);
      if (before && before.mtime_ms === file.mtimeMs && before.size === file.size) continue;
      const source = readFileSync(join(dir, file.path), 'utf8');
      const hash = createHash('sha256').update(source).digest('hex');
      upsertFile.run({ ...file, hash });
      if (before?.hash === hash) continue;
      const article = parseArticle(file.path, source);
      deleteArticle.run(file.path);
      insertArticle.run({
        path: file.path,
        id: article.id,
        title: article.title,
        tags: article.tags.join(', '),
        body: plainText(article.body),
        markdown: article.body,
      });
      result[before ? 'updated' : 'added']++;
    }
    for (const path of known.keys()) {
      deleteArticle.run(path);
      deleteFile.run(path);
      result.removed++;
    }
    return result;
  };

  const refresh = (): KnowledgeBaseRefresh => {
    const current = scan();
    const known = new Map(files.all().map((f) => [f.path, f]));
    const unchanged = current.length === known.size && current.every((f) => known.get(f.path)?.mtime_ms === f.mtimeMs && known.get(f.path)?.size === f.size);
    if (unchanged) return { added: 0, updated: 0, removed: 0 };
    // Immediate: another process sharing the index file may be syncing too; it re-reads inside.
    return db.transaction(() => sync(scan())).immediate();
  };

  const toArticle = (row: ArticleRow): KnowledgeBaseArticle => ({
    id: row.id,
    title: row.title,
    tags: row.tags ? row.tags.split(', ') : [],
    body: row.markdown,
    file: row.path,
  });

  refresh();

  return {
    search(query, { limit = 5, intent } = {}) {
      refresh();
      if (limit <= 0) return [];
      // Articles about the intent first (a rare word such as "kettle" must not outrank the topic),
      // then the rest of the plain text search.
      const hints = intent ? toFtsQuery(INTENT_HINTS[intent].join(' ')) : null;
      const text = toFtsQuery(query, intent);
      if (text === null) return [];
      const rows = hints ? searchStatement.all(`(${hints}) AND (${text})`, Math.floor(limit)) : [];
      for (const row of searchStatement.all(text, Math.floor(limit))) {
        if (rows.length >= limit) break;
        if (!rows.some((r) => r.id === row.id)) rows.push(row);
      }
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        score: Math.round(-row.rank * 1000) / 1000,
        snippet: row.snippet,
      }));
    },
    article(id) {
      refresh();
      const row = articleById.get(id);
      return row ? toArticle(row) : null;
    },
    articles() {
      refresh();
      return allArticles.all().map(toArticle);
    },
    refresh,
    close() {
      db.close();
    },
  };
}
