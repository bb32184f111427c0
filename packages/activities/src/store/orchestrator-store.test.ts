import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import { ORCHESTRATOR_SCHEMA } from './orchestrator-schema';
import type { OrchestratorStore } from './orchestrator-store';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';

type Store = AsyncCompatible<OrchestratorStore>;
const at = new Date('2026-11-25T10:00:00Z');
const record = { threadId: '<t@x>', messageId: '<m@x>', flow: 'support' as const, action: 'acknowledged', workflowRunId: 'run-1', activityId: '7' };

/** The behaviour every orchestrator store has, whichever database holds it. `open` gives two handles on one fresh store (two workers). */
function storeContract(open: () => Promise<[Store, Store]>) {
  let a: Store;
  let b: Store;
  beforeEach(async () => ([a, b] = await open()));
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('counts a retried handling in one row across workers, and pages the ledger newest first', async () => {
    expect(await a.recordHandled({ ...record, from: 'emma@mail.example', subject: 'Where is my order?', receivedAt: at.toISOString() }, at)).toEqual({
      attempts: 1,
    });
    expect(await b.recordHandled(record, at)).toEqual({ attempts: 2 });
    for (let i = 0; i < 5; i++) await b.recordHandled({ ...record, messageId: `<m${i}@x>`, activityId: `a${i}` }, at);
    await a.recordHandled({ ...record, threadId: '<other@x>', activityId: 'z' }, at);
    const rows = await a.handledMessages('<t@x>');
    expect(rows.map((r) => [r.activityId, r.attempts])).toEqual([
      ['7', 2],
      ['a0', 1],
      ['a1', 1],
      ['a2', 1],
      ['a3', 1],
      ['a4', 1],
    ]);
    expect(rows[0]).toMatchObject({ from: 'emma@mail.example', subject: 'Where is my order?', firstRecordedAt: at.toISOString() });
    expect(await b.handledMessages()).toHaveLength(7);
    const first = await b.listHandled('<t@x>', { limit: 4 });
    expect(first.map((r) => r.activityId)).toEqual(['a4', 'a3', 'a2', 'a1']);
    const next = await b.listHandled('<t@x>', { limit: 4, before: first[3]!.seq });
    expect(next.map((r) => r.activityId)).toEqual(['a0', '7']);
    expect(await a.listHandled('<t@x>', { limit: 10, before: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(await a.findHandled('<t@x>', ['<m3@x>', '<nope@x>', '<m@x>'])).toEqual(['<m3@x>', '<m@x>']);
    expect(await a.findHandled('<t@x>', [])).toEqual([]);
  });

  it('stores a stash once under its content id, visible to every worker of the thread only', async () => {
    const json = JSON.stringify([{ id: '<1@x>', text: "O'Brien; DROP TABLE message_stash; --" }]);
    const id = await a.stash('<t@x>', json, 1, at);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await b.stash('<t@x>', json, 1, at)).toBe(id);
    expect(await b.loadStash('<t@x>', id)).toBe(json);
    expect(await b.loadStash('<other@x>', id)).toBeUndefined();
  });

  it('grants automatic-reply slots per sender within the window, never more than the limit across racing workers', async () => {
    const claim = (store: Store, messageId: string, when = at, sender = 'Emma@Mail.example') =>
      store.claimAutoReplySlot({ sender, messageId, limit: 3, windowMs: 3_600_000 }, when);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(i % 2 ? a : b, `<${i}@x>`)));
    expect(answers.filter((x) => x.granted)).toHaveLength(3);
    const retried = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(i % 2 ? b : a, `<${i}@x>`)));
    expect(retried).toEqual(answers);
    expect(await claim(a, '<x@x>', at, 'other@x.example')).toEqual({ granted: true });
    expect(await claim(b, '<late@x>', new Date(at.getTime() + 2 * 3_600_000), 'emma@mail.example')).toEqual({ granted: true });
  });
}

describe('orchestrator store on SQLite (one file, two connections)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'store-contract-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  storeContract(async () => {
    const file = join(dir, `db-${++n}.sqlite`);
    return [openSqliteStore(file), openSqliteStore(file)];
  });
});

describe('orchestrator store on PostgreSQL (one database, two pools)', () => {
  let cluster: PgCluster;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);
  storeContract(async () => {
    const url = await cluster.createDatabase('store');
    await migratePostgres(url, [ORCHESTRATOR_SCHEMA]);
    return [openPostgresStore(url, { max: 3 }), openPostgresStore(url, { max: 3 })];
  });

  it('migrates once when several workers start together, and again changes nothing', async () => {
    const url = await cluster.createDatabase('migrate');
    const reports = (await Promise.all(Array.from({ length: 4 }, () => migratePostgres(url, [ORCHESTRATOR_SCHEMA])))).flat();
    expect(reports.flatMap((r) => r.applied)).toEqual(Object.keys(ORCHESTRATOR_SCHEMA.migrations));
    await expect(migratePostgres(url, [ORCHESTRATOR_SCHEMA])).resolves.toEqual([{ store: 'orchestrator', applied: [], newer: [] }]);
  }, 60_000);

  it('leaves a database migrated by newer code alone (rolling deploy)', async () => {
    const url = await cluster.createDatabase('newer');
    const newer = { ...ORCHESTRATOR_SCHEMA, migrations: { ...ORCHESTRATOR_SCHEMA.migrations, '9999-from-the-future': { statements: () => [] } } };
    await migratePostgres(url, [newer]);
    await expect(migratePostgres(url, [ORCHESTRATOR_SCHEMA])).resolves.toEqual([{ store: 'orchestrator', applied: [], newer: ['9999-from-the-future'] }]);
    const store = openPostgresStore(url);
    await expect(store.recordHandled(record, at)).resolves.toEqual({ attempts: 1 });
    await store.close();
  }, 60_000);
});
