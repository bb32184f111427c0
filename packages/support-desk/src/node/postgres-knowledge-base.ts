import type { Asynchronous } from '@org/orchestrator-postgres';
import { openPostgresPool } from '@org/orchestrator-postgres';
import { INTENT_HINTS, searchTerms } from './fts-query';
import type { KnowledgeBaseArticle, KnowledgeBaseReader } from './knowledge-base';
import { fold } from './postgres-knowledge-base-import';

/** The knowledge base in PostgreSQL, answering with promises: read only (articles come in by {@link importKnowledgeBase}). */
export type PostgresKnowledgeBase = Asynchronous<KnowledgeBaseReader>;

/**
 * Cover density ranking with weights {D, C, B, A}: body (D) 1, tags (B) 5, title (A) 8, as the
 * FTS5 index's bm25 column weights; normalisation 4 divides by the mean distance between matched
 * extents. Of `ts_rank`/`ts_rank_cd` with normalisations 0–32 and several weightings, this one
 * ranks every case of the FTS5 ranking tests right with the FTS5 weights and keeps doing so when
 * the weights move (plain `ts_rank` saturates near 1 on long emails).
 */
const RANK = `ts_rank_cd('{0.125, 0, 0.625, 1}', document, query, 4)`;
const HEADLINE = `ts_headline('english', body, query, 'StartSel=**, StopSel=**, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "')`;

interface ArticleRow {
  path: string;
  id: string;
  title: string;
  tags: string;
  markdown: string;
}

const toArticle = (row: ArticleRow): KnowledgeBaseArticle => ({
  id: row.id,
  title: row.title,
  tags: row.tags ? row.tags.split(', ') : [],
  body: row.markdown,
  file: row.path,
});

/**
 * Opens the knowledge base in the PostgreSQL database at `url` ({@link SUPPORT_DESK_SCHEMA},
 * migrated): full-text search with `tsvector` weights for title, tags and body, ranking as the
 * FTS5 index does. Workers only read it: the articles are what `orchestrator seed` or
 * `orchestrator kb import <folder>` ({@link importKnowledgeBase}) loaded, whatever folder a
 * worker's host has, so hosts never overwrite each other's articles.
 * @example
 * const kb = openPostgresKnowledgeBase(process.env.DATABASE_URL!);
 * await kb.search('where is my parcel', { limit: 3 }); // [{ id: 'kb-tracking', … }, …]
 */
export function openPostgresKnowledgeBase(url: string): PostgresKnowledgeBase {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-knowledge-base', max: 2 });

  const query = async (tsquery: string, limit: number) =>
    (
      await pool.query<{ id: string; title: string; rank: number; snippet: string }>(
        `SELECT id, title, ${RANK} AS rank, ${HEADLINE} AS snippet
         FROM kb_articles, to_tsquery('english', $1) AS query WHERE document @@ query ORDER BY rank DESC, id LIMIT $2`,
        [tsquery, limit],
      )
    ).rows;

  return {
    async search(text, { limit = 5, intent } = {}) {
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
      const { rows } = await pool.query<ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_articles WHERE id = $1 ORDER BY path LIMIT 1', [id]);
      return rows[0] ? toArticle(rows[0]) : null;
    },
    async articles() {
      return (await pool.query<ArticleRow>('SELECT path, id, title, tags, markdown FROM kb_articles ORDER BY id')).rows.map(toArticle);
    },
    async close() {
      await pool.end();
    },
  };
}
