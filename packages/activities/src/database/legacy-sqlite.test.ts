import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirPerTest } from '@org/orchestrator-testing';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import { openSqliteStore } from '../store/sqlite-store';

/**
 * `__tests__/legacy-sqlite/*.sqlite` were written by the stores before the migrations (commit
 * c626c49, hand-written `CREATE TABLE IF NOT EXISTS`): one handled message, claim, stash, thread
 * index row and sent outbox entry (the procurement and support desk files are their packages' tests).
 */
const LEGACY = join(__dirname, '__tests__', 'legacy-sqlite');
const FILES = ['orchestrator.sqlite'] as const;
const AT = new Date('2026-11-20T09:00:00Z');

/** Everything about a file's schema that a store relies on (not the DDL's spelling, nor the column order: the stores name every column). */
function schemaOf(db: SqliteDatabase): Record<string, unknown> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      {
        columns: db.prepare('SELECT name, lower(type) AS type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY name').all(name) as object[],
        indexes: db.prepare('SELECT "unique", origin, partial FROM pragma_index_list(?) ORDER BY origin, "unique"').all(name),
        indexedColumns: (db.prepare("SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name").all(name) as { name: string }[]).map((index) => [
          index.name,
          (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as { name: string }[]).map((c) => c.name),
        ]),
        foreignKeys: db.prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY "from"').all(name),
        autoincrement: /autoincrement/i.test((db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql),
      },
    ]),
  );
}

const inspect = <T>(file: string, read: (db: SqliteDatabase) => T): T => {
  const db = openSqliteDatabase(file, { setup: () => undefined });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

const applied = (file: string) =>
  inspect(file, (db) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_schema_migrations' ORDER BY name").all() as { name: string }[]).map(
      ({ name }) => [name, (db.prepare(`SELECT name FROM "${name}"`).all() as { name: string }[]).map((r) => r.name)],
    ),
  );

/** Opens every store on the files in `dir`, as a worker does. */
async function openAll(dir: string): Promise<void> {
  openSqliteStore(join(dir, 'orchestrator.sqlite')).close();
  await openSqliteThreadIndex(join(dir, 'orchestrator.sqlite')).close();
  await openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite')).close();
}

