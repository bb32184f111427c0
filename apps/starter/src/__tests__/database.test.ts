import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import { runCli } from '../cli';
import { BUNDLED_KNOWLEDGE_BASE_DIR } from '@org/orchestrator-support-desk/node';
import { FakeTemporal } from './fake-temporal';

const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
  const deps = new FakeTemporal().deps({ env });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.stdout.join('\n'), err: deps.io.stderr.join('\n'), connect: deps.connect };
};

/** The sample articles `seed` loads by default. */
const SAMPLE_ARTICLES = readdirSync(BUNDLED_KNOWLEDGE_BASE_DIR).filter((name) => name.endsWith('.md')).length;

describe('runCli migrate, seed and kb import', () => {
  it.each([
    [{}, /DATABASE_URL is not set/],
    [{ DATABASE_URL: '.data/orchestrator.sqlite' }, /DATABASE_URL must be a PostgreSQL URL/],
  ])('refuses without a PostgreSQL DATABASE_URL (%j)', async (env, reason) => {
    // (migrate works on SQLite files too: see migrate.test.ts)
    for (const command of ['seed', 'kb import .']) {
      const { code, err, connect } = await run(command.split(' '), env);
      expect(code).toBe(2);
      expect(err).toMatch(reason);
      expect(connect).not.toHaveBeenCalled();
    }
  });

  it('says where it cannot connect, without Temporal', async () => {
    const { code, err } = await run(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(err).toMatch(/cannot migrate postgres:\/\/nobody@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  });

  it.each([
    [['kb'], /missing action/],
    [['kb', 'export', 'x'], /unknown action "export"/],
    [['kb', 'import'], /missing <folder>/],
    [['kb', 'import', 'a', 'b'], /expected one <folder>/],
  ])('refuses a bad kb command line %j', async (argv, reason) => {
    const { code, err } = await run(argv, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code).toBe(2);
    expect(err).toMatch(reason);
  });

  describe('on a database', () => {
    let cluster: PgCluster;
    let url: string;
    beforeAll(async () => {
      cluster = await startPgCluster();
      url = await cluster.createDatabase('cli');
    }, 120_000);
    afterAll(() => cluster?.stop(), 60_000);

    it('migrates every store once, seeds the samples once, and lists the ledger from it', async () => {
      const first = await run(['migrate'], { DATABASE_URL: url });
      expect(first.out.split('\n')).toEqual([
        `PostgreSQL ${url}`,
        '  orchestrator: applied 0001-handled-messages-stash-claims',
        '  thread_index: applied 0001-thread-index',
        '  outbox: applied 0001-outbox-ledger',
        '  inbox: applied 0001-inbox-sessions, 0002-inbox-sign-in-links-sent',
        '  procurement: applied 0001-suppliers-purchase-orders',
        '  support_desk: applied 0001-customers-orders-tickets-knowledge-base',
        '  invoice_matching: applied 0001-receipts-payments-bank-accounts',
      ]);
      expect((await run(['migrate', '--json'], { DATABASE_URL: url })).out).toContain('"appliedNow": []');
      expect((await run(['seed'], { DATABASE_URL: url })).out).toBe(`added 8 suppliers, 13 customers, 20 orders, ${SAMPLE_ARTICLES} articles`);
      expect(JSON.parse((await run(['seed', '--json'], { DATABASE_URL: url })).out)).toEqual({ suppliers: 0, customers: 0, orders: 0, articles: 0 });

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(
        `INSERT INTO handled_messages (workflow_run_id, activity_id, thread_id, message_id, flow, action, first_recorded_at, last_recorded_at)
         VALUES ('r', '1', '<t@x>', '<m@x>', 'support', 'answered', '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z')`,
      );
      await client.end();
      const { code, out } = await run(['messages', '<t@x>'], { DATABASE_URL: url, ORCHESTRATOR_DB_PATH: '/nonexistent/orchestrator.sqlite' });
      expect(code).toBe(0);
      expect(out).toBe('#1  2026-11-25T10:00:00.000Z  support: answered  <m@x>');
    }, 60_000);

    it('imports an articles folder into the knowledge base, idempotently, and refuses a folder it cannot take', async () => {
      const kbUrl = await cluster.createDatabase('kb');
      const dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
      try {
        writeFileSync(join(dir, 'gift-cards.md'), '---\nid: kb-gift-cards\ntitle: Gift cards\n---\nGift cards never expire.\n');
        const first = await run(['kb', 'import', dir], { DATABASE_URL: kbUrl });
        expect(first).toMatchObject({ code: 0, out: `${dir}: 1 added, 0 updated, 0 unchanged, 0 removed\n  added gift-cards.md` });
        expect(JSON.parse((await run(['kb', 'import', dir, '--json'], { DATABASE_URL: kbUrl })).out)).toEqual({
          added: [],
          updated: [],
          unchanged: ['gift-cards.md'],
          removed: [],
        });
        writeFileSync(join(dir, 'copy.md'), '---\nid: kb-gift-cards\ntitle: Copy\n---\nA second article with the same id.\n');
        const refused = await run(['kb', 'import', dir], { DATABASE_URL: kbUrl });
        expect(refused.code).toBe(2);
        expect(refused.err).toMatch(/gift-cards\.md has the article id kb-gift-cards, which copy\.md has already/);
        const client = new pg.Client({ connectionString: kbUrl });
        await client.connect();
        const { rows } = await client.query<{ path: string }>('SELECT path FROM kb_articles ORDER BY path');
        await client.end();
        expect(rows).toEqual([{ path: 'gift-cards.md' }]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
