import { createHmac } from 'node:crypto';
import type { FlowConfigOverrides } from '@org/orchestrator-activities';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, submitAgentReply, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { keyedMessageId, legacyOutboundMessageId } from '@org/orchestrator-thread-kit';
import type { Procurement, Support } from './flow-fixtures';
import {
  QUOTE_DECLINE,
  QUOTE_PROSE,
  QUOTE_TABLE,
  REQUEST_TEXT,
  TRUSTED_REQUESTERS,
  dated,
  deliver,
  mailTo,
  sentTo,
  supplierReply,
  waitForState,
} from './flow-fixtures';
import type { FlowHarness } from './flow-suite';
import { flowSuite } from './flow-suite';
import { sampleMessage } from './sample-messages';
import { quoted, requestQuotes } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// The trust boundary seen from outside: ids that route replies cannot be guessed, and no inbound
// header decides who our mail comes from. Attackers' messages are the test inputs.
const suite = flowSuite();
const { env, newThread } = suite;

const SECRET = Buffer.from('test-secret-of-at-least-32-bytes!!');
const MAILBOXES = {
  procurement: { address: 'buy@acme.example', name: 'Acme Purchasing' },
  support: { address: 'help@acme.example', name: 'Acme Support' },
  orchestrator: { address: 'robot@acme.example', name: 'Acme Robot' },
};
/** Whom an attacker would like us to impersonate: the inbound `To:` is theirs to write. */
const FORGED_TO = [{ address: 'ceo@bank.example', name: 'Bank CEO' }];
const HOUR = 3_600_000;

/** What the `threadIdKey` activity answers for `threadId` under the test secret. */
const threadKey = (threadId: string) => createHmac('sha256', SECRET).update(`thread:${threadId}`).digest('hex');
const fromLine = (mail: string) => /^From: (.*)$/m.exec(mail)?.[1] ?? '';
const messageIdOf = (mail: string) => /^Message-ID: (.*)$/m.exec(mail)?.[1]?.trim();

/** A worker with the test secret and the configured mailboxes (and the procurement tests' sender policy). */
const withWorker = (flows: FlowConfigOverrides, body: (h: FlowHarness) => Promise<void>) =>
  suite.withWorker({ mailboxes: MAILBOXES, ...TRUSTED_REQUESTERS, ...flows }, body, { idSecret: SECRET });

