import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import type { ThreadIndex } from '@org/orchestrator-email';
import { parseRawEmail } from '@org/orchestrator-email';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import type { SmtpIngress } from '../index';
import { createDirectoryQuarantine, startSmtpIngress } from '../index';
import { accepted, deliveredMessages, memoryLogger, startThreadWorker, stateWhen } from './support/temporal';

type SendError = Error & { responseCode?: number };

// The real SMTP ingress and a real worker on a Temporal dev server, sharing one thread index
// file through two handles, as the ingress and worker processes of one host do.
describe('SMTP ingress: threading by the thread index', () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dir: string;
  let index: ThreadIndex;
  let ingress: SmtpIngress;
  const logger = memoryLogger();
  let counter = 0;
  const unique = (name: string) => `<${name}.${Date.now().toString(36)}.${++counter}@acme.example>`;

  const options = (threadIndex: ThreadIndex) => ({
    client: env.client,
    taskQueue: worker.taskQueue,
    port: 0,
    acceptDomains: ['orders.example.com'],
    blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
    quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
    logger,
    threadIndex,
  });

  beforeAll(async () => {
    env = await createLocalTestEnv();
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'smtp-thread-index-'));
    index = openSqliteThreadIndex(worker.databasePath);
    ingress = await startSmtpIngress(options(index));
  }, 120_000);
  afterAll(async () => {
    await ingress?.close();
    await index?.close();
    await worker?.stop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  function send(mail: Mail.Options, server = ingress): Promise<{ response: string }> {
    return nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'Ann <ann@acme.example>',
      to: 'hello@orders.example.com',
      subject: 'Lunch on Friday?',
      text: 'Are you free for lunch on Friday?',
      ...mail,
    });
  }

  /** The worker's answer to `messageId` (the one .eml whose In-Reply-To it is), once written. */
  async function answerTo(messageId: string): Promise<EmailMessageInput> {
    const until = Date.now() + 30_000;
    for (;;) {
      const files = existsSync(worker.outboxDir) ? readdirSync(worker.outboxDir).filter((f) => f.endsWith('.eml')) : [];
      for (const file of files) {
        const mail = await parseRawEmail(readFileSync(join(worker.outboxDir, file)));
        if (mail.inReplyTo === messageId) return mail;
      }
      if (Date.now() > until) throw new Error(`no answer to ${messageId} in ${worker.outboxDir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A thread started by `root`, answered by the worker (a holding reply: no flow takes lunch). */
  async function answeredThread(name: string): Promise<{ root: string; answer: string }> {
    const root = unique(name);
    await send({ messageId: root });
    const { messageId: answer } = await answerTo(root);
    return { root, answer };
  }

  it('delivers a reply that names only our answer (In-Reply-To, no References) to the original thread', async () => {
    const { root, answer } = await answeredThread('idx-root');
    await expect(index.threadsOf([answer])).resolves.toEqual(new Map([[answer, root]])); // recorded by sendEmail

    const reply = unique('idx-reply');
    const info = await send({ messageId: reply, inReplyTo: answer, subject: 'Re: Lunch on Friday?', text: 'Friday works!' });
    expect(info.response).toBe(`250 2.6.0 OK: ${reply} delivered to thread ${root}`);
    const state = await stateWhen(env.client, root, accepted(2));
    expect(state.messages.map((m) => m.messageId)).toEqual([root, reply]);
    const delivered = (await deliveredMessages(env.client, root)).find((m) => m.messageId === reply);
    expect(delivered).toMatchObject({ threadId: root, inReplyTo: answer, references: [] });
    // The header rule alone would have started a thread named after our answer.
    await expect(env.client.workflow.getHandle(threadWorkflowId(answer)).describe()).rejects.toThrow(/not found/i);
    expect(logger.events.find((e) => e.event === 'ingress.threaded-by-index' && e['messageId'] === reply)).toMatchObject({
      level: 'info',
      threadId: root,
      parent: answer,
      byHeaders: answer,
    });
  }, 90_000);

  it('records inbound messages too: a reply naming only the customer’s reply finds the thread', async () => {
    const { root, answer } = await answeredThread('idx-chain');
    const reply = unique('idx-chain-reply');
    await send({ messageId: reply, inReplyTo: answer });
    await expect(index.threadsOf([root, reply])).resolves.toEqual(
      new Map([
        [root, root],
        [reply, root],
      ]),
    );
    const colleague = unique('idx-colleague');
    const info = await send({ from: 'bob@acme.example', messageId: colleague, inReplyTo: reply, text: 'Count me in.' });
    expect(info.response).toBe(`250 2.6.0 OK: ${colleague} delivered to thread ${root}`);
    await stateWhen(env.client, root, accepted(3));
  }, 90_000);

  it('starts a new thread for a reply to an id nobody recorded, as without an index', async () => {
    const stranger = '<never-seen@elsewhere.example>';
    const message = unique('idx-unknown-parent');
    const info = await send({ messageId: message, inReplyTo: stranger });
    expect(info.response).toBe(`250 2.6.0 OK: ${message} delivered to thread ${stranger}`);
    await stateWhen(env.client, stranger, accepted(1));
    expect(logger.events.some((e) => e.event === 'ingress.threaded-by-index' && e['messageId'] === message)).toBe(false);
  }, 60_000);

  it('moves nothing for a message that reuses our answer’s Message-ID as its own', async () => {
    const { root, answer } = await answeredThread('idx-reused');
    const info = await send({ from: 'mallory@elsewhere.example', messageId: answer, subject: 'Lunch next week?', text: 'Are you free for lunch next week?' });
    // Placed by its own (absent) ancestors: a thread of its own, not the thread the id belongs to.
    expect(info.response).toBe(`250 2.6.0 OK: ${answer} delivered to thread ${answer}`);
    await expect(index.threadsOf([answer])).resolves.toEqual(new Map([[answer, root]]));
    expect(logger.events.find((e) => e.event === 'ingress.message-id-reused' && e['messageId'] === answer)).toMatchObject({
      level: 'warn',
      threadId: answer,
      recordedThreadId: root,
    });
    // We answered the forger in the forger's thread, so that thread has a recorded message now; the
    // customer's reply naming our answer still finds the customer's thread, not the forger's.
    const { messageId: toForger } = await answerTo(answer);
    await expect(index.threadsOf([toForger])).resolves.toEqual(new Map([[toForger, answer]]));
    const reply = unique('idx-reused-reply');
    expect((await send({ messageId: reply, inReplyTo: answer })).response).toBe(`250 2.6.0 OK: ${reply} delivered to thread ${root}`);
    await stateWhen(env.client, root, accepted(2));
  }, 90_000);

  it('answers 451 while the index cannot be read, delivering nothing, and delivers once it can', async () => {
    const { root, answer } = await answeredThread('idx-outage');
    let down = true;
    const failing: ThreadIndex = {
      ...index,
      threadsOf: (ids) => (down ? Promise.reject(new Error('SQLITE_BUSY: database is locked')) : index.threadsOf(ids)),
      close: async () => undefined,
    };
    const server = await startSmtpIngress(options(failing));
    try {
      const reply = unique('idx-outage-reply');
      const error: SendError = await send({ messageId: reply, inReplyTo: answer }, server).then(
        () => new Error('accepted'),
        (e: SendError) => e,
      );
      expect(error.responseCode).toBe(451);
      await expect(env.client.workflow.getHandle(threadWorkflowId(answer)).describe()).rejects.toThrow(/not found/i);
      expect((await stateWhen(env.client, root, accepted(1))).messages).toHaveLength(1);
      down = false; // the sender's retry
      const info = await send({ messageId: reply, inReplyTo: answer }, server);
      expect(info.response).toBe(`250 2.6.0 OK: ${reply} delivered to thread ${root}`);
      await stateWhen(env.client, root, accepted(2));
    } finally {
      await server.close();
    }
  }, 90_000);
});
