import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ImapFlow } from 'imapflow';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { authenticatedSender } from '@org/orchestrator-contracts';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import type { ImapPoller } from '../index';
import { createDirectoryQuarantine, staticDnsResolver, startImapPoller } from '../index';
import { compose, sendingDomain } from './support/dkim';
import type { DovecotServer } from './support/dovecot';
import { startDovecot } from './support/dovecot';
import { accepted, deliveredMessages, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

const MAILBOX_SERVER = 'mx.orders.example.com';
const demo = sendingDomain('demo.example');

/** A message as the mailbox holds it: the receiving server's Authentication-Results on top. */
const received = (messageId: string, ...authenticationResults: string[]) =>
  [
    ...authenticationResults.map((value) => `Authentication-Results: ${value}`),
    'Received: from mail.acme.example (mail.acme.example [192.0.2.10]) by mx.orders.example.com with ESMTPS',
    'From: Maria <maria@acme.example>',
    'To: orders@orders.example.com',
    'Subject: Purchase request: chairs',
    `Message-ID: ${messageId}`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    '',
    'We need 12 chairs.',
    '',
  ].join('\r\n');
const verdicts = (authservId: string) =>
  `${authservId};\r\n\tdkim=pass header.d=acme.example header.s=s1;\r\n\tspf=pass smtp.mailfrom=maria@acme.example;\r\n\tdmarc=pass (p=reject) header.from=acme.example`;

describe('IMAP poller: sender authentication', () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dovecot: DovecotServer;
  let mailbox: ImapFlow;
  let poller: ImapPoller;
  let dir: string;

  beforeAll(async () => {
    [env, dovecot] = await Promise.all([createLocalTestEnv(), startDovecot()]);
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'imap-trust-'));
    mailbox = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await mailbox.connect();
    poller = startImapPoller({
      client: env.client,
      taskQueue: worker.taskQueue,
      imap: { host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass } },
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger: memoryLogger(),
      trustedAuthservIds: [MAILBOX_SERVER],
      resolver: staticDnsResolver(demo.records),
    });
  }, 120_000);
  afterAll(async () => {
    await poller?.stop();
    await mailbox?.logout().catch(() => undefined);
    await worker?.stop();
    await env?.teardown();
    await dovecot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function deliver(raw: string | Buffer, messageId: string): Promise<EmailMessage> {
    await mailbox.append('INBOX', raw);
    await stateWhen(env.client, messageId, accepted(1));
    const [message] = await deliveredMessages(env.client, messageId);
    return message as EmailMessage;
  }

  it('believes the topmost Authentication-Results of a configured authserv-id', async () => {
    const message = await deliver(received('<imap-trusted@acme.example>', verdicts(MAILBOX_SERVER)), '<imap-trusted@acme.example>');
    expect(message.authentication).toEqual({
      verifiedBy: MAILBOX_SERVER,
      spf: { result: 'pass', domain: 'acme.example' },
      dkim: [{ result: 'pass', domain: 'acme.example', selector: 's1' }],
      dmarc: { result: 'pass', domain: 'acme.example' },
      alignedDomain: 'acme.example',
    });
    expect(authenticatedSender(message)).toBe('maria@acme.example');
  }, 60_000);

  it('does not believe the same header from an authserv-id that is not configured', async () => {
    const message = await deliver(received('<imap-untrusted@acme.example>', verdicts('mx.attacker.example')), '<imap-untrusted@acme.example>');
    expect(message.authentication?.verifiedBy).toBe('ingress'); // verified here instead: unsigned, so nothing proven
    expect(message.authentication?.alignedDomain).toBeUndefined();
    expect(authenticatedSender(message)).toBeUndefined();
  }, 60_000);

  it('does not believe a configured id below the topmost header (written by the sender)', async () => {
    const raw = received('<imap-buried@acme.example>', 'mx.relay.example; none', verdicts(MAILBOX_SERVER));
    const message = await deliver(raw, '<imap-buried@acme.example>');
    expect(message.authentication?.verifiedBy).toBe('ingress');
    expect(authenticatedSender(message)).toBeUndefined();
  }, 60_000);

  it('verifies DKIM itself when no trusted header is there (no SPF without the connecting IP)', async () => {
    const raw = await compose(
      { from: 'maria@demo.example', to: 'orders@orders.example.com', subject: 'Signed', text: 'Signed.', messageId: '<imap-dkim@demo.example>' },
      demo.dkim,
    );
    const message = await deliver(raw, '<imap-dkim@demo.example>');
    expect(message.authentication).toMatchObject({
      verifiedBy: 'ingress',
      dkim: [{ result: 'pass', domain: 'demo.example' }],
      dmarc: { result: 'pass' },
      alignedDomain: 'demo.example',
    });
    expect(message.authentication?.spf).toBeUndefined();
    expect(authenticatedSender(message)).toBe('maria@demo.example');
  }, 60_000);
});