describe('SQLite files written before the migrations', () => {
  const dir = tempDirPerTest('legacy-sqlite-');
  const fresh = tempDirPerTest('fresh-sqlite-');
  beforeEach(() => {
    for (const file of FILES) copyFileSync(join(LEGACY, file), join(dir(), file));
  });

  it('are adopted: the migrations are recorded, nothing is lost, and the schema is what a new file gets', async () => {
    const rowsBefore = FILES.map((file) => inspect(join(dir(), file), countRows));
    await openAll(dir());
    await openAll(fresh());

    const expected = [
      ['orchestrator_schema_migrations', ['0001-handled-messages-stash-claims']],
      ['outbox_schema_migrations', ['0001-outbox-ledger']],
      ['thread_index_schema_migrations', ['0001-thread-index']],
    ];
    expect(applied(join(dir(), 'orchestrator.sqlite'))).toEqual(expected);
    for (const file of FILES) {
      expect(inspect(join(dir(), file), schemaOf)).toEqual(inspect(join(fresh(), file), schemaOf));
    }
    // Same rows as before, plus only the (empty) tables the old code did not create.
    const rowsAfter = FILES.map((file) => inspect(join(dir(), file), countRows));
    rowsAfter.forEach((after, i) => expect(after).toEqual({ ...rowsBefore[i], ...onlyNew(after, rowsBefore[i]!) }));
  }, 30_000);

  it('keep working after adoption: old rows read, a sent email stays sent', async () => {
    const store = openSqliteStore(join(dir(), 'orchestrator.sqlite'));
    expect(store.handledMessages('<t1@legacy.example>')).toEqual([
      expect.objectContaining({ messageId: '<m1@legacy.example>', from: 'emma.jones@mail.example', subject: 'Where is my order?', attempts: 1 }),
    ]);
    expect(store.claimAutoReplySlot({ sender: 'Emma.Jones@mail.example', messageId: '<m1@legacy.example>', limit: 1, windowMs: 3_600_000 }, AT)).toEqual({
      granted: true,
    });
    expect(store.loadStash('<t1@legacy.example>', store.stash('<t1@legacy.example>', '{"legacy":true}', 1, AT))).toBe('{"legacy":true}');
    store.close();

    const index = openSqliteThreadIndex(join(dir(), 'orchestrator.sqlite'));
    expect(await index.threadsOf(['<a1@orchestrator.local>'])).toEqual(new Map([['<a1@orchestrator.local>', '<t1@legacy.example>']]));
    await index.close();

    const ledger = openSqliteOutboxLedger(join(dir(), 'orchestrator.sqlite'));
    const retry = { messageId: '<a1@orchestrator.local>', threadId: '<t1@legacy.example>', fingerprint: 'f1', transport: 'smtp', owner: 'w2', leaseMs: 60_000 };
    expect(await ledger.claim(retry, AT)).toMatchObject({ outcome: 'sent', entry: { status: 'sent', attempts: 2 } });
    await ledger.close();
  }, 30_000);

  it('of the oldest layout (ledger without message columns, outbox without leases) get the missing columns', async () => {
    const file = join(dir(), 'oldest.sqlite');
    const db = openSqliteDatabase(file, { setup: () => undefined });
    // The tables as the stores created them before commits 9c0c62b and 63fd9b8.
    db.exec(`
      CREATE TABLE handled_messages (workflow_run_id TEXT NOT NULL, activity_id TEXT NOT NULL, thread_id TEXT NOT NULL, message_id TEXT NOT NULL,
        flow TEXT NOT NULL, action TEXT NOT NULL, reply_message_id TEXT, attempts INTEGER NOT NULL DEFAULT 1, first_recorded_at TEXT NOT NULL,
        last_recorded_at TEXT NOT NULL, PRIMARY KEY (workflow_run_id, activity_id));
      CREATE INDEX handled_messages_by_thread ON handled_messages (thread_id, message_id);
      INSERT INTO handled_messages VALUES ('run-0', '1', '<t0@old.example>', '<m0@old.example>', 'support', 'replied', NULL, 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
      CREATE TABLE outbox_ledger (message_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent')), transport TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 1,
        location TEXT, response TEXT, claimed_at TEXT NOT NULL, sent_at TEXT);
      INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at) VALUES ('<s0@o.local>', '<t0@old.example>', 'f0', 'sending', 'smtp', '2025-01-01T00:00:00.000Z');`);
    db.close();

    const store = openSqliteStore(file);
    expect(store.handledMessages()).toEqual([expect.objectContaining({ messageId: '<m0@old.example>', action: 'replied' })]);
    store.recordHandled(
      {
        workflowRunId: 'run-1',
        activityId: '1',
        threadId: '<t1@old.example>',
        messageId: '<m1@old.example>',
        flow: 'support',
        action: 'replied',
        from: 'a@b.example',
      },
      AT,
    );
    expect(store.handledMessages('<t1@old.example>')[0]?.from).toBe('a@b.example');
    store.close();
    const ledger = openSqliteOutboxLedger(file);
    const stranded = { messageId: '<s0@o.local>', threadId: '<t0@old.example>', fingerprint: 'f0', transport: 'smtp', owner: 'w1', leaseMs: 1000 };
    expect(await ledger.claim(stranded, AT)).toMatchObject({ outcome: 'taken-over', entry: { lease: { owner: 'w1' } } });
    await ledger.close();
    await openAll(fresh());
    const columns = (f: string, table: string) =>
      inspect(f, (d) => d.prepare('SELECT name, lower(type) AS type FROM pragma_table_info(?) ORDER BY name').all(table));
    for (const table of ['handled_messages', 'outbox_ledger']) expect(columns(file, table)).toEqual(columns(join(fresh(), 'orchestrator.sqlite'), table));
  }, 30_000);
});

function countRows(db: SqliteDatabase): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_schema_migrations'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/** The tables of `after` that `before` did not have. */
function onlyNew(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).filter(([name]) => !(name in before)));
}
