import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMAIL_LIMITS } from '@org/orchestrator-contracts';
import pg from 'pg';
import { migratePostgres } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import type { ThreadIndex } from '../index';
import { THREAD_INDEX_MAX_LOOKUP, ThreadIndexInputError } from '../index';
import { THREAD_INDEX_SCHEMA, openPostgresThreadIndex } from '../postgres';
import { openSqliteThreadIndex } from '../sqlite';

const at = new Date('2026-11-27T10:00:00Z');
const ROOT = '<m1@customer.example>';
const ANSWER = '<a1.7f3c@orchestrator.local>';

/** Every row of the index, read straight from the database. */
async function storedRows(kind: string, location: string): Promise<unknown[]> {
  const query = 'SELECT message_id, thread_id, direction, recorded_at FROM thread_index';
  if (kind === 'sqlite') {
    const db = openSqliteDatabase(location, { setup: () => undefined });
    const rows = db.prepare(query).all();
    db.close();
    return rows;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  const { rows } = await client.query(query);
  await client.end();
  return rows;
}

describe.each(DATABASE_KINDS)('thread index on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  const openIndex = (location: string): ThreadIndex => (kind === 'sqlite' ? openSqliteThreadIndex(location) : openPostgresThreadIndex(location));
  let dir: string;
  let location: string;
  let index: ThreadIndex;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thread-index-'));
    location = kind === 'sqlite' ? join(dir, 'orchestrator.sqlite') : await databases.fresh('thread_index');
    if (kind === 'postgres') await migratePostgres(location, [THREAD_INDEX_SCHEMA]);
    index = openIndex(location);
  });
  afterEach(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records inbound and outbound ids with their thread and finds them, keyed as asked', async () => {
    await expect(index.record({ messageId: ROOT, threadId: ROOT, direction: 'inbound' }, at)).resolves.toEqual({ threadId: ROOT });
    await expect(index.record({ messageId: ANSWER, threadId: ROOT, direction: 'outbound' }, at)).resolves.toEqual({ threadId: ROOT });
    // Message-IDs are compared in canonical form: brackets and folding whitespace do not matter.
    const found = await index.threadsOf(['a1.7f3c@orchestrator.local', ' <m1@customer.example> ', '<unknown@x.example>']);
    expect(found).toEqual(
      new Map([
        ['a1.7f3c@orchestrator.local', ROOT],
        [' <m1@customer.example> ', ROOT],
      ]),
    );
    await expect(index.threadsOf([])).resolves.toEqual(new Map());
  });

  it('keeps the first thread of an inbound id: a later message reusing it moves nothing', async () => {
    await index.record({ messageId: '<m2@customer.example>', threadId: ROOT, direction: 'inbound' }, at);
    await expect(index.record({ messageId: '<m2@customer.example>', threadId: '<other@x.example>', direction: 'inbound' }, at)).resolves.toEqual({
      threadId: ROOT,
    });
    await expect(index.threadsOf(['<m2@customer.example>'])).resolves.toEqual(new Map([['<m2@customer.example>', ROOT]]));
  });

  it('lets our own (outbound) record replace an inbound one, never the other way round', async () => {
    // Someone sent a message claiming the id we are about to use.
    await index.record({ messageId: ANSWER, threadId: '<forged@attacker.example>', direction: 'inbound' }, at);
    await expect(index.record({ messageId: ANSWER, threadId: ROOT, direction: 'outbound' }, at)).resolves.toEqual({ threadId: ROOT });
    // ... and after ours: the echo of our message, or a forgery, changes nothing.
    await expect(index.record({ messageId: ANSWER, threadId: '<forged@attacker.example>', direction: 'inbound' }, at)).resolves.toEqual({ threadId: ROOT });
    await expect(index.threadsOf([ANSWER])).resolves.toEqual(new Map([[ANSWER, ROOT]]));
  });

  it('records idempotently: a retried write leaves one row', async () => {
    for (let i = 0; i < 3; i++) await index.record({ messageId: ANSWER, threadId: ROOT, direction: 'outbound' }, new Date(at.getTime() + i));
    expect(await storedRows(kind, location)).toEqual([{ message_id: ANSWER, thread_id: ROOT, direction: 'outbound', recorded_at: at.toISOString() }]);
  });

  it.each([
    [
      'a NUL in the Message-ID',
      { messageId: '<a\u0000b@x.example>', threadId: ROOT },
      /messageId must not contain control characters \(found U\+0000 at index 2\)/,
    ],
    [
      'a line break in the thread id',
      { messageId: ANSWER, threadId: '<m1@x.example>\r\nBcc: x' },
      /threadId must not contain control characters \(found U\+000D/,
    ],
    ['a C1 control', { messageId: '<a\u0085b@x.example>', threadId: ROOT }, /messageId must not contain control characters \(found U\+0085/],
    ['an empty Message-ID', { messageId: ' ', threadId: ROOT }, /messageId must be a non-empty string/],
    ['an over-long Message-ID', { messageId: `<${'a'.repeat(EMAIL_LIMITS.messageIdLength)}@x>`, threadId: ROOT }, /messageId must be at most 998 characters/],
    ['an over-long thread id', { messageId: ANSWER, threadId: `<${'a'.repeat(EMAIL_LIMITS.messageIdLength)}@x>` }, /threadId must be at most 998 characters/],
    [
      'a bare id that gets too long in brackets',
      { messageId: `${'a'.repeat(EMAIL_LIMITS.messageIdLength - 2)}@x`, threadId: ROOT },
      /messageId must be at most 998 characters \(got 1000\) in canonical form/,
    ],
  ])('refuses %s and stores nothing', async (_what, ids, reason) => {
    const refused = index.record({ ...ids, direction: 'outbound' }, at);
    await expect(refused).rejects.toBeInstanceOf(ThreadIndexInputError);
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.toMatchObject({ code: 'ThreadIndexInput' });
    await expect(index.threadsOf([ids.messageId, ids.threadId])).resolves.toEqual(new Map());
  });

  it('refuses an unknown direction', async () => {
    const record = { messageId: ANSWER, threadId: ROOT, direction: 'sideways' } as unknown as Parameters<ThreadIndex['record']>[0];
    await expect(index.record(record, at)).rejects.toThrow(/direction must be "inbound" or "outbound"/);
  });

  it('treats ids that cannot be stored as unknown in lookups, and bounds a lookup', async () => {
    await expect(index.threadsOf(['<a\u0000b@x.example>', '', 'x'.repeat(5000)])).resolves.toEqual(new Map());
    await expect(index.threadsOf(Array.from({ length: THREAD_INDEX_MAX_LOOKUP }, (_, i) => `<${i}@x.example>`))).resolves.toEqual(new Map());
    await expect(index.threadsOf(Array.from({ length: THREAD_INDEX_MAX_LOOKUP + 1 }, (_, i) => `<${i}@x.example>`))).rejects.toThrow(
      /messageIds must hold at most 1000 ids/,
    );
  });

  it('keeps its rows across reopening, next to other tables of the same file', async () => {
    await index.record({ messageId: ANSWER, threadId: ROOT, direction: 'outbound' }, at);
    await index.close();
    if (kind === 'sqlite') openSqliteDatabase(location, { setup: (d) => d.exec('CREATE TABLE IF NOT EXISTS other (id TEXT)') }).close();
    index = openIndex(location);
    await expect(index.threadsOf([ANSWER])).resolves.toEqual(new Map([[ANSWER, ROOT]]));
  });

  // The worker's processes and the ingress (of one host, or of many) open one new database at the same instant and write at once.
  it('is shared by several processes that open a fresh file at once and record concurrently', async () => {
    const file = kind === 'sqlite' ? join(dir, 'shared', 'orchestrator.sqlite') : location;
    const [module, open] = kind === 'sqlite' ? ['sqlite-thread-index.ts', 'openSqliteThreadIndex'] : ['postgres-thread-index.ts', 'openPostgresThreadIndex'];
    const script = `
      const { ${open}: open } = require(${JSON.stringify(join(__dirname, '..', 'thread-index', module))});
      while (Date.now() < Number(process.env.START_AT)) {} // all processes open at the same instant
      const index = open(process.env.DB_FILE);
      (async () => {
        for (let i = 0; i < 50; i++) {
          const n = process.env.N;
          await index.record({ messageId: '<' + n + '.' + i + '@orchestrator.local>', threadId: '<t' + n + '@x.example>', direction: i % 2 ? 'inbound' : 'outbound' }, new Date());
        }
        await index.close();
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const startAt = String(Date.now() + 3000);
    const codes = await Promise.all(
      Array.from(
        { length: 4 },
        (_, n) =>
          new Promise<number | null>((resolve) => {
            const child = spawn('node', ['--conditions=@org/source', '--import', 'tsx', '-e', script], {
              env: { ...process.env, DB_FILE: file, START_AT: startAt, N: String(n) },
              stdio: 'inherit',
            });
            child.on('exit', resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const shared = openIndex(file);
    const ids = Array.from({ length: 4 }, (_, n) => Array.from({ length: 50 }, (_, i) => `<${n}.${i}@orchestrator.local>`)).flat();
    const found = await shared.threadsOf(ids);
    expect(found.size).toBe(200);
    expect(found.get('<3.49@orchestrator.local>')).toBe('<t3@x.example>');
    await shared.close();
  }, 60_000);
});
