import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { installedFlowConfig } from '@org/orchestrator-installed-flows';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { completeThread, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { createSmtpTransport } from '@org/orchestrator-email';
import { createDirectoryQuarantine, silentLogger, startSmtpIngress } from '@org/orchestrator-ingress';
import { bundleWorkflowsForTest, createLocalTestEnv, startSmtpSink, stopAfterEachTest, uniqueTaskQueue } from '@org/orchestrator-testing';

// Real email both ways: nodemailer → SMTP ingress → thread workflow → reply over SMTP → a sink,
// where the reply must satisfy the rules mail clients thread by (RFC 5322 §3.6.4). The email is
// one no business flow takes (a holding reply); support-e2e and procurement-e2e run the flows.
describe('email round trip through the SMTP ingress and an SMTP relay', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;

  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'round-trip-'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a sender with a correctly threaded reply, and files the follow-up in the same thread', async () => {
    const sink = await startSmtpSink();
    const blobStore = createDirectoryBlobStore(join(dir, 'blobs'));
    const store = openSqliteStore(join(dir, 'orchestrator.sqlite'));
    const ledger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
    const taskQueue = uniqueTaskQueue('round-trip');
    const shop = { address: 'help@shop.example' };
    const worker = stopAfterEachTest(
      await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await bundleWorkflowsForTest(require.resolve('@org/orchestrator-workflows')),
        // Every flow's mail comes from the shop's configured mailbox (never from the inbound To:).
        activities: createActivities({
          store,
          outbound: { ledger, transport: createSmtpTransport(sink.url), blobStore },
          flows: installedFlowConfig({ mailboxes: { procurement: shop, support: shop, orchestrator: shop } }),
        }),
      }),
    );
    const ingress = await startSmtpIngress({
      client: env.client,
      taskQueue,
      port: 0,
      acceptDomains: ['shop.example'],
      blobStore,
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger: silentLogger,
    });
    const customer = createTransport({ host: '127.0.0.1', port: ingress.port, secure: false, ignoreTLS: true });
    try {
      await worker.runUntil(async () => {
        const first = await customer.sendMail({
          from: 'Dana Customer <dana@customer.example>',
          to: 'help@shop.example',
          subject: 'Invitation: logistics conference in March',
          text: 'Hello, we would like to invite your team to speak at our logistics conference in Hamburg in March. Would you be interested?',
          messageId: '<order-question-1@customer.example>',
        });
        expect(first.response).toMatch(/^250/);
        const threadId = '<order-question-1@customer.example>';

        const deadline = Date.now() + 30_000;
        while (sink.received.length < 1) {
          if (Date.now() > deadline) throw new Error('no reply reached the sink');
          await new Promise((r) => setTimeout(r, 100));
        }
        const [reply] = sink.received;
        const mail = reply!.parsed;
        // What mail clients thread by: In-Reply-To is the message answered, References ends with it.
        expect(mail.inReplyTo).toBe('<order-question-1@customer.example>');
        expect([mail.references].flat()).toEqual(['<order-question-1@customer.example>']);
        expect(mail.subject).toBe('Re: Invitation: logistics conference in March');
        expect(mail.to && 'value' in mail.to ? mail.to.value.map((a) => a.address) : []).toEqual(['dana@customer.example']);
        expect(mail.from?.value[0]?.address).toBe('help@shop.example');
        expect(mail.messageId).toMatch(/@orchestrator\.local>$/);
        expect(mail.headers.get('auto-submitted')).toBe('auto-replied');

        // The customer answers the reply, as a mail client would: it lands in the same thread.
        await customer.sendMail({
          from: 'Dana Customer <dana@customer.example>',
          to: 'help@shop.example',
          subject: `Re: ${mail.subject}`,
          text: 'Thanks! Any news?\n\nOn Wed, help@shop.example wrote:\n> Thank you for your message',
          messageId: '<order-question-2@customer.example>',
          inReplyTo: mail.messageId,
          references: [threadId, mail.messageId!],
        });
        const state = await (async () => {
          for (;;) {
            const s = await getThreadState(env.client, threadId);
            if (s.messages.length === 2 && s.messages.every((m) => m.status === 'handled')) return s;
            if (Date.now() > deadline) throw new Error(JSON.stringify(s));
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        expect(state.flow).toBe('unknown');
        expect(state.messages.map((m) => m.messageId)).toEqual(['<order-question-1@customer.example>', '<order-question-2@customer.example>']);
        await completeThread(env.client, threadId);
        await waitForThreadSummary(env.client, threadId);
      });
      // One automatic reply per thread: the follow-up was recorded, not answered again.
      expect(sink.received).toHaveLength(1);
    } finally {
      customer.close();
      await ingress.close();
      await sink.close();
      store.close();
      await ledger.close();
    }
  }, 120_000);
});
