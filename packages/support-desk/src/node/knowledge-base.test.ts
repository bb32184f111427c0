import { cpSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import type { KnowledgeBaseReader } from './knowledge-base';
import { openKnowledgeBase, parseArticle } from './knowledge-base';
import { openPostgresKnowledgeBase } from './postgres-knowledge-base';
import { importKnowledgeBase } from './postgres-knowledge-base-import';
import { SUPPORT_DESK_SCHEMA } from './support-desk-schema';

const ARTICLES = join(__dirname, '..', '..', 'knowledge-base');

// The same ranking tests for the SQLite FTS5 index and PostgreSQL full-text search.
describe.each(DATABASE_KINDS)('knowledge base indexed in %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);

  /** A new index location: a SQLite file (`:memory:` when none is named) or a migrated PostgreSQL database. */
  const freshIndex = async (file?: string): Promise<string> => {
    if (kind === 'sqlite') return file ?? ':memory:';
    const url = await databases.fresh('kb');
    await migratePostgres(url, [SUPPORT_DESK_SCHEMA]);
    return url;
  };
  /** SQLite indexes the folder itself; on PostgreSQL the folder is imported, then the workers read. */
  const openKb = async (dir: string, index: string): Promise<AsyncCompatible<KnowledgeBaseReader>> => {
    if (kind === 'sqlite') return openKnowledgeBase(dir, { indexFile: index });
    await importKnowledgeBase(index, dir);
    return openPostgresKnowledgeBase(index);
  };

  describe('the bundled articles', () => {
    let kb: AsyncCompatible<KnowledgeBaseReader>;
    beforeAll(async () => (kb = await openKb(ARTICLES, await freshIndex())), 60_000);
    afterAll(() => kb.close());

    it('indexes every article with its front matter', async () => {
      const articles = await kb.articles();
      expect(articles.length).toBeGreaterThanOrEqual(10);
      expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
      expect(await kb.article('kb-tracking')).toMatchObject({
        id: 'kb-tracking',
        title: 'Tracking your order and parcel',
        file: 'tracking-an-order.md',
      });
      expect((await kb.article('kb-tracking'))?.tags).toContain('parcel');
      expect((await kb.article('kb-tracking'))?.body).toMatch(/^# Tracking your order and parcel/);
      expect(await kb.article('nope')).toBeNull();
    });

    it.each([
      ['where is my parcel', 'kb-tracking'],
      ['How long does delivery to the UK take?', 'kb-shipping'],
      ['how do I return an item that is the wrong size', 'kb-returns'],
      ['I returned the headphones two weeks ago and still have not received my refund', 'kb-refunds'],
      ['the teapot arrived broken, the box was crushed', 'kb-damaged-items'],
      ['my blender stopped working after two weeks', 'kb-warranty'],
      ["I forgot my password and can't log in", 'kb-password'],
      ['I moved house, please send my order to my new address', 'kb-change-address'],
      ['can I cancel my order before it ships', 'kb-cancel-order'],
      ['do you accept PayPal or Klarna', 'kb-payment-methods'],
      ['I need an invoice with our company VAT number', 'kb-invoices'],
      ['Ich möchte mein Konto löschen – please delete my account and personal data', 'kb-account-delete'],
    ])('ranks the right article first for "%s"', async (query, id) => {
      const hits = await kb.search(query, { limit: 3 });
      expect(hits[0]?.id).toBe(id);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    });

    it('uses the classified intent to read a whole email', async () => {
      const email = "Where is my order #A10482? I ordered a kettle 10 days ago and it still hasn't arrived. Can you tell me where it is?";
      expect((await kb.search(email, { intent: 'order-status', limit: 1 }))[0]?.id).toBe('kb-tracking');
    });

    it('returns snippets with the matches marked', async () => {
      const [hit] = await kb.search('where is my parcel', { limit: 1 });
      expect(hit).toMatchObject({ id: 'kb-tracking', title: 'Tracking your order and parcel' });
      expect(hit.snippet).toContain('**parcel**');
      expect(hit.snippet.length).toBeLessThan(400);
      expect(hit.score).toBeGreaterThan(0);
    });

    it('honours the limit', async () => {
      expect(await kb.search('order delivery refund return account password', { limit: 2 })).toHaveLength(2);
      expect(await kb.search('parcel', { limit: 0 })).toEqual([]);
    });

    it.each([
      '"unbalanced quote',
      'title:secret body:',
      'NEAR(refund return, 2) AND OR NOT',
      '* ^ - + ( ) { } [ ] : ; \\ / | ~',
      "'; DROP TABLE kb_fts; --",
      'refund* "money back"~ {title tags}: parcel',
      'Wo ist mein Paket? 📦 Où est mon colis ? ¿Dónde está mi paquete?',
      'null\u0000byte and \u202Ebidi\u202C controls',
      '',
      '   \n\t ',
      'x'.repeat(10_000),
      'word '.repeat(5_000),
    ])('never throws on nasty input: %j', async (query) => {
      expect(Array.isArray(await kb.search(query))).toBe(true);
    });
  });
});

// PostgreSQL reads what `importKnowledgeBase` loaded: see postgres-knowledge-base-import.test.ts.
describe('the SQLite index re-indexing its folder', () => {
  let dir: string;
  let articles: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-'));
    articles = join(dir, 'articles');
    cpSync(ARTICLES, articles, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const later = (file: string, seconds: number) => {
    const at = new Date(Date.now() + seconds * 1000);
    utimesSync(file, at, at);
  };

  it('picks up a changed, an added and a removed article', async () => {
    const kb = openKnowledgeBase(articles, { indexFile: join(dir, 'index.sqlite') });
    expect(await kb.search('gift wrapping')).toEqual([]);

    const file = join(articles, 'invoices.md');
    writeFileSync(file, '---\nid: kb-invoices\ntitle: Invoices\ntags: [invoice]\n---\nWe offer gift wrapping for EUR 3.\n');
    later(file, 5);
    expect((await kb.search('gift wrapping')).map((h) => h.id)).toEqual(['kb-invoices']);
    expect((await kb.article('kb-invoices'))?.title).toBe('Invoices');

    writeFileSync(join(articles, 'gift-cards.md'), '---\nid: kb-gift-cards\ntitle: Gift cards\n---\nGift cards never expire.\n');
    expect((await kb.search('gift cards', { limit: 1 })).map((h) => h.id)).toEqual(['kb-gift-cards']);

    unlinkSync(join(articles, 'gift-cards.md'));
    expect((await kb.search('gift cards')).map((h) => h.id)).not.toContain('kb-gift-cards');
    expect(await kb.article('kb-gift-cards')).toBeNull();
    await kb.close();
  });

  it('re-indexes only what changed, across reopenings of the index file', async () => {
    const indexFile = join(dir, 'index.sqlite');
    const first = openKnowledgeBase(articles, { indexFile });
    const count = (await first.articles()).length;
    await first.close();

    const second = openKnowledgeBase(articles, { indexFile });
    expect(await second.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
    // Touched but identical: the hash says nothing changed.
    later(join(articles, 'warranty.md'), 10);
    expect(await second.refresh()).toEqual({ added: 0, updated: 0, removed: 0 });
    writeFileSync(join(articles, 'warranty.md'), '---\nid: kb-warranty\ntitle: Warranty\n---\nThree years.\n');
    later(join(articles, 'warranty.md'), 20);
    expect(await second.refresh()).toEqual({ added: 0, updated: 1, removed: 0 });
    expect(await second.articles()).toHaveLength(count);
    await second.close();
  });
});

describe(parseArticle, () => {
  it('reads front matter, with fallbacks to the heading and the file name', () => {
    expect(parseArticle('a.md', '---\nid: "kb-a"\ntitle: A title\ntags: [x, "y z"]\n---\n# Heading\nBody')).toEqual({
      id: 'kb-a',
      title: 'A title',
      tags: ['x', 'y z'],
      body: '# Heading\nBody',
      file: 'a.md',
    });
    expect(parseArticle('b.md', '\uFEFF# Only a heading\r\nBody\r\n')).toEqual({
      id: 'b',
      title: 'Only a heading',
      tags: [],
      body: '# Only a heading\nBody',
      file: 'b.md',
    });
  });
});
