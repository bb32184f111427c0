import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster, tempDirPerTest } from '@org/orchestrator-testing';
import { runCli } from '../cli';
import { FakeTemporal } from './fake-temporal';

const ROOT = join(__dirname, '..', '..', '..', '..');
/** Files the stores wrote before their migrations: the activities', procurement's, the support desk's and the knowledge-base index's legacy fixtures. */
const LEGACY = {
  stores: join(ROOT, 'packages', 'activities', 'src', 'database', '__tests__', 'legacy-sqlite'),
  procurement: join(ROOT, 'packages', 'procurement', 'src', 'node', '__tests__', 'legacy-sqlite', 'procurement.sqlite'),
  supportDesk: join(ROOT, 'packages', 'support-desk', 'src', 'node', '__tests__', 'legacy-sqlite', 'support.sqlite'),
  knowledgeIndex: join(ROOT, 'packages', 'support-desk', 'src', 'node', '__tests__', 'legacy-knowledge-index', 'knowledge-index.sqlite'),
};

/** The CLI as a process (`orchestrator …` from sources), in `cwd`, with only the environment given. */
async function orchestrator(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const args = [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=@org/source', join(__dirname, '..', 'main.ts'), ...argv];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd, env: { PATH: process.env['PATH'], ...env } });
    return { code: 0, out: stdout.trimEnd(), err: stderr.trimEnd() };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout.trimEnd(), err: failed.stderr.trimEnd() };
  }
}

/** The CLI in this process (what `main.ts` runs). */
const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
  const deps = new FakeTemporal().deps({ env });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.stdout.join('\n'), err: deps.io.stderr.join('\n'), connect: deps.connect };
};

interface MigrateJson {
  dryRun: boolean;
  databases: {
    kind: string;
    location: string;
    exists: boolean;
    stores: { store: string; applied: string[]; pending: string[]; newer: string[]; destructive: string[]; appliedNow: string[] }[];
  }[];
}

/** Each store's migrations, in order. */
const MIGRATIONS: Record<string, string[]> = {
  orchestrator: ['0001-handled-messages-stash-claims'],
  thread_index: ['0001-thread-index'],
  outbox: ['0001-outbox-ledger'],
  inbox: ['0001-inbox-sessions', '0002-inbox-sign-in-links-sent'],
  // The installed flows' stores (`@org/orchestrator-installed-flows`), each its own file in the data folder.
  procurement: ['0001-suppliers-purchase-orders'],
  support_desk: ['0001-customers-orders-tickets-knowledge-base'],
  knowledge_index: ['0001-knowledge-index-fts5'],
  invoice_matching: ['0001-receipts-payments-bank-accounts'],
};

/** `migrate` on a new SQLite data folder: every store's first migration, file by file. */
const SQLITE_APPLIED = [
  'SQLite .data/orchestrator.sqlite',
  `  orchestrator: applied ${MIGRATIONS['orchestrator']!.join(', ')}`,
  `  thread_index: applied ${MIGRATIONS['thread_index']!.join(', ')}`,
  `  outbox: applied ${MIGRATIONS['outbox']!.join(', ')}`,
  'SQLite .data/inbox/inbox.sqlite',
  `  inbox: applied ${MIGRATIONS['inbox']!.join(', ')}`,
  'SQLite .data/procurement.sqlite',
  `  procurement: applied ${MIGRATIONS['procurement']!.join(', ')}`,
  'SQLite .data/support.sqlite',
  `  support_desk: applied ${MIGRATIONS['support_desk']!.join(', ')}`,
  'SQLite .data/knowledge-index.sqlite',
  `  knowledge_index: applied ${MIGRATIONS['knowledge_index']!.join(', ')}`,
  'SQLite .data/invoices.sqlite',
  `  invoice_matching: applied ${MIGRATIONS['invoice_matching']!.join(', ')}`,
];

/** Each store's migrations applied by any of several concurrent runs: each exactly once. */
const appliedAcross = (outputs: string[]) =>
  (outputs.map((out) => JSON.parse(out) as MigrateJson).flatMap((o) => o.databases.flatMap((d) => d.stores)) ?? []).reduce<Record<string, string[]>>(
    (all, store) => ({ ...all, [store.store]: [...(all[store.store] ?? []), ...store.appliedNow] }),
    {},
  );

