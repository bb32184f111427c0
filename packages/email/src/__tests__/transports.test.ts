import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createFileOutbox, createSmtpTransport, outboxFileName, redactSmtpUrl } from '../index';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';

const mime = (id: string) => Buffer.from(`Message-ID: ${id}\r\nFrom: a@orchestrator.example\r\nTo: b@customer.example\r\nSubject: Hi\r\n\r\nHello\r\n`);
const envelope = { from: 'a@orchestrator.example', to: ['b@customer.example'] };

describe(createFileOutbox, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'outbox-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one .eml per message, atomically and once', async () => {
    const outbox = createFileOutbox(dir);
    await expect(outbox.delivered('<r1@x.example>')).resolves.toBe(false);
    const first = await outbox.send({ messageId: '<r1@x.example>', envelope, raw: mime('<r1@x.example>') });
    expect(first).toMatchObject({ response: 'file written', accepted: ['b@customer.example'] });
    expect(path.basename(first.location)).toBe(outboxFileName('<r1@x.example>'));
    const again = await outbox.send({ messageId: '<r1@x.example>', envelope, raw: Readable.from([mime('<r1@x.example>')]) });
    expect(again.response).toBe('already in outbox');
    await outbox.send({ messageId: '<r2@x.example>', envelope, raw: Readable.from([mime('<r2@x.example>')]) });
    expect(readdirSync(dir).sort()).toEqual([outboxFileName('<r1@x.example>'), outboxFileName('<r2@x.example>')].sort());
    expect(readFileSync(first.location, 'utf8')).toContain('Message-ID: <r1@x.example>');
    await expect(outbox.delivered('<r1@x.example>')).resolves.toBe(true);
  });

  it('makes file names safe and distinct', () => {
    expect(outboxFileName('<../../etc/passwd@x>')).toMatch(/^_[^/]*\.[0-9a-f]{8}\.eml$/);
    expect(outboxFileName('<../../etc/passwd@x>')).not.toContain('/');
    expect(outboxFileName('<a/b@x>')).not.toBe(outboxFileName('<a_b@x>'));
  });
});

describe(createSmtpTransport, () => {
  let sink: SmtpSink;
  beforeAll(async () => (sink = await startSmtpSink({ auth: { user: 'bot', pass: 's3cret' } })));
  afterAll(() => sink.close());

  it('delivers the raw message unchanged, authenticating with the URL credentials', async () => {
    const smtp = createSmtpTransport(sink.url);
    expect(smtp.description).toBe(`smtp://bot:***@127.0.0.1:${sink.port}`);
    const receipt = await smtp.send({ messageId: '<s1@x.example>', envelope, raw: mime('<s1@x.example>') });
    await smtp.close();
    expect(receipt).toMatchObject({ accepted: ['b@customer.example'], rejected: [] });
    expect(receipt.response).toMatch(/^250 .*queued as sink/);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.envelope).toEqual(envelope);
    expect(sink.received[0]?.parsed.messageId).toBe('<s1@x.example>');
    await expect(smtp.delivered('<s1@x.example>')).resolves.toBeUndefined();
  });

  it('signs with DKIM when given a key: the signature names the domain and selector and covers From', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const smtp = createSmtpTransport(sink.url, { dkim: { domainName: 'orchestrator.example', keySelector: 'mail2026', privateKey: pem } });
    await smtp.send({ messageId: '<s3@x.example>', envelope, raw: mime('<s3@x.example>') });
    await smtp.close();
    const signature = sink.received.at(-1)?.parsed.headers.get('dkim-signature') as { value: string; params: Record<string, string> } | undefined;
    expect(signature?.params).toMatchObject({ d: 'orchestrator.example', s: 'mail2026', a: 'rsa-sha256' });
    expect(signature?.params['h']?.toLowerCase().split(':')).toContain('from');
  });

  it('fails with wrong credentials', async () => {
    const smtp = createSmtpTransport(sink.url.replace('s3cret', 'wrong'), { connectionTimeout: 2000 });
    await expect(smtp.send({ messageId: '<s2@x.example>', envelope, raw: mime('<s2@x.example>') })).rejects.toThrow(/auth|credentials/i);
  });

  it('redacts passwords', () => {
    expect(redactSmtpUrl('smtps://u:p@mail.example.com:465')).toBe('smtps://u:***@mail.example.com:465');
  });
});
