import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowStoreFile } from '@org/orchestrator-activities';
import { migratePostgres } from '@org/orchestrator-postgres';
import { tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import { KNOWLEDGE_INDEX_STORE, SUPPORT_DESK_STORE, supportFlowModule } from '../flow-module';
import { openPostgresKnowledgeBase } from '../postgres-knowledge-base';
import type { SupportFacts } from '../support-activities';
import { BUNDLED_KNOWLEDGE_BASE_DIR } from '../support-env';
import { SUPPORT_RULES } from '../support-rules';

const agents = new RulesProvider({ rules: SUPPORT_RULES });

describe('supportFlowModule', () => {
  const dir = tempDirPerTest('support-module-');

  it('keeps the support desk and the knowledge index in the data folder, the desk where SUPPORT_DB_PATH says', () => {
    expect(supportFlowModule.stores).toEqual([SUPPORT_DESK_STORE, KNOWLEDGE_INDEX_STORE]);
    expect(supportFlowModule.agentRules).toBe(SUPPORT_RULES);
    expect(flowStoreFile(SUPPORT_DESK_STORE, {}, '/srv/data')).toBe('/srv/data/support.sqlite');
    expect(flowStoreFile(SUPPORT_DESK_STORE, { SUPPORT_DB_PATH: '/srv/desk/d.sqlite' }, '/srv/data')).toBe('/srv/desk/d.sqlite');
    expect(flowStoreFile(KNOWLEDGE_INDEX_STORE, { SUPPORT_DB_PATH: '/srv/desk/d.sqlite' }, '/srv/data')).toBe('/srv/data/knowledge-index.sqlite');
    expect(KNOWLEDGE_INDEX_STORE.sqliteOnly).toBe(true);
    expect(existsSync(join(BUNDLED_KNOWLEDGE_BASE_DIR, 'returns-policy.md'))).toBe(true);
  });

  it('opens on SQLite files (folders created), with the articles of KNOWLEDGE_BASE_DIR, and builds working activities', async () => {
    const articles = join(dir(), 'articles');
    cpSync(BUNDLED_KNOWLEDGE_BASE_DIR, articles, { recursive: true });
    const deskFile = join(dir(), 'elsewhere', 'desk.sqlite');
    const opened = await supportFlowModule.open({
      env: { SUPPORT_DB_PATH: deskFile, KNOWLEDGE_BASE_DIR: articles },
      database: { kind: 'sqlite', directory: dir() },
      agents,
    });
    try {
      expect(opened.description).toBe(`support desk in ${deskFile}; knowledge base: ${articles}`);
      expect(Object.keys(opened.activities).sort()).toEqual(['closeSupportTicket', 'draftSupportAnswer', 'lookupSupportFacts', 'openSupportTicket']);
      const lookup = opened.activities['lookupSupportFacts'] as (input: unknown) => Promise<SupportFacts>;
      const facts = await lookup({ threadId: '<m@x>', customer: 'emma.jones@mail.example', text: 'Where is my order A10482?' });
      expect(facts.order?.id).toBe('A10482');
      expect(facts.articles.map((a) => a.id)).toContain('kb-tracking');
      expect(existsSync(join(dir(), 'knowledge-index.sqlite'))).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('stops the worker at start when the articles folder is missing, naming it', async () => {
    const missing = join(dir(), 'no-articles');
    await expect(supportFlowModule.open({ env: { KNOWLEDGE_BASE_DIR: missing }, database: { kind: 'sqlite', directory: dir() }, agents })).rejects.toThrow(
      missing,
    );
  });

  describe('on PostgreSQL', () => {
    const databases = testDatabases('postgres');
    beforeAll(() => databases.start(), 120_000);
    afterAll(() => databases.stop(), 60_000);

    it('seeds customers, orders and articles once, and reads them from the database', async () => {
      const url = await databases.fresh('support-seed');
      await migratePostgres(
        url,
        supportFlowModule.stores!.filter((s) => !s.sqliteOnly).map((s) => s.schema),
      );
      const first = await supportFlowModule.seed!({ url, env: {} });
      expect(first).toMatchObject({ customers: expect.any(Number), orders: expect.any(Number), articles: expect.any(Number) });
      expect(first['articles']).toBeGreaterThan(0);
      await expect(supportFlowModule.seed!({ url, env: {} })).resolves.toEqual({ customers: 0, orders: 0, articles: 0 });
      const knowledgeBase = openPostgresKnowledgeBase(url);
      expect((await knowledgeBase.articles()).length).toBe(first['articles']);
      await knowledgeBase.close();

      const opened = await supportFlowModule.open({ env: {}, database: { kind: 'postgres', url }, agents });
      try {
        expect(opened.description).toBe('support desk and knowledge base in the database');
        const lookup = opened.activities['lookupSupportFacts'] as (input: unknown) => Promise<SupportFacts>;
        await expect(lookup({ threadId: '<m@x>', customer: 'emma.jones@mail.example', text: 'Where is my order A10482?' })).resolves.toMatchObject({
          order: { id: 'A10482' },
        });
      } finally {
        await opened.close();
      }
    }, 60_000);
  });
});
