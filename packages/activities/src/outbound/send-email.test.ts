import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage, OutboundEmail } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { composeReply, createFileOutbox, createSmtpTransport, outboxFileName, parseRawEmail, replySubject } from '@org/orchestrator-email';
import type { ParsedMail } from 'mailparser';
import { INVALID_ACTIVITY_INPUT } from '../errors';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import type { OutboxLedger } from '../store/outbox-ledger';
import { OUTBOX_CONFLICT, createOutboundActivities } from './send-email';
import { outboundFromEnv } from './outbound-from-env';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';
import { quietLogger } from '@org/orchestrator-testing';

const original: EmailMessage = parseEmailMessage({
  messageId: '<m2@customer.example>',
  threadId: '<m1@customer.example>',
  from: { address: 'tom@customer.example', name: 'Tom' },
  to: [{ address: 'support@orchestrator.example' }],
  subject: 'RE: Re: Where is my order?',
  text: 'Any news?',
  receivedAt: '2026-11-25T09:00:00Z',
  inReplyTo: '<a1@orchestrator.example>',
  references: ['<m1@customer.example>', '<a1@orchestrator.example>'],
});
const from = { address: 'support@orchestrator.example', name: 'Customer Support' };
const reply = (n: number, extra: Partial<OutboundEmail> = {}): OutboundEmail => ({
  ...composeReply({ original, from, messageId: `<wf-1.step-${n}@orchestrator.example>`, text: `Reply ${n}`, date: '2026-11-25T10:00:00Z' }),
  ...extra,
});

/**
 * What mail clients check to thread a reply (JWZ threading, as in Thunderbird, Apple Mail,
 * Gmail): its own unique Message-ID, In-Reply-To = the parent's Message-ID, References = the
 * parent's References plus the parent's id (root first), and the same subject once `Re:` is off.
 */
function expectThreadedReply(received: ParsedMail, parent: EmailMessage, messageId: string): void {
  expect(received.messageId).toBe(messageId);
  expect(received.inReplyTo).toBe(parent.messageId);
  const references = typeof received.references === 'string' ? [received.references] : received.references;
  expect(references).toEqual([...parent.references, parent.messageId]);
  expect(references?.[0]).toBe(parent.threadId);
  expect(received.subject).toBe('Re: Where is my order?');
  expect(replySubject(received.subject ?? '')).toBe(replySubject(parent.subject));
  expect(received.headers.get('auto-submitted')).toBe('auto-replied');
}

function bigAttachment(size: number): { stream: Readable; sha256: string } {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) % 251;
  const hash = createHash('sha256');
  for (let done = 0; done < size; done += block.length) hash.update(block.subarray(0, Math.min(block.length, size - done)));
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = block.subarray(0, Math.min(block.length, size - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, sha256: hash.digest('hex') };
}

