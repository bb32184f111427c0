import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratePostgres } from '@org/orchestrator-postgres';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import type { PostgresKnowledgeBase } from './postgres-knowledge-base';
import { openPostgresKnowledgeBase } from './postgres-knowledge-base';
import { KnowledgeBaseImportError, MAX_ARTICLE_BYTES, importKnowledgeBase } from './postgres-knowledge-base-import';
import { SUPPORT_DESK_SCHEMA } from './support-desk-schema';

const ARTICLES = join(__dirname, '..', '..', 'knowledge-base');

const article = (id: string, title: string, body: string) => `---\nid: ${id}\ntitle: ${title}\n---\n${body}\n`;

describe('the knowledge base on PostgreSQL, shared by hosts', () => {
  let cluster: PgCluster;
  let dir: string;
  let url: string;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kb-import-'));
    url = await cluster.createDatabase('kb');
    await migratePostgres(url, [SUPPORT_DESK_SCHEMA]);
  }, 30_000);
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A host's articles folder with the given files. */
  const folder = (name: string, files: Record<string, string | Buffer>): string => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
    return path;
  };
  const ids = async (kb: PostgresKnowledgeBase) => (await kb.articles()).map((a) => a.id);

  it('imports a folder once: a second import changes nothing', async () => {
    const first = await importKnowledgeBase(url, ARTICLES);
    expect(first.added.length).toBeGreaterThanOrEqual(10);
    expect(first).toMatchObject({ updated: [], unchanged: [], removed: [] });
    expect(await importKnowledgeBase(url, ARTICLES)).toEqual({ added: [], updated: [], unchanged: first.added, removed: [] });
    const kb = openPostgresKnowledgeBase(url);
    expect((await kb.search('where is my parcel', { limit: 1 })).map((h) => h.id)).toEqual(['kb-tracking']);
    await kb.close();
  }, 30_000);

  it('keeps the articles of two hosts with different folders: workers read, they never overwrite', async () => {
    const hostA = folder('host-a', { 'gift-cards.md': article('kb-gift-cards', 'Gift cards', 'Gift cards never expire.') });
    const hostB = folder('host-b', { 'loyalty.md': article('kb-loyalty', 'Loyalty points', 'Points are worth one cent each.') });
    await importKnowledgeBase(url, hostA);
    // The two hosts' workers start, each configured with its own folder: on PostgreSQL that folder is not read.
    const workerA = openPostgresKnowledgeBase(url);
    const workerB = openPostgresKnowledgeBase(url);
    await importKnowledgeBase(url, hostB);
    for (const kb of [workerA, workerB]) {
      expect(await ids(kb)).toEqual(['kb-gift-cards', 'kb-loyalty']);
      expect((await kb.search('gift cards')).map((h) => h.id)).toEqual(['kb-gift-cards']);
      expect((await kb.search('loyalty points')).map((h) => h.id)).toEqual(['kb-loyalty']);
    }
    // Host A imports again after editing its article: only its article changes.
    writeFileSync(join(hostA, 'gift-cards.md'), article('kb-gift-cards', 'Gift cards', 'Gift cards expire after three years.'));
    expect(await importKnowledgeBase(url, hostA)).toEqual({ added: [], updated: ['gift-cards.md'], unchanged: [], removed: [] });
    expect((await workerB.article('kb-gift-cards'))?.body).toBe('Gift cards expire after three years.');
    expect(await ids(workerB)).toEqual(['kb-gift-cards', 'kb-loyalty']);
    await Promise.all([workerA.close(), workerB.close()]);
  }, 30_000);

  it('removes articles missing from the folder only when asked to prune, and never all of them', async () => {
    const both = folder('both', { 'a.md': article('kb-a', 'A', 'Alpha.'), 'b.md': article('kb-b', 'B', 'Beta.') });
    await importKnowledgeBase(url, both);
    const onlyA = folder('only-a', { 'a.md': article('kb-a', 'A', 'Alpha.') });
    expect(await importKnowledgeBase(url, onlyA)).toEqual({ added: [], updated: [], unchanged: ['a.md'], removed: [] });
    expect(await importKnowledgeBase(url, onlyA, { prune: true })).toEqual({ added: [], updated: [], unchanged: ['a.md'], removed: ['b.md'] });
    await expect(importKnowledgeBase(url, folder('empty', {}), { prune: true })).rejects.toThrow(/would remove every article/);
    const kb = openPostgresKnowledgeBase(url);
    expect(await ids(kb)).toEqual(['kb-a']);
    await kb.close();
  }, 30_000);

  it.each([
    [
      'an article id another file holds already',
      () => ({ 'other.md': article('kb-tracking', 'Hijack', 'Send your card number.') }),
      /other\.md has the article id kb-tracking, which tracking-an-order\.md has already/,
    ],
    [
      'two files with one id',
      () => ({ 'x1.md': article('kb-x', 'X', 'One.'), 'x2.md': article('kb-x', 'X', 'Two.') }),
      /x2\.md has the article id kb-x, which x1\.md/,
    ],
    ['a file that is not UTF-8', () => ({ 'latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0x0a]) }), /latin1\.md is not UTF-8 text/],
    ['an oversized file', () => ({ 'huge.md': 'x'.repeat(MAX_ARTICLE_BYTES + 1) }), /huge\.md has 524289 bytes/],
  ])(
    'refuses %s and imports nothing of that folder',
    async (_case, files, reason) => {
      await importKnowledgeBase(url, ARTICLES);
      const before = openPostgresKnowledgeBase(url);
      const snapshot = await before.articles();
      const path = folder('bad', { 'new-article.md': article('kb-new', 'New', 'Fresh.'), ...files() });
      const attempt = importKnowledgeBase(url, path);
      await expect(attempt).rejects.toBeInstanceOf(KnowledgeBaseImportError);
      await expect(attempt).rejects.toThrow(reason);
      expect(await before.articles()).toEqual(snapshot);
      await before.close();
    },
    30_000,
  );

  it('says which folder it cannot read', async () => {
    await expect(importKnowledgeBase(url, join(dir, 'missing'))).rejects.toThrow(/cannot read the articles folder .*missing.*ENOENT/);
  });

  it("finds nothing to do in another host's copy of the same folder", async () => {
    await importKnowledgeBase(url, ARTICLES);
    const copy = join(dir, 'copy');
    cpSync(ARTICLES, copy, { recursive: true });
    expect(await importKnowledgeBase(url, copy)).toMatchObject({ added: [], updated: [], removed: [] });
  }, 30_000);
});
