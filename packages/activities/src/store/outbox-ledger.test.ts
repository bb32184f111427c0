import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { openOutboxLedger } from './open-outbox-ledger';
import { openPostgresOutboxLedger } from './postgres-outbox-ledger';
import { openSqliteOutboxLedger } from './sqlite-outbox-ledger';
import { at, ledgerContract, request } from './__tests__/support/ledger-contract';
import type { PgCluster } from './__tests__/support/pg-cluster';
import { startPgCluster } from './__tests__/support/pg-cluster';

/** The table as created before leases existed, with a message an old worker left `sending`. */
const LEGACY_TABLE = (timestamp: string) => `
CREATE TABLE outbox_ledger (
  message_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent')), transport TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1, location TEXT, response TEXT, claimed_at ${timestamp} NOT NULL, sent_at ${timestamp}
);
CREATE INDEX outbox_ledger_by_thread ON outbox_ledger (thread_id);
INSERT INTO outbox_ledger (message_id, thread_id, fingerprint, status, transport, claimed_at)
VALUES ('<r1@orchestrator.local>', '<t@x>', 'f1', 'sending', 'file:///outbox', '2026-11-25T09:00:00.000Z'),
       ('<old-sent@x>', '<t@x>', 'f0', 'sent', 'file:///outbox', '2026-11-25T08:00:00.000Z');`;

describe(openSqliteOutboxLedger, () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'ledger-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  ledgerContract(async () => openSqliteOutboxLedger(path.join(dir, `ledger-${++n}.sqlite`)));

  it('is shared by two connections to one file (two worker processes)', async () => {
    const file = path.join(dir, 'shared.sqlite');
    const a = openSqliteOutboxLedger(file);
    const b = await openOutboxLedger(`sqlite:${file}`);
    expect(b.kind).toBe('sqlite');
    await expect(a.claim(request('a'), at)).resolves.toMatchObject({ outcome: 'new' });
    await expect(b.claim(request('b'), at)).resolves.toMatchObject({ outcome: 'leased' });
    await a.markSent(request().messageId, { location: 'l', response: 'r' }, at);
    await expect(b.claim(request('b'), at)).resolves.toMatchObject({ outcome: 'sent' });
    await a.close();
    await b.close();
  });

  it('migrates a file created before leases: old rows keep working, a stranded send is taken over', async () => {
    const file = path.join(dir, 'legacy.sqlite');
    openSqliteDatabase(file, { setup: (db) => db.exec(LEGACY_TABLE('TEXT')) }).close();
    const ledger = openSqliteOutboxLedger(file);
    await expect(ledger.claim(request('new-worker'), at)).resolves.toMatchObject({ outcome: 'taken-over', entry: { attempts: 2, lease: { owner: 'new-worker' } } });
    await expect(ledger.claim(request('x', { messageId: '<old-sent@x>', fingerprint: 'f0' }), at)).resolves.toMatchObject({ outcome: 'sent' });
    await ledger.close();
    // Opening again finds the columns there and changes nothing.
    const reopened = openSqliteOutboxLedger(file);
    await expect(reopened.get(request().messageId)).resolves.toMatchObject({ lease: { owner: 'new-worker' } });
    await reopened.close();
  });
});

// Against a real PostgreSQL: a throwaway cluster started by this test (initdb + pg_ctl).
describe(openPostgresOutboxLedger, () => {
  let cluster: PgCluster;
  let n = 0;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  /** A fresh database on the cluster, so tests stay independent. */
  async function createDatabase(setup?: string): Promise<string> {
    const name = `ledger_${++n}`;
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, `/${name}`);
    if (setup) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(setup);
      await client.end();
    }
    return url;
  }

  ledgerContract(async () => openOutboxLedger(await createDatabase()));

  it('creates its table once even when many workers open it at the same time', async () => {
    const url = await createDatabase();
    const ledgers = await Promise.all(Array.from({ length: 4 }, () => openPostgresOutboxLedger(url, { max: 1 })));
    expect(ledgers.every((l) => l.kind === 'postgres')).toBe(true);
    await Promise.all(ledgers.map((l) => l.close()));
  });

  it('migrates a table created before leases: old rows keep working, a stranded send is taken over', async () => {
    const url = await createDatabase(LEGACY_TABLE('TIMESTAMPTZ'));
    const ledgers = await Promise.all(Array.from({ length: 3 }, () => openPostgresOutboxLedger(url, { max: 1 })));
    const [ledger] = ledgers;
    await expect(ledger!.claim(request('new-worker'), at)).resolves.toMatchObject({ outcome: 'taken-over', entry: { attempts: 2, lease: { owner: 'new-worker' } } });
    await expect(ledger!.claim(request('x', { messageId: '<old-sent@x>', fingerprint: 'f0' }), at)).resolves.toMatchObject({ outcome: 'sent' });
    await Promise.all(ledgers.map((l) => l.close()));
  });
});