describe(createOutboundActivities, () => {
  let dir: string;
  let ledger: OutboxLedger;
  let blobStore: BlobStore;
  let sink: SmtpSink;
  const env = new MockActivityEnvironment({ activityId: 'send-1' }, { logger: quietLogger });

  beforeAll(async () => (sink = await startSmtpSink({ sizeLimit: 40 * 1024 * 1024 })));
  afterAll(() => sink.close());
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'outbound-'));
    ledger = openSqliteOutboxLedger(path.join(dir, 'ledger.sqlite'));
    blobStore = createDirectoryBlobStore(path.join(dir, 'blobs'));
    sink.received.length = 0;
  });
  afterEach(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a correctly threaded reply with its attachment to a real SMTP server, once', async () => {
    const csv = Buffer.from('item,qty\nchair,12\n');
    const ref = await blobStore.put(csv);
    const email = reply(1, { attachments: [{ id: ref.id, filename: 'quote.csv', contentType: 'text/csv', size: csv.length, sha256: ref.sha256 }] });
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url), blobStore });

    await expect(env.run(sendEmail, email)).resolves.toEqual({
      messageId: email.messageId,
      status: 'sent',
      transport: `smtp://127.0.0.1:${sink.port}`,
      location: `smtp://127.0.0.1:${sink.port}`,
    });
    await expect(env.run(sendEmail, email)).resolves.toMatchObject({ status: 'already-sent' });

    expect(sink.received).toHaveLength(1);
    const [received] = sink.received;
    expect(received?.envelope).toEqual({ from: 'support@orchestrator.example', to: ['tom@customer.example'] });
    expectThreadedReply(received!.parsed, original, email.messageId);
    expect(received?.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['quote.csv', csv.toString()]]);
    // The customer's client files the reply into the thread, and so would our own ingress.
    const reparsed = await parseRawEmail(received!.raw);
    expect(reparsed.threadId).toBe(original.threadId);
    await expect(ledger.get(email.messageId)).resolves.toMatchObject({ status: 'sent', attempts: 2, response: expect.stringMatching(/^250 /) });
  });

  it('does not send again when the worker dies after recording "sent" but before completing', async () => {
    let crash = true;
    const transport = createSmtpTransport(sink.url);
    const { sendEmail } = createOutboundActivities({
      ledger,
      transport,
      hooks: {
        afterRecorded() {
          if (crash) throw new Error('worker killed');
        },
      },
    });
    await expect(env.run(sendEmail, reply(2))).rejects.toThrow('worker killed');
    crash = false;
    await expect(env.run(sendEmail, reply(2))).resolves.toMatchObject({ status: 'already-sent' });
    expect(sink.received).toHaveLength(1);
  });

  it('with the file outbox, recognises a message written just before a crash (exact)', async () => {
    let crash = true;
    const outboxDir = path.join(dir, 'outbox');
    const { sendEmail } = createOutboundActivities({
      ledger,
      transport: createFileOutbox(outboxDir),
      hooks: {
        afterTransport() {
          if (crash) throw new Error('worker killed');
        },
      },
    });
    await expect(env.run(sendEmail, reply(3))).rejects.toThrow('worker killed');
    await expect(ledger.get(reply(3).messageId)).resolves.toMatchObject({ status: 'sending' });
    crash = false;
    await expect(env.run(sendEmail, reply(3))).resolves.toMatchObject({ status: 'already-sent' });
    await expect(ledger.get(reply(3).messageId)).resolves.toMatchObject({ status: 'sent', response: 'found in outbox on retry' });
    expect(readdirSync(outboxDir)).toEqual([outboxFileName(reply(3).messageId)]);
  });

  it('with SMTP, re-sends after a crash between the 250 and the ledger write (same Message-ID; documented window)', async () => {
    let crash = true;
    const { sendEmail } = createOutboundActivities({
      ledger,
      transport: createSmtpTransport(sink.url),
      hooks: {
        afterTransport() {
          if (crash) throw new Error('worker killed');
        },
      },
    });
    await expect(env.run(sendEmail, reply(4))).rejects.toThrow('worker killed');
    crash = false;
    await expect(env.run(sendEmail, reply(4))).resolves.toMatchObject({ status: 'sent' });
    expect(sink.received.map((r) => r.parsed.messageId)).toEqual([reply(4).messageId, reply(4).messageId]);
  });

  it('writes one .eml file per message to the file outbox', async () => {
    const outboxDir = path.join(dir, 'outbox');
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(outboxDir) });
    for (const n of [5, 6, 5, 7, 6]) await env.run(sendEmail, reply(n));
    const files = readdirSync(outboxDir).sort();
    expect(files).toEqual([5, 6, 7].map((n) => outboxFileName(reply(n).messageId)).sort());
    const parsed = await parseRawEmail(readFileSync(path.join(outboxDir, outboxFileName(reply(5).messageId))));
    expect(parsed).toMatchObject({ messageId: reply(5).messageId, inReplyTo: original.messageId, subject: 'Re: Where is my order?' });
  });

  it('marks every email automatic: auto-generated unless it says otherwise (a reply says auto-replied)', async () => {
    const outboxDir = path.join(dir, 'outbox');
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(outboxDir) });
    const notice: OutboundEmail = { ...reply(8), headers: undefined, inReplyTo: undefined, references: [] };
    await env.run(sendEmail, notice);
    await env.run(sendEmail, reply(9));
    const header = (n: number) => /^Auto-Submitted: (.*)$/m.exec(readFileSync(path.join(outboxDir, outboxFileName(reply(n).messageId)), 'utf8'))?.[1];
    expect(header(8)).toBe('auto-generated');
    expect(header(9)).toBe('auto-replied');
  });

  it('sends a 25 MB attachment streamed from the blob store, heartbeating', async () => {
    const size = 25 * 1024 * 1024;
    const { stream, sha256 } = bigAttachment(size);
    const ref = await blobStore.put(stream);
    const email = reply(8, { attachments: [{ id: ref.id, filename: 'drawings.bin', contentType: 'application/octet-stream', size, sha256 }] });
    // The activity input stays tiny: only the reference travels through Temporal.
    expect(JSON.stringify(email).length).toBeLessThan(4096);
    const heartbeats: unknown[] = [];
    const beatingEnv = new MockActivityEnvironment({ activityId: 'send-big' }, { logger: quietLogger });
    beatingEnv.on('heartbeat', (details: unknown) => heartbeats.push(details));
    const { sendEmail } = createOutboundActivities({ ledger, transport: createSmtpTransport(sink.url), blobStore, heartbeatMs: 50 });
    await expect(beatingEnv.run(sendEmail, email)).resolves.toMatchObject({ status: 'sent' });
    const attachment = sink.received[0]?.parsed.attachments[0];
    expect(attachment?.size).toBe(size);
    expect(createHash('sha256').update(attachment!.content).digest('hex')).toBe(sha256);
    expect(heartbeats.length).toBeGreaterThan(0);
  }, 120_000);

  it('fails invalid input at once, naming the fields', async () => {
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(path.join(dir, 'outbox')) });
    const error = await env.run(sendEmail, { ...reply(9), messageId: 'not-bracketed', to: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
    expect((error as Error).message).toMatch(/messageId: must look like <id@host>.*to: needs at least one recipient/);
  });

  it('fails ids with NUL or other control characters at once, before the ledger', async () => {
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(path.join(dir, 'outbox')) });
    const error = await env.run(sendEmail, { ...reply(11), messageId: '<wf\u0000@orchestrator.example>', threadId: 'thread\u0007' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
    expect((error as Error).message).toMatch(
      /messageId: must not contain control characters \(found U\+0000 at index 3\).*threadId: must not contain control characters \(found U\+0007/,
    );
    await expect(ledger.list()).resolves.toEqual([]);
  });

  it('refuses to reuse a Message-ID for a different message', async () => {
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(path.join(dir, 'outbox')) });
    await env.run(sendEmail, reply(10));
    const error = await env.run(sendEmail, { ...reply(10), text: 'something else' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: OUTBOX_CONFLICT, nonRetryable: true });
  });
});

