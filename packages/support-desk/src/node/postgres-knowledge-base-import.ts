import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { OrchestratorError } from '@org/orchestrator-contracts';
import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import { parseArticle, plainText } from './knowledge-base';

/** The largest article file imported (a knowledge-base article is a page, not a manual). */
export const MAX_ARTICLE_BYTES = 512 * 1024;

/** Serialises imports into one database (an arbitrary constant). */
const IMPORT_LOCK = 727_017;

/** Diacritics folded (`löschen` → `loschen`), as the FTS5 tokenizer's `remove_diacritics`. */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '');

/** Options of {@link importKnowledgeBase}. */
export interface KnowledgeBaseImportOptions {
  /** Also remove the articles whose file is not in the folder. Default false: an import only adds and updates. */
  prune?: boolean;
}

/** What {@link importKnowledgeBase} changed, by file name. */
export interface KnowledgeBaseImport {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** An import refused before it changed anything (the folder's articles are not what the database can take). */
export class KnowledgeBaseImportError extends OrchestratorError {
  override readonly name = 'KnowledgeBaseImportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('KnowledgeBaseImportRefused', message, options);
  }
}

interface ArticleFile {
  path: string;
  hash: string;
  source: string;
}

function readFolder(dir: string): ArticleFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.md'));
  } catch (error) {
    throw new KnowledgeBaseImportError(`cannot read the articles folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return names.sort().map((path) => {
    const file = join(dir, path);
    const { size } = statSync(file);
    if (size > MAX_ARTICLE_BYTES) throw new KnowledgeBaseImportError(`${path} has ${size} bytes; an article may have at most ${MAX_ARTICLE_BYTES}`);
    const bytes = readFileSync(file);
    const source = bytes.toString('utf8');
    if (!Buffer.from(source, 'utf8').equals(bytes) || source.includes('\0')) throw new KnowledgeBaseImportError(`${path} is not UTF-8 text`);
    return { path, hash: createHash('sha256').update(bytes).digest('hex'), source };
  });
}

/**
 * Loads the articles of `dir` (`*.md` with front matter) into the knowledge base in the
 * PostgreSQL database at `url` (migrated), where every worker reads them: the database, not a
 * worker's folder, is the source. Articles are keyed by file name; an unchanged file (same
 * content hash) writes nothing, so importing twice changes nothing. Articles of other files stay
 * unless `prune` is set, so folders imported from different hosts add up. One transaction: an
 * article id already held by another file, an unreadable or oversized file refuses the whole import.
 * @example
 * const { added, updated } = await importKnowledgeBase(process.env.DATABASE_URL!, 'packages/support-desk/knowledge-base');
 */
export async function importKnowledgeBase(url: string, dir: string, options: KnowledgeBaseImportOptions = {}): Promise<KnowledgeBaseImport> {
  const files = readFolder(dir);
  if (options.prune && files.length === 0) throw new KnowledgeBaseImportError(`${dir} has no articles: pruning would remove every article; refused`);
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-knowledge-base-import', max: 1 });
  try {
    return await inTransaction(pool, (client) => importFiles(client, files, options.prune ?? false));
  } finally {
    await pool.end();
  }
}

async function importFiles(client: pg.PoolClient, files: ArticleFile[], prune: boolean): Promise<KnowledgeBaseImport> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  const { rows } = await client.query<{ path: string; hash: string; id: string }>('SELECT path, hash, id FROM kb_articles');
  const stored = new Map(rows.map((r) => [r.path, r]));
  const result: KnowledgeBaseImport = { added: [], updated: [], unchanged: [], removed: [] };
  const importing = new Set(files.map((f) => f.path));
  const removed = prune ? rows.filter((r) => !importing.has(r.path)).map((r) => r.path) : [];
  // Which file holds each id once this import is done: a second holder would make `article(id)` ambiguous.
  const holder = new Map(rows.filter((r) => !importing.has(r.path) && !removed.includes(r.path)).map((r) => [r.id, r.path]));
  for (const file of files) {
    const article = parseArticle(file.path, file.source);
    const other = holder.get(article.id);
    if (other !== undefined) throw new KnowledgeBaseImportError(`${file.path} has the article id ${article.id}, which ${other} has already; nothing imported`);
    holder.set(article.id, file.path);
    const before = stored.get(file.path);
    if (before?.hash === file.hash) {
      result.unchanged.push(file.path);
      continue;
    }
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
    result[before ? 'updated' : 'added'].push(file.path);
  }
  if (removed.length > 0) await client.query('DELETE FROM kb_articles WHERE path = ANY($1)', [removed]);
  result.removed = removed;
  return result;
}
