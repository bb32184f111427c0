import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { authenticatedSender, automatedMail } from '@org/orchestrator-contracts';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import type { SmtpIngress, SmtpIngressOptions } from '../index';
import { createDirectoryQuarantine, staticDnsResolver, startSmtpIngress } from '../index';
import { mergeRecords, sendingDomain } from './support/dkim';
import { accepted, deliveredMessages, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

// demo.example signs its mail and publishes DKIM, DMARC (p=reject) and SPF (-all) through the resolver.
const demo = sendingDomain('demo.example');
const resolver = staticDnsResolver(mergeRecords(demo.records, sendingDomain('corp.example').records));

describe('SMTP ingress: sender authentication', () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dir: string;
  const servers: SmtpIngress[] = [];
  const logger = memoryLogger();

  beforeAll(async () => {
    env = await createLocalTestEnv();
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'smtp-trust-'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await worker?.stop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ingress(options: Partial<SmtpIngressOptions> = {}): Promise<SmtpIngress> {
    const server = await startSmtpIngress({
      client: env.client,
      taskQueue: worker.taskQueue,
      port: 0,
      acceptDomains: ['orders.example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
      resolver,
      serverName: 'mx.orders.example.com',
      ...options,
    });
    servers.push(server);
    return server;
  }

  /** Sends `mail` (DKIM-signed with `dkim`) and returns the message as its thread received it. */
  async function deliver(server: SmtpIngress, mail: Mail.Options, transport: Record<string, unknown> = {}): Promise<EmailMessage> {
    const info = await nodemailer
      .createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true, ...transport })
      .sendMail({ to: 'purchasing@orders.example.com', subject: 'Purchase request', text: 'We need 12 chairs.', ...mail });
    expect(info.response).toMatch(/^250 /);
    const threadId = mail.messageId as string;
    await stateWhen(env.client, threadId, accepted(1));
    const [message] = await deliveredMessages(env.client, threadId);
    return message as EmailMessage;
  }

  it('delivers a DKIM-signed message from a domain with DMARC as authenticated', async () => {
    const server = await ingress();
    const message = await deliver(server, { from: 'Maria <maria@demo.example>', messageId: '<trust-signed@demo.example>', dkim: demo.dkim });
    expect(message.authentication).toMatchObject({
      verifiedBy: 'ingress',
      dkim: [{ result: 'pass', domain: 'demo.example', selector: 'sel' }],
      dmarc: { result: 'pass', domain: 'demo.example', policy: 'reject' },
      alignedDomain: 'demo.example',
    });
    expect(authenticatedSender(message)).toBe('maria@demo.example');
  }, 60_000);

  it('delivers a forged From (no signature, SPF -all for 127.0.0.1) but unauthenticated', async () => {
    const server = await ingress();
    const message = await deliver(server, { from: 'CEO <ceo@demo.example>', messageId: '<trust-forged@attacker.example>' });
    expect(message.authentication).toMatchObject({ spf: { result: 'fail', domain: 'demo.example' }, dkim: [], dmarc: { result: 'fail' } });
    expect(message.authentication?.alignedDomain).toBeUndefined();
    expect(authenticatedSender(message)).toBeUndefined();
  }, 60_000);

  it('ignores a forged Authentication-Results: dmarc=pass header', async () => {
    const server = await ingress();
    const message = await deliver(server, {
      from: 'ceo@demo.example',
      messageId: '<trust-forged-ar@attacker.example>',
      headers: {
        'Authentication-Results':
          'mx.orders.example.com; spf=pass smtp.mailfrom=demo.example; dkim=pass header.d=demo.example; dmarc=pass header.from=demo.example',
      },
    });
    expect(message.authentication?.verifiedBy).toBe('ingress');
    expect(message.authentication?.dmarc?.result).toBe('fail');
    expect(authenticatedSender(message)).toBeUndefined();
  }, 60_000);

  it('delivers when DNS fails, with temperror verdicts and no aligned domain', async () => {
    const dnsDown = async () => {
      throw Object.assign(new Error('no DNS server'), { code: 'ECONNREFUSED' });
    };
    const server = await ingress({ resolver: dnsDown });
    const message = await deliver(server, { from: 'maria@demo.example', messageId: '<trust-dns-down@demo.example>', dkim: demo.dkim });
    expect(message.authentication).toMatchObject({ spf: { result: 'temperror' }, dkim: [{ result: 'temperror' }], dmarc: { result: 'temperror' } });
    expect(authenticatedSender(message)).toBeUndefined();
  }, 60_000);

  it('marks a relay that logged in with AUTH, and lets it vouch only for its own domains', async () => {
    const server = await ingress({ relay: { users: new Map([['postfix', 'relay-secret']]), domains: ['corp.example'], allowInsecureAuth: true } });
    const auth = { auth: { user: 'postfix', pass: 'relay-secret' } };
    const own = await deliver(server, { from: 'buyer@corp.example', messageId: '<trust-relay-own@corp.example>' }, auth);
    expect(own.authentication).toMatchObject({ relay: 'smtp-auth:postfix', alignedDomain: 'corp.example' });
    expect(authenticatedSender(own)).toBe('buyer@corp.example');

    const forwarded = await deliver(server, { from: 'ceo@demo.example', messageId: '<trust-relay-forwarded@attacker.example>' }, auth);
    expect(forwarded.authentication?.relay).toBe('smtp-auth:postfix');
    expect(authenticatedSender(forwarded)).toBeUndefined();

    const wrong = await nodemailer
      .createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true, auth: { user: 'postfix', pass: 'guess' } })
      .sendMail({ from: 'buyer@corp.example', to: 'purchasing@orders.example.com', subject: 'x', text: 'x' })
      .then(
        () => undefined,
        (e: Error & { responseCode?: number }) => e,
      );
    expect(wrong?.responseCode).toBe(535);
    expect(logger.events.some((e) => e.event === 'smtp.auth-failed' && e['user'] === 'postfix')).toBe(true);
  }, 60_000);

  it('marks mail from a trusted relay network without AUTH', async () => {
    const server = await ingress({ relay: { networks: ['127.0.0.0/8'], domains: ['corp.example'] } });
    const message = await deliver(server, { from: 'buyer@corp.example', messageId: '<trust-relay-network@corp.example>' });
    expect(message.authentication).toMatchObject({ relay: 'network:127.0.0.1', alignedDomain: 'corp.example' });
  }, 60_000);

  it('marks automatic mail (Auto-Submitted, Precedence, List-Id) as automated', async () => {
    const server = await ingress();
    const cases = [
      [{ 'Auto-Submitted': 'auto-replied' }, { kind: 'auto-submitted', detail: 'auto-replied' }],
      [{ Precedence: 'bulk' }, { kind: 'precedence', detail: 'bulk' }],
      [{ 'List-Id': '<offers.lists.demo.example>' }, { kind: 'list', detail: '<offers.lists.demo.example>' }],
    ] as const;
    for (const [i, [headers, expected]] of cases.entries()) {
      const message = await deliver(server, { from: 'maria@demo.example', messageId: `<trust-automated-${i}@demo.example>`, headers });
      expect(message.automated).toEqual(expected);
      expect(automatedMail(message)).toEqual(expected);
    }
  }, 60_000);
});
