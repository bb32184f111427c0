import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { DevServerHandle } from '@org/temporal-toolchain';
import { startDevServer } from '@org/temporal-toolchain';
import type { SmtpIngress } from '../index';
import { createDirectoryQuarantine, startSmtpIngress } from '../index';
import { freePort } from '@org/orchestrator-testing';
import { accepted as acceptedMessages, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

type SendError = Error & { responseCode?: number; response?: string };

// A dev server with its state in a SQLite file, so it can be stopped and restarted on the same port.
describe('SMTP ingress while Temporal is down', () => {
  let dir: string;
  let port: number;
  let uiPort: number;
  let server: DevServerHandle | undefined;
  let connection: Connection;
  let client: Client;
  let ingress: SmtpIngress;
  const logger = memoryLogger();

  const start = () => startDevServer({ port, uiPort, dbFilename: join(dir, 'temporal.sqlite'), forwardOutput: false, logLevel: 'error' });

  beforeAll(async () => {
    // Workers log every state change at INFO: keep test output readable (as createLocalTestEnv does).
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed
    }
    dir = mkdtempSync(join(tmpdir(), 'smtp-outage-'));
    [port, uiPort] = [await freePort(), await freePort()];
    server = await start();
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  }, 120_000);
  afterAll(async () => {
    await ingress?.close();
    await connection?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 451 4.3.0 while the server is stopped; the same message sent again after the restart is handled once', async () => {
    const taskQueue = 'ingress-outage';
    ingress = await startSmtpIngress({
      client,
      taskQueue,
      port: 0,
      acceptDomains: ['orders.example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
      deliveryTimeoutMs: 3_000,
    });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: ingress.port, secure: false, ignoreTLS: true });
    const mail = {
      from: 'maria@acme.example',
      to: 'purchasing@orders.example.com',
      subject: 'Purchase request: 3 desks',
      text: 'Three standing desks, please.',
      messageId: '<outage-1@acme.example>',
    };

    await server?.stop();
    server = undefined;
    const started = Date.now();
    const refused: SendError = await mailer.sendMail(mail).then(
      () => new Error('accepted'),
      (e: SendError) => e,
    );
    expect(refused.responseCode).toBe(451);
    expect(refused.response ?? refused.message).toMatch(
      /^451 4\.3\.0 Temporary failure \(the orchestrator cannot take the message right now\), try again later/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logger.events.find((e) => e.event === 'smtp.deferred')).toMatchObject({
      error: { name: 'TransientDeliveryError', message: expect.stringMatching(/^Temporal did not accept the message/) },
    });

    server = await start();
    // A sending MTA retries on its schedule; the client reconnects on its own.
    let accepted: string | undefined;
    for (let attempt = 0; attempt < 10 && !accepted; attempt++) {
      accepted = await mailer.sendMail(mail).then(
        (info) => info.response,
        async (e: SendError) => {
          if (e.responseCode !== 451) throw e;
          await new Promise((r) => setTimeout(r, 1_000));
          return undefined;
        },
      );
    }
    expect(accepted).toMatch(/^250 2\.6\.0 OK: <outage-1@acme\.example> delivered/);

    // The thread starts once a worker polls its queue: one message, accepted once.
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await startThreadWorker(nativeConnection, 'default', taskQueue);
    try {
      await stateWhen(client, '<outage-1@acme.example>', acceptedMessages(1));
      // A sender that never saw our 250 (connection lost after DATA) sends it once more: ignored.
      expect((await mailer.sendMail(mail)).response).toMatch(/^250 /);
      const state = await stateWhen(client, '<outage-1@acme.example>', (s) => s.duplicatesIgnored === 1);
      expect(state.messages).toHaveLength(1);
      expect(state.messages[0]).toMatchObject({ messageId: '<outage-1@acme.example>' });
    } finally {
      await worker.stop();
      await nativeConnection.close();
    }
  }, 180_000);
});
