import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { PAYLOAD_LIMITS, serializedPayloadBytes, threadWorkflowId } from '@org/orchestrator-contracts';
import { listThreads } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import type { QuarantineRecord, SmtpIngress } from '../index';
import { createDirectoryQuarantine, startSmtpIngress } from '../index';
import { accepted, deliveredMessages, largestPayload, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

type SendError = Error & { responseCode?: number; response?: string };

describe(startSmtpIngress, () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dir: string;
  let ingress: SmtpIngress;
  let small: SmtpIngress;
  const logger = memoryLogger();

  const transport = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true } satisfies SMTPTransport.Options);

  beforeAll(async () => {
    // limit.maxIDLength 255: what Temporal on PostgreSQL/MySQL effectively keeps (VARCHAR(255) workflow ids).
    env = await createLocalTestEnv({ dynamicConfig: { 'limit.maxIDLength': 255 } });
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'smtp-ingress-'));
    const common = {
      client: env.client,
      taskQueue: worker.taskQueue,
      port: 0,
      acceptDomains: ['orders.example.com', 'Support.Example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
    };
    ingress = await startSmtpIngress(common);
    small = await startSmtpIngress({ ...common, maxMessageBytes: 64 * 1024 });
  }, 120_000);
  afterAll(async () => {
    await ingress?.close();
    await small?.close();
    await worker?.stop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a message to the thread of its References root, and a reply to the same thread', async () => {
    const mailer = transport(ingress.port);
    const first = await mailer.sendMail({
      from: 'Maria <maria@acme.example>',
      to: 'purchasing@orders.example.com',
      subject: 'Purchase request: 12 chairs',
      text: 'We need 12 chairs for the Munich office.',
      messageId: '<smtp-root@acme.example>',
    });
    expect(first.response).toMatch(/^250 2\.6\.0 OK: <smtp-root@acme\.example> delivered to thread <smtp-root@acme\.example>/);
    await stateWhen(env.client, '<smtp-root@acme.example>', accepted(1));

    const reply = await mailer.sendMail({
      from: 'maria@acme.example',
      to: 'purchasing@orders.example.com',
      subject: 'Re: Purchase request: 12 chairs',
      text: 'Make it 14, please.',
      messageId: '<smtp-reply@acme.example>',
      inReplyTo: '<smtp-ack@orders.example.com>',
      references: ['<smtp-root@acme.example>', '<smtp-ack@orders.example.com>'],
    });
    expect(reply.accepted).toEqual(['purchasing@orders.example.com']);
    const state = await stateWhen(env.client, '<smtp-root@acme.example>', accepted(2));
    expect(state.threadId).toBe('<smtp-root@acme.example>');
    expect(state.messages.map((m) => m.messageId)).toEqual(['<smtp-root@acme.example>', '<smtp-reply@acme.example>']);
    expect(logger.events.filter((e) => e.event === 'smtp.delivered').map((e) => e['threadId'])).toEqual([
      '<smtp-root@acme.example>',
      '<smtp-root@acme.example>',
    ]);
  });

  it('answers 550 5.1.1 for a recipient domain it does not serve', async () => {
    const error: SendError = await transport(ingress.port)
      .sendMail({ from: 'a@acme.example', to: 'someone@elsewhere.example', subject: 'Hi', text: 'Hello' })
      .then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
    expect(error.responseCode).toBe(550);
    expect(error.response ?? error.message).toMatch(/550 5\.1\.1 Recipient domain elsewhere\.example is not accepted here/);

    // With one good recipient the message goes through; the other is refused.
    const info = await transport(ingress.port).sendMail({
      from: 'a@acme.example',
      to: ['help@support.example.com', 'x@elsewhere.example'],
      subject: 'Mixed recipients',
      text: 'Hello',
      messageId: '<smtp-mixed@acme.example>',
    });
    expect(info.accepted).toEqual(['help@support.example.com']);
    expect(info.rejected).toEqual(['x@elsewhere.example']);
    await stateWhen(env.client, '<smtp-mixed@acme.example>', accepted(1));
  });

  it('answers 552 5.3.4 for a message over the size limit and delivers nothing', async () => {
    const error: SendError = await transport(small.port)
      .sendMail({
        from: 'a@acme.example',
        to: 'purchasing@orders.example.com',
        subject: 'Too big',
        text: 'x'.repeat(200 * 1024),
        messageId: '<smtp-too-big@acme.example>',
      })
      .then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
    expect(error.responseCode).toBe(552);
    expect(error.response ?? error.message).toMatch(/552 5\.3\.4/);
    await expect(env.client.workflow.getHandle(threadWorkflowId('<smtp-too-big@acme.example>')).describe()).rejects.toThrow(/not found/i);
  });

  it('rejects a message it cannot understand with 554 and the reason, and keeps it raw in quarantine', async () => {
    const raw = 'To: purchasing@orders.example.com\r\nSubject: from a broken script\r\n\r\nno sender here\r\n';
    const error: SendError = await transport(ingress.port)
      .sendMail({ envelope: { from: 'script@acme.example', to: ['purchasing@orders.example.com'] }, raw })
      .then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
    expect(error.responseCode).toBe(554);
    expect(error.response ?? error.message).toMatch(/554 5\.6\.0 Message not understood \(the message has no From address\); kept for inspection as \S+/);

    const quarantineDir = join(dir, 'quarantine');
    const metas = readdirSync(quarantineDir).filter((f) => f.endsWith('.json'));
    expect(metas).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(quarantineDir, metas[0] as string), 'utf8')) as QuarantineRecord;
    expect(record).toMatchObject({
      reason: 'the message has no From address',
      code: 'missing-from',
      source: { via: 'smtp', mailFrom: 'script@acme.example', rcptTo: ['purchasing@orders.example.com'] },
    });
    expect(readFileSync(join(quarantineDir, `${record.id}.eml`)).toString()).toBe(raw);
  });

  it('delivers a Message-ID too long for a workflow id under its hashed id; the thread id stays readable', async () => {
    const threadId = `<${'l'.repeat(983)}@acme.example>`; // 998 characters, the most the contracts allow
    const info = await transport(ingress.port).sendMail({
      from: 'maria@acme.example',
      to: 'purchasing@orders.example.com',
      subject: 'A mailer with very long ids',
      text: 'We need 3 desks.',
      messageId: threadId,
    });
    expect(info.response).toMatch(/^250 2\.6\.0 OK: <l+@acme\.example> delivered/);
    const workflowId = threadWorkflowId(threadId);
    expect(workflowId).toMatch(/^email-thread:sha256:[0-9a-f]{64}$/);
    const state = await stateWhen(env.client, threadId, accepted(1));
    expect(state.threadId).toBe(threadId);
    const listed = [];
    for await (const thread of listThreads(env.client, { query: `WorkflowId = '${workflowId}'` })) listed.push(thread.threadId);
    expect(listed).toEqual([threadId]);
  });

  it('answers 554 and quarantines a message whose workflow id Temporal refuses for good, instead of 451 forever', async () => {
    const messageId = `<${'w'.repeat(280)}@acme.example>`; // a plain workflow id of 308 bytes: over this server's 255
    const error: SendError = await transport(ingress.port)
      .sendMail({ from: 'maria@acme.example', to: 'purchasing@orders.example.com', subject: 'Long id', text: 'x', messageId })
      .then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
    expect(error.responseCode).toBe(554);
    expect(error.response ?? error.message).toMatch(
      /554 5\.6\.0 Message cannot be delivered \(Temporal refused the thread's workflow id: WorkflowId exceeds maximum allowed length \(308\/255\)\); kept for inspection as \S+/,
    );
    const records = readdirSync(join(dir, 'quarantine'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'quarantine', f), 'utf8')) as QuarantineRecord);
    expect(records.find((r) => r.code === 'workflow-id-too-long')).toMatchObject({ source: { via: 'smtp' } });
    expect(logger.events.filter((e) => e.event === 'smtp.deferred')).toEqual([]);
  });

  it('fits a message over the signal budget (multibyte References, a body of control characters) and records the cut', async () => {
    // A short root (this server keeps workflow ids up to 255 bytes), then long multibyte ancestors.
    const references = ['<smtp-over-budget-root@acme.example>', ...Array.from({ length: 299 }, (_, i) => `<${i}.${'日'.repeat(300)}@acme.example>`)];
    const messageId = '<smtp-over-budget@acme.example>';
    const info = await transport(ingress.port).sendMail({
      from: 'maria@acme.example',
      to: 'purchasing@orders.example.com',
      subject: 'Re: a very long thread',
      text: '\u0001'.repeat(30_000),
      messageId,
      references,
    });
    expect(info.response).toMatch(/^250 /);
    const threadId = references[0] as string;
    await stateWhen(env.client, threadId, accepted(1));
    const [delivered] = await deliveredMessages(env.client, threadId);
    expect(serializedPayloadBytes(delivered)).toBeLessThanOrEqual(PAYLOAD_LIMITS.signalBudgetBytes);
    expect(delivered?.references[0]).toBe(threadId);
    expect(delivered?.trimmed).toEqual([{ part: 'references', kept: delivered?.references.length, of: 300 }]);
    expect(delivered?.textRef).toBeDefined();
    expect(logger.events.find((e) => e.event === 'ingress.fitted' && e['messageId'] === messageId)).toMatchObject({ budgetBytes: 256 * 1024 });
  });

  it('carries a 25 MB attachment end to end as a blob; the largest Temporal payload stays under 256 KB', async () => {
    const bytes = randomBytes(25 * 1024 * 1024);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const threadId = '<smtp-big-attachment@acme.example>';
    const info = await transport(ingress.port).sendMail({
      from: 'maria@acme.example',
      to: 'purchasing@orders.example.com',
      subject: 'Purchase request: drawings attached',
      text: 'Please quote for the attached drawings.',
      messageId: threadId,
      attachments: [{ filename: 'drawings.bin', content: bytes, contentType: 'application/octet-stream' }],
    });
    expect(info.response).toMatch(/^250 /);
    await stateWhen(env.client, threadId, accepted(1), 60_000);

    const blobs = createDirectoryBlobStore(join(dir, 'blobs'));
    await expect(blobs.has(`sha256:${sha256}`)).resolves.toBe(true);
    expect(
      createHash('sha256')
        .update(await blobs.get(`sha256:${sha256}`))
        .digest('hex'),
    ).toBe(sha256);

    const history = await env.client.workflow.getHandle(threadWorkflowId(threadId)).fetchHistory();
    const signaled = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'NEW_MESSAGE');
    const payload = signaled?.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0];
    const delivered = JSON.parse(Buffer.from(payload?.data ?? new Uint8Array()).toString()) as EmailMessage;
    expect(delivered.attachments).toEqual([expect.objectContaining({ id: `sha256:${sha256}`, sha256, size: bytes.length, filename: 'drawings.bin' })]);
    expect(largestPayload(history)).toBeLessThan(256 * 1024);
  }, 120_000);

  it('offers STARTTLS only when given a certificate, and delivers over TLS', async () => {
    const plainError: SendError = await nodemailer
      .createTransport({ host: '127.0.0.1', port: ingress.port, secure: false, requireTLS: true })
      .sendMail({ from: 'a@acme.example', to: 'purchasing@orders.example.com', subject: 'TLS?', text: 'x' })
      .then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
    expect(plainError.message).toMatch(/STARTTLS/);

    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const openssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      { encoding: 'utf8' },
    );
    expect(openssl.status).toBe(0);
    const tlsIngress = await startSmtpIngress({
      client: env.client,
      taskQueue: worker.taskQueue,
      port: 0,
      acceptDomains: ['orders.example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
      tls: { key: readFileSync(key), cert: readFileSync(cert) },
    });
    try {
      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port: tlsIngress.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } })
        .sendMail({
          from: 'a@acme.example',
          to: 'purchasing@orders.example.com',
          subject: 'Over TLS',
          text: 'Encrypted.',
          messageId: '<smtp-tls@acme.example>',
        });
      expect(info.response).toMatch(/^250 /);
      await stateWhen(env.client, '<smtp-tls@acme.example>', accepted(1));
    } finally {
      await tlsIngress.close();
    }
  });
});
