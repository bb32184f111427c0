import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { OutboxLedger } from './outbox-ledger';
import { openOutboxLedger } from './open-outbox-ledger';
import { openPostgresOutboxLedger } from './postgres-outbox-ledger';
import { openSqliteOutboxLedger } from './sqlite-outbox-ledger';
import type { PgCluster } from './__tests__/support/pg-cluster';
import { startPgCluster } from './__tests__/support/pg-cluster';

const at = new Date('2026-11-25T10:00:00Z');
const request = { messageId: '<r1@orchestrator.local>', threadId: '<t@x>', fingerprint: 'f1', transport: 'file:///outbox' };

/** The behaviour both implementations share. */
function ledgerContract(open: () => Promise<OutboxLedger>) {
  let ledger: OutboxLedger;
  beforeEach(async () => (ledger = await open()));
  afterEach(() => ledger.close());

  it('claims once, then reports in-progress until sent, then sent', async () => {
    await expect(ledger.claim(request, at)).resolves.toMatchObject({ outcome: 'new', entry: { status: 'sending', attempts: 1 } });
    await expect(ledger.claim(request, at)).resolves.toMatchObject({ outcome: 'in-progress', entry: { attempts: 2 } });
    await ledger.markSent(request.messageId, { location: '/outbox/r1.eml', response: 'file written' }, new Date('2026-11-25T10:00:01Z'));
    const again = await ledger.claim(request, at);
    expect(again).toEqual({
      outcome: 'sent',
      entry: {
        ...request,
        status: 'sent',
        attempts: 3,
        location: '/outbox/r1.eml',
        response: 'file written',
        claimedAt: '2026-11-25T10:00:00.000Z',
        sentAt: '2026-11-25T10:00:01.000Z',
      },
    });
    await expect(ledger.list('<t@x>')).resolves.toHaveLength(1);
  });

  it('reports a conflict when an id is reused for a different message', async () => {
    await ledger.claim({ ...request, messageId: '<r2@orchestrator.local>' }, at);
    await expect(ledger.claim({ ...request, messageId: '<r2@orchestrator.local>', fingerprint: 'other' }, at)).resolves.toMatchObject({
      outcome: 'conflict',
    });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => ledger.claim({ ...request, messageId: '<race@x>' }, at)));
    expect(claims.filter((c) => c.outcome === 'new')).toHaveLength(1);
    await expect(ledger.get('<race@x>')).resolves.toMatchObject({ attempts: 10 });
  });

  it('refuses to mark an unclaimed message sent', async () => {
    await expect(ledger.markSent('<nobody@x>', { location: 'x', response: 'y' }, at)).rejects.toThrow(/no claim/);
  });
}

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
    await expect(a.claim(request, at)).resolves.toMatchObject({ outcome: 'new' });
    await expect(b.claim(request, at)).resolves.toMatchObject({ outcome: 'in-progress' });
    await a.markSent(request.messageId, { location: 'l', response: 'r' }, at);
    await expect(b.claim(request, at)).resolves.toMatchObject({ outcome: 'sent' });
    await a.close();
    await b.close();
  });
});

// Against a real PostgreSQL: a throwaway cluster started by this test (initdb + pg_ctl).
describe(openPostgresOutboxLedger, () => {
  let cluster: PgCluster;
  let n = 0;
  beforeAll(async () => (cluster = await startPgCluster()), 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  // One database per test, so tests stay independent.
  ledgerContract(async () => {
    const admin = await openPostgresOutboxLedger(cluster.url, { max: 1 });
    await admin.close();
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const name = `ledger_${++n}`;
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    return openOutboxLedger(cluster.url.replace(/\/postgres$/, `/${name}`));
  });

  it('creates its table once even when many workers open it at the same time', async () => {
    const ledgers = await Promise.all(Array.from({ length: 4 }, () => openPostgresOutboxLedger(cluster.url, { max: 1 })));
    expect(ledgers.every((l) => l.kind === 'postgres')).toBe(true);
    await Promise.all(ledgers.map((l) => l.close()));
  });
});
