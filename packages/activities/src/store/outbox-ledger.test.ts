import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { openOutboxLedger } from './open-outbox-ledger';
import { OUTBOX_LEDGER_APPLICATION_NAME, openPostgresOutboxLedger } from './postgres-outbox-ledger';
import { openSqliteOutboxLedger } from './sqlite-outbox-ledger';
import { at, ledgerContract, request } from './__tests__/support/ledger-contract';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';

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
    await expect(ledger.claim(request('new-worker'), at)).resolves.toMatchObject({
      outcome: 'taken-over',
      entry: { attempts: 2, lease: { owner: 'new-worker' } },
    });
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
    await expect(ledger!.claim(request('new-worker'), at)).resolves.toMatchObject({
      outcome: 'taken-over',
      entry: { attempts: 2, lease: { owner: 'new-worker' } },
    });
    await expect(ledger!.claim(request('x', { messageId: '<old-sent@x>', fingerprint: 'f0' }), at)).resolves.toMatchObject({ outcome: 'sent' });
    await Promise.all(ledgers.map((l) => l.close()));
  });

  /** Terminates, from another connection, the ledger's backends in the database at `url`. */
  async function killLedgerBackends(url: string): Promise<number> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [OUTBOX_LEDGER_APPLICATION_NAME],
      );
      return rows.length;
    } finally {
      await admin.end();
    }
  }

  it('survives an idle connection killed by the server (pg_terminate_backend) and keeps working', async () => {
    const url = await createDatabase();
    const errors: Error[] = [];
    const ledger = await openPostgresOutboxLedger(url, { max: 2, onIdleError: (error) => errors.push(error) });
    await Promise.all([ledger.claim(request('a'), at), ledger.list()]); // two connections, both idle afterwards
    await expect(killLedgerBackends(url)).resolves.toBe(2);
    while (errors.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors[0]?.message).toMatch(/terminat/);
    await expect(ledger.claim(request('b'), at)).resolves.toMatchObject({ outcome: 'leased' });
    await expect(ledger.claim(request('a', { messageId: '<after-kill@x>' }), at)).resolves.toMatchObject({ outcome: 'new' });
    await ledger.close();
  }, 30_000);

  it('keeps a worker process up by default when its idle connection is killed', async () => {
    const url = await createDatabase();
    // A separate process: without the pool's error listener, the unhandled 'error' event kills it.
    const script = `
      const { openPostgresOutboxLedger } = require(${JSON.stringify(path.join(__dirname, 'postgres-outbox-ledger.ts'))});
      const warned = new Promise((resolve) => process.on('warning', (w) => w.code === 'OUTBOX_LEDGER_IDLE_ERROR' && resolve()));
      setTimeout(() => { console.log('NO WARNING'); process.exit(3); }, 20000).unref();
      (async () => {
        const ledger = await openPostgresOutboxLedger(process.env.LEDGER_URL, { max: 1 });
        await ledger.list();
        console.log('IDLE');
        await warned;
        await ledger.list();
        console.log('ALIVE');
        await ledger.close();
      })().catch((error) => { console.error(error); process.exit(2); });`;
    const child = spawn('node', ['--conditions=@org/source', '--import', 'tsx', '-e', script], {
      env: { ...process.env, LEDGER_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('IDLE')) resolve();
      }),
    );
    await expect(killLedgerBackends(url)).resolves.toBe(1);
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/IDLE\nALIVE\n$/);
    expect(stderr).toMatch(/outbox ledger: an idle PostgreSQL connection failed and was dropped/);
  }, 60_000);
});
