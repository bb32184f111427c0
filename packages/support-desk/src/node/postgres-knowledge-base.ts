import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Asynchronous } from '@org/orchestrator-postgres';
import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import { INTENT_HINTS, searchTerms } from './fts-query';
import type { KnowledgeBase, KnowledgeBaseArticle, KnowledgeBaseRefresh } from './knowledge-base';
import { parseArticle, plainText } from './knowledge-base';

/** The knowledge base answering with promises: the index in PostgreSQL. */
export type PostgresKnowledgeBase = Asynchronous<KnowledgeBase>;

/**
 * Cover density ranking with weights {D, C, B, A}: body (D) 1, tags (B) 5, title (A) 8, as the
 * FTS5 index's bm25 column weights; normalisation 4 divides by the mean distance between matched
 * extents. Of `ts_rank`/`ts_rank_cd` with normalisations 0–32 and several weightings, this one
 * ranks every case of the FTS5 ranking tests right with the FTS5 weights and keeps doing so when
 * the weights move (plain `ts_rank` saturates near 1 on long emails).
 */
const RANK = `ts_rank_cd('{0.125, 0, 0.625, 1}', document, query, 4)`;
const HEADLINE = `ts_headline('english', body, query, 'StartSel=**, StopSel=**, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "')`;
/** Serialises index updates by workers sharing the database (an arbitrary constant). */
const INDEX_LOCK = 727_017;

/** Diacritics folded (`löschen` → `loschen`), as the FTS5 tokenizer's `remove_diacritics`. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '');

interface ArticleRow {
  path: string;
  id: string;
  title: string;
  tags: string;
  markdown: string;
}

interface FileState {
  path: string;
  mtimeMs: number;
  size: number;
  hash: string;
}

const toArticle = (row: ArticleRow): KnowledgeBaseArticle => ({ id: row.id, title: row.title, tags: row.tags ? row.tags.split(', ') : [], body: row.markdown, file: row.path });

/**
 * Opens the knowledge base in `dir` with its index in PostgreSQL ({@link SUPPORT_DESK_SCHEMA},
 * migrated first): full-text search with `tsvector` weights for title, tags and body and
 * `ts_rank`, ranking as the FTS5 index does. Workers on several hosts share the index; each
 * brings it up to date with its own folder (content hashes decide, so identical folders write nothing).
 * @example
 * const kb = await openPostgresKnowledgeBase('packages/support-desk/knowledge-base', process.env.DATABASE_URL!);
 * await kb.search('where is my parcel', { limit: 3 }); // [{ id: 'kb-tracking', … }, …]
 */
export async function openPostgresKnowledgeBase(dir: string, url: string): Promise<PostgresKnowledgeBase> {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-knowledge-base', max: 2 });
  // What this process last indexed: a refresh that finds the folder unchanged asks nothing of the database.
  let seen = new Map<string, FileState>();

  const scan = (): FileState[] =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((path) => {
        const stat = statSync(join(dir, path));
        const prior = seen.get(path);
        const unchanged = prior && prior.mtimeMs === stat.mtimeMs && prior.size === stat.size;
        const hash = unchanged ? prior.hash : createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
        return { path, mtimeMs: stat.mtimeMs, size: stat.size, hash };
      });

  const refresh = async (): Promise<KnowledgeBaseRefresh> => {
    const current = scan();
    if (current.length === seen.size && current.every((f) => seen.get(f.path)?.hash === f.hash)) {
      seen = new Map(current.map((f) => [f.path, f]));
      return { added: 0, updated: 0, removed: 0 };
    }
    const result = await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [INDEX_LOCK]);
      const { rows } = await client.query<{ path: string; hash: string }>('SELECT path, hash FROM kb_articles');
      const indexed = new Map(rows.map((r) => [r.path, r.hash]));
      const counts = { added: 0, updated: 0, removed: 0 };
      for (const file of current) {
        const before = indexed.get(file.path);
        indexed.delete(file.path);
        if (before === file.hash) continue;
        const article = parseArticle(file.path, readFileSync(join(dir, file.path), 'utf8'));
        const body = plainText(article.body);
        const tags = article.tags.join(', ');
        await client.query(
          `INSERT INTO kb_articles (path, hash, id, title, tags, body, markdown, document)
           VALUES ($1, $2, $3, $4, $5, $6, $7,
             setweight(to_tsvector('english', $8), 'A') || setweight(to_tsvector('english', $9), 'B') || setweight(to_tsvector('english', $10), 'D'))
           ON CONFLICT (path) DO UPDATE SET hash = EXCLUDED.hash, id = EXCLUDED.id, title = EXCLUDED.title, tags = EXCLUDED.tags,
             body = EXCLUDED.body, markdown = EXCLUDED.markdown, document = EXCLUDED.document`,
          [file.path, file.hash, article.id, article.title, tags, body, article.body, fold(article.title), fold(tags), fold(body)],
        );
        counts[before === undefined ? 'added' : 'updated']++;
      }
      for (const path of indexed.keys()) {
        await client.query('DELETE FROM kb_articles WHERE path = $1', [path]);
        counts.removed++;
      }
      return counts;
    });
    seen = new Map(current.map((f) => [f.path, f]));
    return result;
  };

  const query = async (tsquery: string, limit: number) =>
    (
      await pool.query<{ id: string; title: string; rank: number; snippet: string }>(
        `SELECT id, title, ${RANK} AS rank, ${HEADLINE} AS snippet
         FROM kb_articles, to_tsquery('english', $1) AS query WHERE document @@ query ORDER BY rank DESC, id LIMIT $2`,
        [tsquery, limit],
      )
    ).rows;

  await refresh();

  return {
    async search(text, { limit = 5, intent } = {}) {
      await refresh();
      if (limit <= 0) return [];
      // Only letters and digits reach to_tsquery: no operator of the customer's can.
      const either = (terms: readonly string[]) => terms.map(fold).join(' | ');
      const terms = searchTerms(text, intent);
      if (terms.length === 0) return [];
      const hints = intent ? INTENT_HINTS[intent] : [];
      // Articles about the intent first, then the rest of the plain text search (as the FTS5 index).
      const rows = hints.length > 0 ? await query(`(${either(hints)}) & (${either(terms)})`, Math.floor(limit)) : [];
      for (const row of await query(either(terms), Math.floor(limit))) {
        if (rows.length >= limit) break;
        if (!rows.some((r) => r.id === row.id)) rows.push(row);
      }
      return rows.map((row) => ({ id: row.id, title: row.title, score: Math.round(row.rank * 1e6) / 1e6, snippet: row.snippet }));
    },
    async article(id) {
      await refresh();
      const { rows } = await pool.query<ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_articles WHERE id = $1 ORDER BY path LIMIT 1', [id]);
      return rows[0] ? toArticle(rows[0]) : null;
    },
    async articles() {
      await refresh();
      return (await pool.query<ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_articles ORDER BY id')).rows.map(toArticle);
    },
    refresh,
    async close() {
      await pool.end();
    },
  };
}