const count = (file: string, table: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('orchestrator migrate on SQLite', () => {
  const dir = tempDirPerTest('migrate-cli-');

  it('lists, then applies, every store’s migrations in the data folder a worker in that directory uses', async () => {
    const before = await orchestrator(dir(), ['migrate', '--dry-run', '--json']);
    expect(before.code).toBe(0);
    const listed = JSON.parse(before.out) as MigrateJson;
    expect(listed.dryRun).toBe(true);
    expect(listed.databases.map((d) => [d.kind, d.location.slice(dir().length), d.exists])).toEqual([
      ['sqlite', '/.data/orchestrator.sqlite', false],
      ['sqlite', '/.data/inbox/inbox.sqlite', false],
      ['sqlite', '/.data/procurement.sqlite', false],
      ['sqlite', '/.data/support.sqlite', false],
      ['sqlite', '/.data/knowledge-index.sqlite', false],
      ['sqlite', '/.data/invoices.sqlite', false],
    ]);
    expect(listed.databases.flatMap((d) => d.stores)).toEqual(
      Object.entries(MIGRATIONS).map(([store, name]) => ({ store, applied: [], pending: name, newer: [], destructive: [], appliedNow: [] })),
    );
    expect(readdirSync(dir())).toEqual([]); // a dry run creates nothing

    const applied = await orchestrator(dir(), ['migrate']);
    expect(applied).toMatchObject({ code: 0, err: '' });
    expect(applied.out.split('\n')).toEqual(SQLITE_APPLIED);

    // The same files, named as absolute paths, in this process: everything is up to date.
    const data = join(dir(), '.data');
    const env = {
      ORCHESTRATOR_DB_PATH: join(data, 'orchestrator.sqlite'),
      OUTBOX_DATABASE_URL: join(data, 'orchestrator.sqlite'),
      INBOX_DATA_DIR: join(data, 'inbox'),
    };
    const after = JSON.parse((await run(['migrate', '--dry-run', '--json'], env)).out) as MigrateJson;
    expect(after.databases.map((d) => d.location.slice(dir().length))).toEqual(listed.databases.map((d) => d.location.slice(dir().length)));
    expect(after.databases.flatMap((d) => d.stores)).toEqual(
      Object.entries(MIGRATIONS).map(([store, name]) => ({ store, applied: name, pending: [], newer: [], destructive: [], appliedNow: [] })),
    );
  }, 60_000);

  it('applies each migration once when several run at once', async () => {
    const outputs = await Promise.all([1, 2, 3].map(() => orchestrator(dir(), ['migrate', '--json'])));
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0]);
    expect(appliedAcross(outputs.map((o) => o.out))).toEqual(Object.fromEntries(Object.entries(MIGRATIONS).map(([store, name]) => [store, name])));
  }, 60_000);

  it('adopts files written before the migrations, row for row, and creates the missing one', async () => {
    const data = join(dir(), 'data');
    mkdirSync(data);
    for (const file of readdirSync(LEGACY.stores)) copyFileSync(join(LEGACY.stores, file), join(data, file));
    copyFileSync(LEGACY.procurement, join(data, 'procurement.sqlite'));
    copyFileSync(LEGACY.supportDesk, join(data, 'support.sqlite'));
    copyFileSync(LEGACY.knowledgeIndex, join(data, 'knowledge-index.sqlite'));
    const env = {
      ORCHESTRATOR_DB_PATH: join(data, 'orchestrator.sqlite'),
      OUTBOX_DATABASE_URL: join(data, 'orchestrator.sqlite'),
      INBOX_DATA_DIR: join(dir(), 'inbox'),
    };

    const listed = JSON.parse((await run(['migrate', '--dry-run', '--json'], env)).out) as MigrateJson;
    expect(listed.databases.map((d) => [d.location, d.exists, d.stores.map((s) => s.pending.length)])).toEqual([
      [join(data, 'orchestrator.sqlite'), true, [1, 1, 1]],
      [join(dir(), 'inbox', 'inbox.sqlite'), false, [MIGRATIONS['inbox']!.length]],
      [join(data, 'procurement.sqlite'), true, [1]],
      [join(data, 'support.sqlite'), true, [1]],
      [join(data, 'knowledge-index.sqlite'), true, [1]],
      [join(data, 'invoices.sqlite'), false, [1]],
    ]);

    const { code, out } = await run(['migrate', '--json'], env);
    expect(code).toBe(0);
    expect((JSON.parse(out) as MigrateJson).databases.flatMap((d) => d.stores.map((s) => [s.store, s.appliedNow, s.pending]))).toEqual(
      Object.entries(MIGRATIONS).map(([store, name]) => [store, name, []]),
    );
    // The rows the old code wrote are all there.
    expect(count(join(data, 'orchestrator.sqlite'), 'handled_messages')).toBe(1);
    expect(count(join(data, 'orchestrator.sqlite'), 'outbox_ledger')).toBe(1);
    expect(count(join(data, 'procurement.sqlite'), 'purchase_orders')).toBe(1);
    expect(count(join(data, 'support.sqlite'), 'tickets')).toBe(1);
    expect(count(join(data, 'knowledge-index.sqlite'), 'kb_fts')).toBe(3);
  }, 60_000);

  it('leaves a file migrated by newer code as it is', async () => {
    const env = { ORCHESTRATOR_DB_PATH: join(dir(), 'orchestrator.sqlite'), OUTBOX_DATABASE_URL: join(dir(), 'orchestrator.sqlite'), INBOX_DATA_DIR: dir() };
    await run(['migrate'], env);
    const db = new Database(join(dir(), 'knowledge-index.sqlite'));
    db.prepare("INSERT INTO knowledge_index_schema_migrations (name, timestamp) VALUES ('0002-from-the-future', '2027-01-01T00:00:00.000Z')").run();
    db.close();
    const { code, out } = await run(['migrate'], env);
    expect(code).toBe(0);
    expect(out).toContain('  knowledge_index: migrated by newer code (0002-from-the-future); left as is');
  }, 30_000);

  it('refuses a file that is not a database, names it, and leaves it as it was', async () => {
    const env = { ORCHESTRATOR_DB_PATH: join(dir(), 'orchestrator.sqlite'), OUTBOX_DATABASE_URL: join(dir(), 'orchestrator.sqlite'), INBOX_DATA_DIR: dir() };
    const garbage = Buffer.from('not a database, just some bytes an attacker or a mistake put here'.repeat(100));
    writeFileSync(join(dir(), 'procurement.sqlite'), garbage);
    for (const argv of [['migrate', '--dry-run'], ['migrate']]) {
      const { code, err } = await run(argv, env);
      expect(code).toBe(1);
      expect(err).toContain(`cannot migrate ${join(dir(), 'procurement.sqlite')}: file is not a database`);
      expect(readFileSync(join(dir(), 'procurement.sqlite'))).toEqual(garbage);
    }
  }, 30_000);

  it('refuses a DATABASE_URL that is not PostgreSQL, and unknown flags', async () => {
    expect(await run(['migrate'], { DATABASE_URL: '.data/orchestrator.sqlite' })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/DATABASE_URL must be a PostgreSQL URL/),
    });
    expect(await run(['migrate', '--drop-everything'], {})).toMatchObject({ code: 2, err: expect.stringMatching(/--drop-everything/) });
    expect(await run(['migrate', '--allow-destructive=yes'], {})).toMatchObject({ code: 2 });
  });
});