describe(outboundFromEnv, () => {
  let dir: string;
  let sink: SmtpSink;
  beforeAll(async () => (sink = await startSmtpSink()), 30_000);
  afterAll(() => sink.close());
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'outbound-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the file outbox and SQLite by default, SMTP when SMTP_URL is set', async () => {
    const base = { OUTBOX_DIR: path.join(dir, 'outbox'), OUTBOX_DATABASE_URL: path.join(dir, 'db.sqlite'), BLOB_STORE_URL: path.join(dir, 'blobs') };
    const local = await outboundFromEnv(base);
    expect([local.transport.kind, local.transport.description, local.ledger.kind, local.blobStore.kind]).toEqual([
      'file',
      `file://${path.join(dir, 'outbox')}`,
      'sqlite',
      'directory',
    ]);
    await local.close();
    const smtp = await outboundFromEnv({ ...base, SMTP_URL: 'smtp://bot:secret@mail.example.com:587' });
    expect(smtp.transport.description).toBe('smtp://bot:***@mail.example.com:587');
    await smtp.close();
  });

  it('signs SMTP mail with DKIM when all three SMTP_DKIM_* are set, and names what is missing otherwise', async () => {
    const base = { OUTBOX_DATABASE_URL: path.join(dir, 'db.sqlite'), BLOB_STORE_URL: path.join(dir, 'blobs'), SMTP_URL: sink.url };
    const keyFile = path.join(dir, 'dkim.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(outboundFromEnv({ ...base, SMTP_DKIM_DOMAIN: 'orchestrator.example' })).rejects.toMatchObject({
      name: 'EnvVariableError',
      code: 'ConfigInvalid',
      variable: 'SMTP_DKIM_SELECTOR',
    });
    await expect(
      outboundFromEnv({ ...base, SMTP_DKIM_DOMAIN: 'orchestrator.example', SMTP_DKIM_SELECTOR: 's1', SMTP_DKIM_PRIVATE_KEY_FILE: path.join(dir, 'none.pem') }),
    ).rejects.toMatchObject({ variable: 'SMTP_DKIM_PRIVATE_KEY_FILE' });
    const signed = await outboundFromEnv({ ...base, SMTP_DKIM_DOMAIN: 'Orchestrator.Example', SMTP_DKIM_SELECTOR: 's1', SMTP_DKIM_PRIVATE_KEY_FILE: keyFile });
    const raw = Buffer.from(
      'Message-ID: <dkim1@orchestrator.example>\r\nFrom: a@orchestrator.example\r\nTo: b@customer.example\r\nSubject: Hi\r\n\r\nHello\r\n',
    );
    await signed.transport.send({ messageId: '<dkim1@orchestrator.example>', envelope: { from: 'a@orchestrator.example', to: ['b@customer.example'] }, raw });
    await signed.close();
    const received = sink.received.find((m) => m.parsed.messageId === '<dkim1@orchestrator.example>');
    expect(received?.parsed.headers.get('dkim-signature')).toMatchObject({ params: { d: 'orchestrator.example', s: 's1' } });
  });
});
