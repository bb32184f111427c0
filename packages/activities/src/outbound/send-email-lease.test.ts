import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import pg from 'pg';
import type { OutboundEmail } from '@org/orchestrator-contracts';
import type { MailTransport } from '@org/orchestrator-email';
import { createSmtpTransport } from '@org/orchestrator-email';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';
import type { OutboxLedger } from '../store/outbox-ledger';
import { openPostgresOutboxLedger } from '../store/postgres-outbox-ledger';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import type { PgCluster } from '@org/orchestrator-testing';
import { startPgCluster } from '@org/orchestrator-testing';
import { OUTBOX_BUSY, leaseOwner } from './outbox-lease';
import { createOutboundActivities, outboundFingerprint } from './send-email';
import { quietLogger } from '@org/orchestrator-testing';

const email = (n: number): OutboundEmail => ({
  messageId: `<wf-lease.step-${n}@orchestrator.example>`,
  threadId: '<lease@customer.example>',
  from: { address: 'support@orchestrator.example' },
  to: [{ address: 'tom@customer.example' }],
  cc: [],
  subject: 'Re: Lease',
  text: `Reply ${n}`,
  references: [],
  attachments: [],
});

/** An SMTP transport that waits `delayMs` before each send, and counts its calls. */
function slowTransport(inner: MailTransport, delayMs: number): MailTransport & { calls: number } {
  return {
    kind: inner.kind,
    description: inner.description,
    calls: 0,
    async send(mail) {
      this.calls++;
      await sleep(delayMs);
      return inner.send(mail);
    },
    delivered: (messageId) => inner.delivered(messageId),
    close: () => inner.close(),
  };
}

/** Heartbeats of one mock activity attempt. */
function attempt(n: number): { env: MockActivityEnvironment; heartbeats: unknown[] } {
  const env = new MockActivityEnvironment({ activityId: 'send-lease', attempt: n }, { logger: quietLogger });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  return { env, heartbeats };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(20);
}