describe('orchestrator migrate on PostgreSQL', () => {
  let cluster: PgCluster;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('lists, then applies, every store’s migrations, the inbox’s too, in the same shape as on SQLite', async () => {
    const url = await cluster.createDatabase('cli_migrate');
    const dir = mkdtempSync(join(tmpdir(), 'migrate-cli-pg-'));
    try {
      const listed = JSON.parse((await run(['migrate', '--dry-run', '--json'], { DATABASE_URL: url })).out) as MigrateJson;
      expect(listed.databases).toEqual([
        {
          kind: 'postgres',
          location: expect.stringMatching(/^postgres:\/\//),
          exists: true,
          stores: Object.entries(MIGRATIONS)
            .filter(([store]) => store !== 'knowledge_index') // on PostgreSQL the articles are the support desk's kb_articles
            .map(([store, name]) => ({ store, applied: [], pending: name, newer: [], destructive: [], appliedNow: [] })),
        },
      ]);

      const outputs = await Promise.all([1, 2, 3].map(() => orchestrator(dir, ['migrate', '--json'], { DATABASE_URL: url })));
      expect(outputs.map((o) => o.code)).toEqual([0, 0, 0]);
      const { knowledge_index: _sqliteOnly, ...postgres } = MIGRATIONS;
      expect(appliedAcross(outputs.map((o) => o.out))).toEqual(Object.fromEntries(Object.entries(postgres).map(([store, name]) => [store, name])));

      const text = await run(['migrate', '--dry-run'], { DATABASE_URL: url });
      expect(text.out.split('\n')).toEqual([
        `PostgreSQL ${url}`,
        ...Object.entries(postgres).map(([store, name]) => `  ${store}: up to date (${name.join(', ')})`),
      ]);
      expect(readdirSync(dir)).toEqual([]); // no SQLite file on the side

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('inbox_sessions', 'inbox_used_tokens')");
      await client.end();
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
