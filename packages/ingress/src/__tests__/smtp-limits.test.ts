import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import type { SmtpIngress, SmtpIngressOptions } from '../index';
import { createDirectoryQuarantine, startSmtpIngress } from '../index';
import type { SmtpDialog } from './support/smtp-dialog';
import { smtpDialog } from './support/smtp-dialog';
import { memoryLogger } from './support/temporal';

// These limits act before any message is accepted, so no Temporal server is needed: the client is never called.
describe('SMTP ingress limits', () => {
  let dir: string;
  const servers: SmtpIngress[] = [];
  const dialogs: SmtpDialog[] = [];
  const logger = memoryLogger();

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'smtp-limits-'))));
  afterEach(() => dialogs.splice(0).forEach((d) => d.close()));
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function ingress(options: Partial<SmtpIngressOptions>): Promise<SmtpIngress> {
    const server = await startSmtpIngress({
      client: {} as ThreadClient,
      port: 0,
      acceptDomains: ['orders.example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
      ...options,
    });
    servers.push(server);
    return server;
  }
  const dial = (server: SmtpIngress) => {
    const dialog = smtpDialog(server.port);
    dialogs.push(dialog);
    return dialog;
  };

  it('answers 452 4.5.3 to the recipient beyond maxRecipients', async () => {
    const server = await ingress({ maxRecipients: 3 });
    const smtp = dial(server);
    expect(await smtp.reply()).toMatch(/^220 /);
    expect(await smtp.command('EHLO client.test')).toMatch(/^250/);
    expect(await smtp.command('MAIL FROM:<a@acme.example>')).toMatch(/^250/);
    for (const n of [1, 2, 3]) expect(await smtp.command(`RCPT TO:<r${n}@orders.example.com>`)).toMatch(/^250 /);
    expect(await smtp.command('RCPT TO:<r4@orders.example.com>')).toMatch(/^452 4\.5\.3 /);
    expect(await smtp.command('RCPT TO:<r1@orders.example.com>')).toMatch(/^250 /); // a repeat is no new recipient
  }, 30_000);

  it('greets the connection beyond maxClients with 421 and closes it', async () => {
    const server = await ingress({ maxClients: 2, connectionRate: false });
    const [first, second] = [dial(server), dial(server)];
    expect(await first.reply()).toMatch(/^220 /);
    expect(await second.reply()).toMatch(/^220 /);
    const third = dial(server);
    expect(await third.reply()).toMatch(/^421 .*Too many connected clients/);
    await third.closed;
    first.close();
    await first.closed;
    await new Promise((r) => setTimeout(r, 100)); // the server notices the close
    expect(await dial(server).reply()).toMatch(/^220 /);
  }, 30_000);

  it('refuses connections over the per-IP rate with 421, and spares trusted relay networks', async () => {
    const server = await ingress({ connectionRate: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) {
      const smtp = dial(server);
      expect(await smtp.reply()).toMatch(/^220 /);
      expect(await smtp.command('QUIT')).toMatch(/^221/);
    }
    const fourth = dial(server);
    expect(await fourth.reply()).toMatch(/^421 .*Too many connections from your address/);
    await fourth.closed;
    expect(logger.events.some((e) => e.event === 'smtp.rate-limited' && e['remoteAddress'] === '127.0.0.1')).toBe(true);

    const relay = await ingress({ connectionRate: { max: 1, windowMs: 60_000 }, relay: { networks: ['127.0.0.1/32'] } });
    for (let i = 0; i < 3; i += 1) expect(await dial(relay).reply()).toMatch(/^220 /);
  }, 30_000);

  it('offers AUTH only to be used after STARTTLS unless explicitly allowed', async () => {
    await expect(ingress({ relay: { users: new Map([['postfix', 'secret']]) } })).rejects.toThrow(/^relay\.users need STARTTLS/);
    const server = await ingress({ relay: { users: new Map([['postfix', 'secret']]), allowInsecureAuth: true } });
    const smtp = dial(server);
    await smtp.reply();
    expect(await smtp.command('EHLO client.test')).toMatch(/250[- ]AUTH PLAIN LOGIN/);
    const plain = Buffer.from('\0postfix\0secret').toString('base64');
    expect(await smtp.command(`AUTH PLAIN ${plain}`)).toMatch(/^235 /);
  }, 30_000);

  it('takes AUTH from a relay only after STARTTLS', async () => {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const openssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      { encoding: 'utf8' },
    );
    expect(openssl.status).toBe(0);
    const server = await ingress({ tls: { key: readFileSync(key), cert: readFileSync(cert) }, relay: { users: new Map([['postfix', 'secret']]) } });

    const smtp = dial(server);
    await smtp.reply();
    await smtp.command('EHLO client.test');
    expect(await smtp.command(`AUTH PLAIN ${Buffer.from('\0postfix\0secret').toString('base64')}`)).toMatch(/^538 .*STARTTLS/);

    const overTls = { host: '127.0.0.1', port: server.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } };
    await expect(nodemailer.createTransport({ ...overTls, auth: { user: 'postfix', pass: 'secret' } }).verify()).resolves.toBe(true);
    await expect(nodemailer.createTransport({ ...overTls, auth: { user: 'postfix', pass: 'wrong' } }).verify()).rejects.toMatchObject({ responseCode: 535 });
  }, 30_000);
});
