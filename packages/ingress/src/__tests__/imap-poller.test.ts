import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ImapFlow } from 'imapflow';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import type { ImapPoller, ImapPollerOptions, QuarantineRecord } from '../index';
import { DEFAULT_PROCESSED_FLAG, DEFAULT_QUARANTINED_FLAG, acceptRawMessage, createDirectoryQuarantine, startImapPoller } from '../index';
import type { DovecotServer } from './support/dovecot';
import { startDovecot } from './support/dovecot';
import { accepted, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

const email = (n: number, extra = '') =>
  [
    'From: Maria <maria@acme.example>',
    'To: orders@orders.example.com',
    `Subject: Purchase request ${n}: chairs`,
    `Message-ID: <imap-${n}@acme.example>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    extra,
    '',
    `We need ${n} chairs.`,
    '',
  ]
    .filter((line, i) => line !== '' || i > 4)
    .join('\r\n');

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(startImapPoller, () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dovecot: DovecotServer;
  let mailbox: ImapFlow;
  let dir: string;
  const pollers: ImapPoller[] = [];

  beforeAll(async () => {
    // limit.maxIDLength 255: what Temporal on PostgreSQL/MySQL effectively keeps (VARCHAR(255) workflow ids).
    [env, dovecot] = await Promise.all([createLocalTestEnv({ dynamicConfig: { 'limit.maxIDLength': 255 } }), startDovecot()]);
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'imap-poller-'));
    mailbox = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await mailbox.connect();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await mailbox?.logout().catch(() => undefined);
    await worker?.stop();
    await env?.teardown();
    await dovecot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (): ImapPollerOptions => ({
    client: env.client,
    taskQueue: worker.taskQueue,
    imap: { host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass } },
    blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
    quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
    logger: memoryLogger(),
    pollIntervalMs: 60_000, // new mail must be noticed through IDLE, not the timer
  });
  const start = () => {
    const poller = startImapPoller(options());
    pollers.push(poller);
    return poller;
  };
  const flagsOf = async (messageId: string): Promise<Set<string>> => {
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      const [uid] = ((await mailbox.search({ header: { 'message-id': messageId } }, { uid: true })) || []) as number[];
      const message = uid === undefined ? false : await mailbox.fetchOne(String(uid), { flags: true }, { uid: true });
      return message && message.flags ? message.flags : new Set();
    } finally {
      lock.release();
    }
  };

  it('delivers each message exactly once across restarts, and quarantines and flags one it cannot understand', async () => {
    // Two messages waiting before the poller starts.
    await mailbox.append('INBOX', email(1));
    await mailbox.append('INBOX', email(2));
    const first = start();
    await Promise.all([1, 2].map((n) => stateWhen(env.client, `<imap-${n}@acme.example>`, accepted(1))));
    await until(() => first.stats().delivered === 2 && first.stats(), 'two deliveries');
    expect([...(await flagsOf('<imap-1@acme.example>'))]).toEqual(expect.arrayContaining([DEFAULT_PROCESSED_FLAG, '\\Seen']));

    // New mail while the poller is idle is picked up through IDLE.
    await mailbox.append('INBOX', email(3));
    await stateWhen(env.client, '<imap-3@acme.example>', accepted(1), 15_000);
    await first.stop();
    expect(first.stats()).toMatchObject({ delivered: 3, quarantined: 0, failures: 0 });

    // While it is down: a reply, a message that is not an email, and a message delivered by a
    // poller that died before it could set the flag.
    await mailbox.append('INBOX', email(4, 'References: <imap-1@acme.example>'));
    await mailbox.append('INBOX', 'Dear sir,\r\nplease send chairs.\r\n');
    await mailbox.append('INBOX', email(5));
    const crashed = await acceptRawMessage(Buffer.from(email(5)), { ...options(), logger: memoryLogger() }, { via: 'imap' });
    expect(crashed.status).toBe('delivered');
    await stateWhen(env.client, '<imap-5@acme.example>', accepted(1));

    const second = start();
    await until(() => second.stats().delivered + second.stats().quarantined === 3 && second.stats(), 'the second pass');
    const thread1 = await stateWhen(env.client, '<imap-1@acme.example>', accepted(2));
    expect(thread1.messages.map((m) => m.messageId)).toEqual(['<imap-1@acme.example>', '<imap-4@acme.example>']);
    expect(thread1.duplicatesIgnored).toBe(0);
    // The message delivered before the "crash" reached its thread again and was ignored there.
    const thread5 = await stateWhen(env.client, '<imap-5@acme.example>', (s) => s.duplicatesIgnored === 1);
    expect(thread5.messages).toHaveLength(1);
    for (const n of [2, 3]) expect((await stateWhen(env.client, `<imap-${n}@acme.example>`, accepted(1))).duplicatesIgnored).toBe(0);
    expect(second.stats()).toMatchObject({ delivered: 2, quarantined: 1 });

    // The garbage is kept raw with its reason, and flagged so that it is not retried forever.
    const quarantineDir = join(dir, 'quarantine');
    const [meta] = readdirSync(quarantineDir).filter((f) => f.endsWith('.json'));
    const record = JSON.parse(readFileSync(join(quarantineDir, meta as string), 'utf8')) as QuarantineRecord;
    expect(record).toMatchObject({ code: 'not-an-email', source: { via: 'imap', mailbox: 'INBOX', user: dovecot.user } });
    expect(record.reason).toMatch(/no email header/);
    expect(readFileSync(join(quarantineDir, `${record.id}.eml`), 'utf8')).toBe('Dear sir,\r\nplease send chairs.\r\n');
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      const messages = await mailbox.fetchAll('1:*', { flags: true, uid: true });
      const withFlag = (flag: string) => messages.filter((m) => m.uid !== undefined && m.flags?.has(flag)).map((m) => m.uid);
      expect(withFlag(DEFAULT_QUARANTINED_FLAG)).toEqual([record.source['uid']]);
      expect(withFlag(DEFAULT_PROCESSED_FLAG)).toHaveLength(6);
      expect(withFlag('\\Seen')).toHaveLength(6);
      expect(await mailbox.search({ unKeyword: DEFAULT_PROCESSED_FLAG })).toEqual([]);
    } finally {
      lock.release();
    }
    await second.stop();

    // A third start finds nothing to do.
    const third = start();
    await until(() => third.stats().passes >= 1, 'a pass');
    expect(third.stats()).toMatchObject({ delivered: 0, quarantined: 0, failures: 0 });
    await third.stop();
  }, 120_000);

  it('leaves a message unmarked while Temporal cannot take it, and delivers it on a later pass', async () => {
    await mailbox.append('INBOX', email(7));
    // A client whose every RPC fails as if the server were down.
    const unreachable = {
      workflow: { withDeadline: () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14 })) },
    } as unknown as ThreadClient;
    const logger = memoryLogger();
    const failing = startImapPoller({ ...options(), client: unreachable, logger, reconnect: { minMs: 100, maxMs: 200 } });
    pollers.push(failing);
    await until(() => failing.stats().failures >= 2, 'retries');
    await failing.stop();
    expect(failing.stats()).toMatchObject({ delivered: 0, quarantined: 0 });
    expect(logger.events.find((e) => e.event === 'imap.retrying')).toMatchObject({
      error: expect.objectContaining({ name: 'TransientDeliveryError', message: expect.stringMatching(/UNAVAILABLE/) }),
    });
    expect((await flagsOf('<imap-7@acme.example>')).has(DEFAULT_PROCESSED_FLAG)).toBe(false);

    const healthy = start();
    await stateWhen(env.client, '<imap-7@acme.example>', accepted(1));
    await until(() => healthy.stats().delivered === 1, 'the delivery');
    await healthy.stop();
    expect((await flagsOf('<imap-7@acme.example>')).has(DEFAULT_PROCESSED_FLAG)).toBe(true);
  }, 60_000);

  it('reconnects with backoff when the IMAP server goes away, and delivers what arrived meanwhile', async () => {
    const logger = memoryLogger();
    const poller = startImapPoller({ ...options(), logger, reconnect: { minMs: 200, maxMs: 1_000 } });
    pollers.push(poller);
    await until(() => poller.stats().passes >= 1, 'a first pass');

    await mailbox.logout().catch(() => undefined);
    await dovecot.halt();
    await until(() => poller.stats().failures >= 2, 'failed reconnects');
    await dovecot.restart();
    mailbox = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await mailbox.connect();
    await mailbox.append('INBOX', email(8));

    await stateWhen(env.client, '<imap-8@acme.example>', accepted(1));
    await until(() => poller.stats().delivered === 1, 'the delivery');
    await poller.stop();
    expect(logger.events.filter((e) => e.event === 'imap.retrying').length).toBeGreaterThanOrEqual(2);
    expect(logger.events.filter((e) => e.event === 'imap.connected').length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('does not download a message over maxMessageBytes: keeps its headers in quarantine and flags it', async () => {
    await mailbox.append('INBOX', email(9, `X-Padding: ${'x'.repeat(900)}`) + 'y'.repeat(4096));
    const poller = startImapPoller({ ...options(), maxMessageBytes: 2048 });
    pollers.push(poller);
    await until(() => poller.stats().quarantined === 1 && poller.stats(), 'the quarantine');
    await poller.stop();
    expect(poller.stats().delivered).toBe(0);
    const quarantineDir = join(dir, 'quarantine');
    const records = readdirSync(quarantineDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(quarantineDir, f), 'utf8')) as QuarantineRecord);
    const oversize = records.find((r) => r.code === 'oversize');
    expect(oversize?.reason).toMatch(/exceeds the limit of 2048 bytes/);
    expect(readFileSync(join(quarantineDir, `${oversize?.id}.eml`), 'utf8')).toMatch(/^From: Maria[\s\S]*Message-ID: <imap-9@acme\.example>/);
    expect([...(await flagsOf('<imap-9@acme.example>'))]).toEqual(expect.arrayContaining([DEFAULT_PROCESSED_FLAG, DEFAULT_QUARANTINED_FLAG]));
  }, 60_000);

  it('quarantines, flags and skips a message Temporal refuses for good, and delivers the one behind it', async () => {
    const poison = `<${'p'.repeat(280)}@acme.example>`; // a plain workflow id of 308 bytes: over this server's 255
    await mailbox.append('INBOX', email(10).replace('<imap-10@acme.example>', poison));
    await mailbox.append('INBOX', email(11));
    const logger = memoryLogger();
    const poller = startImapPoller({ ...options(), logger });
    pollers.push(poller);
    await stateWhen(env.client, '<imap-11@acme.example>', accepted(1));
    await until(() => poller.stats().delivered === 1 && poller.stats().quarantined === 1, 'one delivery and one quarantine');
    await poller.stop();
    expect(poller.stats()).toMatchObject({ delivered: 1, quarantined: 1, failures: 0 });
    // The next start finds nothing left: the refused message is not retried first on every pass.
    const next = start();
    await until(() => next.stats().passes >= 1, 'a pass');
    await next.stop();
    expect(next.stats()).toMatchObject({ delivered: 0, quarantined: 0, failures: 0 });

    expect([...(await flagsOf(poison))]).toEqual(expect.arrayContaining([DEFAULT_PROCESSED_FLAG, DEFAULT_QUARANTINED_FLAG]));
    expect((await flagsOf('<imap-11@acme.example>')).has(DEFAULT_QUARANTINED_FLAG)).toBe(false);
    const quarantineDir = join(dir, 'quarantine');
    const refused = readdirSync(quarantineDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(quarantineDir, f), 'utf8')) as QuarantineRecord)
      .find((r) => r.code === 'workflow-id-too-long');
    expect(refused?.reason).toMatch(/Temporal refused the thread's workflow id: WorkflowId exceeds maximum allowed length \(308\/255\)/);
    expect(logger.events.filter((e) => e.event === 'imap.retrying')).toEqual([]);
  }, 60_000);
});