/** The same lease behaviour over both ledgers. */
describe.each([
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const)('sendEmail with the %s ledger', (_name, kind) => {
  let dir: string;
  let sink: SmtpSink;
  let cluster: PgCluster | undefined;
  let ledger: OutboxLedger;
  let n = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    if (kind === 'postgres') cluster = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await sink?.close();
    await cluster?.stop();
  }, 60_000);
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'send-lease-'));
    sink.received.length = 0;
    if (!cluster) {
      ledger = openSqliteOutboxLedger(path.join(dir, 'ledger.sqlite'));
      return;
    }
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE lease_${++n}`);
    await admin.end();
    ledger = await openPostgresOutboxLedger(cluster.url.replace(/\/postgres$/, `/lease_${n}`));
  }, 30_000);
  afterEach(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends once when a retry overlaps a slow attempt still sending: the retry waits and reports its outcome', async () => {
    // The send outlasts the lease several times over: only renewals keep the retry from taking over.
    const transport = slowTransport(createSmtpTransport(sink.url), 4_500);
    const { sendEmail } = createOutboundActivities({ ledger, transport, leaseMs: 2_000, leasePollMs: 50, leaseWaitMs: 60_000 });
    const first = attempt(1);
    const retry = attempt(2);
    const sending = first.env.run(sendEmail, email(1));
    await until(async () => transport.calls === 1);
    const waiting = retry.env.run(sendEmail, email(1));

    await expect(sending).resolves.toMatchObject({ status: 'sent' });
    await expect(waiting).resolves.toMatchObject({ status: 'already-sent', location: `smtp://127.0.0.1:${sink.port}` });
    expect(transport.calls).toBe(1);
    expect(sink.received.map((r) => r.parsed.messageId)).toEqual([email(1).messageId]);
    expect(retry.heartbeats).toContainEqual(expect.objectContaining({ messageId: email(1).messageId, phase: 'waiting-for-lease' }));
    await expect(ledger.get(email(1).messageId)).resolves.toMatchObject({ status: 'sent', attempts: 2 });
    await expect(ledger.get(email(1).messageId)).resolves.not.toHaveProperty('lease');
  }, 60_000);

  it('takes over the expired lease of a crashed attempt and sends with the same Message-ID', async () => {
    const claimedLongAgo = new Date(Date.now() - 10 * 60_000);
    const request = { messageId: email(2).messageId, threadId: email(2).threadId, fingerprint: outboundFingerprint(email(2)) };
    await ledger.claim({ ...request, transport: `smtp://127.0.0.1:${sink.port}`, owner: 'crashed-worker', leaseMs: 30_000 }, claimedLongAgo);
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url) });

    await expect(attempt(2).env.run(sendEmail, email(2))).resolves.toMatchObject({ status: 'sent' });
    expect(sink.received.map((r) => r.parsed.messageId)).toEqual([email(2).messageId]);
    await expect(ledger.get(email(2).messageId)).resolves.toMatchObject({ status: 'sent', attempts: 2 });
  }, 30_000);

  it('waits out a dead holder whose lease is still live, then takes over', async () => {
    const request = { messageId: email(3).messageId, threadId: email(3).threadId, fingerprint: outboundFingerprint(email(3)) };
    await ledger.claim({ ...request, transport: 'smtp://elsewhere', owner: 'dead-worker', leaseMs: 1_500 }, new Date());
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url), leasePollMs: 50 });
    const retry = attempt(2);

    await expect(retry.env.run(sendEmail, email(3))).resolves.toMatchObject({ status: 'sent' });
    expect(sink.received).toHaveLength(1);
    expect(retry.heartbeats).toContainEqual(expect.objectContaining({ phase: 'waiting-for-lease', holder: expect.objectContaining({ owner: 'dead-worker' }) }));
  }, 30_000);

  it('fails retryably, sending nothing, when the holder keeps its lease longer than the wait', async () => {
    const request = { messageId: email(4).messageId, threadId: email(4).threadId, fingerprint: outboundFingerprint(email(4)) };
    await ledger.claim({ ...request, transport: 'smtp://elsewhere', owner: 'busy-worker', leaseMs: 600_000 }, new Date());
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url), leasePollMs: 50, leaseWaitMs: 300 });

    const error = await attempt(2)
      .env.run(sendEmail, email(4))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: OUTBOX_BUSY, nonRetryable: false });
    expect((error as Error).message).toMatch(/being sent by another attempt \(busy-worker/);
    expect(sink.received).toHaveLength(0);
    await expect(ledger.get(email(4).messageId)).resolves.toMatchObject({ status: 'sending', attempts: 2, lease: { owner: 'busy-worker' } });
  }, 30_000);

  it('releases the lease of a failed attempt, so the retry goes ahead without waiting', async () => {
    const failing: MailTransport = { ...createSmtpTransport(sink.url), send: () => Promise.reject(new Error('connection reset')) };
    await expect(attempt(1).env.run(createOutboundActivities({ ledger, transport: failing }).sendEmail, email(5))).rejects.toThrow('connection reset');
    await expect(ledger.get(email(5).messageId)).resolves.toMatchObject({ status: 'sending' });
    await expect(ledger.get(email(5).messageId)).resolves.not.toHaveProperty('lease');
    // A wait of zero would fail at once if the lease were still held.
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url), leaseWaitMs: 0 });
    await expect(attempt(2).env.run(sendEmail, email(5))).resolves.toMatchObject({ status: 'sent' });
    expect(sink.received).toHaveLength(1);
  }, 30_000);
});

describe(leaseOwner, () => {
  it('names the attempt, is unique per call, and stays printable whatever the workflow id holds', async () => {
    const env = new MockActivityEnvironment(
      { activityId: 'send-1', attempt: 3, workflowExecution: { workflowId: 'email-thread:<a\u0000@b>', runId: 'run' } },
      { logger: quietLogger },
    );
    const [a, b] = await env.run(async (): Promise<string[]> => [leaseOwner(Context.current()), leaseOwner(Context.current())]);
    expect(a).toMatch(/^email-thread:<a\?@b>\/send-1#3@[^/]+:\d+\/[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
    expect(leaseOwner(undefined)).toMatch(/^direct@/);
  });
});