describe('unguessable ids and configured senders (time-skipping)', () => {
  it('procurement: RFQ ids need the secret, a reply to a guessed RFQ id reaches no child, and every mail comes from the purchasing mailbox', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('trust-procurement');
      const nowMs = await env.currentTimeMs();
      const rfqs = await requestQuotes(env, h, threadId, REQUEST_TEXT, { to: FORGED_TO });

      for (const [supplierId, rfq] of Object.entries(rfqs)) {
        // Keyed by the secret: the old formula (thread id + supplier id) no longer gives the id.
        expect(rfq.rfqMessageId).toBe(keyedMessageId(threadKey(threadId), `rfq:${supplierId}`));
        expect(rfq.rfqMessageId).not.toBe(legacyOutboundMessageId(threadId, `rfq:${supplierId}`));
        expect(rfq.workflowId).toBe(threadWorkflowId(rfq.rfqMessageId));
      }
      // The key is the workflow's secret: the state query never shows it.
      expect(JSON.stringify(await getThreadState(env.client, threadId))).not.toContain(threadKey(threadId));

      // A forger who knows the thread and the supplier computes the old RFQ id and "quotes" into it.
      const northwind = rfqs['northwind-it'];
      const guessed = legacyOutboundMessageId(threadId, 'rfq:northwind-it');
      const forged: EmailMessageInput = {
        ...supplierReply({ ...northwind, rfqMessageId: guessed }, dated(QUOTE_TABLE, nowMs).replace('1.150,00', '1,00')),
        messageId: '<forged-quote@evil.example>',
      };
      await deliver(env, h.taskQueue, forged);
      try {
        // It started a thread of its own (held for a human), and the child never saw it.
        const own = await waitForState(env, guessed, (_s, state) => state.messages.some((m) => m.messageId === forged.messageId && m.status === 'handled'));
        expect(own.state.threadId).toBe(guessed);
        const child = await getThreadState(env.client, northwind.rfqMessageId);
        expect(child.messages).toEqual([]);
        expect(child.flowState).toMatchObject({ replies: 0, status: 'requested' });
      } finally {
        await env.client.workflow
          .getHandle(threadWorkflowId(guessed))
          .terminate('test finished')
          .catch(() => undefined);
      }

      // The child has its own key: its clarification's Message-ID is keyed by its thread (the RFQ email).
      const fabrikam = rfqs['fabrikam-displays'];
      await deliver(env, h.taskQueue, supplierReply(fabrikam, 'Hi, we can do it for a good price, call me.', 1));
      const [, clarification] = await mailTo(h.sent, fabrikam.supplierEmail, 2);
      expect(messageIdOf(clarification)).toBe(keyedMessageId(threadKey(fabrikam.rfqMessageId), 'clarification:1'));
      expect(messageIdOf(clarification)).not.toBe(legacyOutboundMessageId(fabrikam.rfqMessageId, 'clarification:1'));

      await deliver(env, h.taskQueue, supplierReply(northwind, dated(QUOTE_TABLE, nowMs)));
      await deliver(env, h.taskQueue, supplierReply(rfqs['contoso-computing'], dated(QUOTE_PROSE, nowMs)));
      await deliver(env, h.taskQueue, supplierReply(fabrikam, QUOTE_DECLINE, 2));
      await quoted(env, northwind, rfqs['contoso-computing']);
      await env.sleep(2 * HOUR); // past the correction window
      await waitForState<Procurement>(env, threadId, (s) => s.step === 'awaiting-approval');
      await decideApproval(env.client, threadId, 'approvePurchase', { approver: 'approver@orchestrator.local' });
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement ordered');
      await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-unguessable-ids');
      await maybeRecordHistory(env, fabrikam.workflowId, undefined, 'rfq-unguessable-ids');

      // RFQs, a clarification, the approval request, the purchase order, the requester's
      // confirmation and the note to the supplier not chosen: all from the configured mailbox.
      const sent = h.sent();
      const subjects = sent.map((m) => /^Subject: (.*)$/m.exec(m)?.[1] ?? '');
      expect(subjects).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Request for quotation/),
          expect.stringMatching(/^\[Approval needed\]/),
          expect.stringMatching(/^Purchase order PO-/),
          'Your quotation',
          'Re: Purchase request: laptops and monitors',
        ]),
      );
      expect(sent.length).toBeGreaterThanOrEqual(8);
      for (const mail of sent) expect(fromLine(mail)).toMatch(/^"?Acme Purchasing"? <buy@acme\.example>$/);
      expect(sentTo(sent, 'alice@example.com').at(-1)).toContain(`Message-ID: ${keyedMessageId(threadKey(threadId), 'confirmation')}`);
    });
  }, 180_000);

  it('support: the agent notice and the agent’s reply (keyed id) come from the support mailbox, not the forged To:', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('trust-support');
      const customer = { address: 'p.hall@mail.example', name: 'Peter Hall' };
      await deliver(env, h.taskQueue, {
        messageId: threadId,
        threadId,
        from: customer,
        to: FORGED_TO,
        subject: 'Worst service ever',
        text: 'This is the worst service I have ever had! The running shoes from order B20931 fell apart after one week. I am furious and disappointed.\n\nPeter Hall',
        receivedAt: new Date().toISOString(),
      });
      await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-agent');
      const [notice] = await mailTo(h.sent, 'agent@orchestrator.local');
      expect(fromLine(notice)).toMatch(/^"?Acme Support"? <help@acme\.example>$/);

      const receipt = await submitAgentReply(env.client, threadId, {
        agent: 'agent@orchestrator.local',
        reply: 'Dear Peter, a replacement pair is on its way.',
      });
      expect(receipt.replyMessageId).toBe(keyedMessageId(threadKey(threadId), `agent-reply:${threadId}`));
      const [reply] = await mailTo(h.sent, customer.address);
      expect(messageIdOf(reply)).toBe(receipt.replyMessageId);
      expect(fromLine(reply)).toMatch(/^"?Acme Support"? <help@acme\.example>$/);
      expect(h.sent().some((m) => fromLine(m).includes('bank.example'))).toBe(false);
    });
  }, 120_000);

  it('unknown flow: the holding reply comes from the orchestrator mailbox under a keyed id', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('trust-unknown');
      const message = sampleMessage(threadId, 1, { to: FORGED_TO });
      await deliver(env, h.taskQueue, message);
      const [holding] = await mailTo(h.sent, 'alice@example.com');
      expect(fromLine(holding)).toMatch(/^"?Acme Robot"? <robot@acme\.example>$/);
      expect(messageIdOf(holding)).toBe(keyedMessageId(threadKey(threadId), `holding:${message.messageId}`));
    });
  }, 120_000);
});
