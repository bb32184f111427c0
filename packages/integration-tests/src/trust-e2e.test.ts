import type { ProcurementFlowState, RfqThreadState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, getThreadState } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv, eventually } from '@org/orchestrator-testing';
import type { FlowStack } from './flow-stack';
import { flowStackSuite, recipients, startFlowStack, uniqueMessageId } from './flow-stack';

// The trust boundary end to end: real SMTP into the ingress (which verifies DKIM/DMARC against the
// test's published keys), a real Temporal dev server, and every outgoing email caught at a sink.
// The attacker's mail is the normal case here: forged senders, forged supplier replies, mail loops.

const PURCHASING = 'purchasing@orchestrator.test';
const SUPPORT = 'support@orchestrator.test';
const ESCALATION = 'escalations@orchestrator.test';
const ALICE = 'alice@acme.example';
const SUPPLIERS = ['sales@northwind-it.example', 'quotes@contoso-computing.example', 'orders@fabrikam-displays.example'];

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const REQUEST = () =>
  `Hello purchasing,\n\nWe need 4 laptops (Dell Latitude 5440) and 4 monitors (Dell P2723D). Budget 8000 EUR. ` +
  `Needed by ${day(60)}. Please deliver to the Berlin office.\n\nThanks, Alice`;
const QUOTE = (laptop: string, monitor: string, total: string) =>
  `Dear Alice,\n\nwe are pleased to offer:\n\n- 4 x Laptop Dell Latitude 5440 @ EUR ${laptop} each\n- 4 x Monitor Dell P2723D @ EUR ${monitor} each\n\n` +
  `Total: EUR ${total}. Delivery in 10 days, prices valid until ${day(90)}.\n\nRegards`;

const { env, stack } = flowStackSuite({
  prefix: 'trust-e2e',
  acceptDomains: ['orchestrator.test'],
  escalationAddress: ESCALATION,
  flows: {
    // Quotes stay open long enough for forged corrections to arrive while the RFQs run.
    procurement: { correctionWindowMs: 60_000, quoteWindowMs: 120_000, supplierReminderAfterMs: 120_000 },
    mailboxes: { procurement: { address: PURCHASING, name: 'Purchasing' }, support: { address: SUPPORT, name: 'Support' } },
    trust: { procurementRequesters: { domains: ['acme.example'] } },
  },
});

const request = (id: string) => ({
  from: `Alice <${ALICE}>`,
  to: `Purchasing <${PURCHASING}>`,
  subject: 'Purchase request: laptops and monitors',
  text: REQUEST(),
  messageId: id,
});
const procurementState = async (threadId: string) => (await getThreadState(env.client, threadId)).flowState as unknown as ProcurementFlowState;

describe('the trust boundary over SMTP on a Temporal dev server', () => {
  it('holds a forged purchase request (unsigned From: of an allowed domain) for a human: no RFQ, nothing to the "requester"', async () => {
    const threadId = uniqueMessageId('forged-request', 'acme.example');
    await stack.send(request(threadId), { unsigned: true });

    const [notice] = await stack.waitForMail('the escalation notice', (m) => recipients(m).includes(ESCALATION) && (m.parsed.text ?? '').includes(threadId));
    expect(notice?.parsed.text).toContain('unauthenticated');
    const state = await getThreadState(env.client, threadId);
    expect(state.escalation?.reason).toBe('procurement request held: unauthenticated');
    expect(state.flowState).toMatchObject({ step: 'needs-human', heldFor: 'unauthenticated', rfqs: {} });
    // Found by operators through the search attribute, like every thread a person must look at.
    await eventually('the escalated thread in visibility', async () => {
      const found: string[] = [];
      for await (const w of env.client.workflow.list({ query: `OrchestratorEscalated = true AND WorkflowId = '${threadWorkflowId(threadId)}'` }))
        found.push(w.workflowId);
      return found.length === 1;
    });
    // Nothing reached a supplier or the forged requester: the only mail of this thread is the notice.
    expect(stack.received((m) => SUPPLIERS.some((s) => recipients(m).includes(s)))).toEqual([]);
    expect(stack.mailTo(ALICE)).toEqual([]);
    await completeThread(env.client, threadId, { reason: 'test over' });
  }, 60_000);

  it('asks suppliers for the same request DKIM-signed by the allowed domain, and no forged reply changes a quote', async () => {
    const threadId = uniqueMessageId('signed-request', 'acme.example');
    await stack.send(request(threadId));
    const rfqs = await stack.waitForMail(
      'RFQs',
      (m) => /^Request for quotation:/.test(m.parsed.subject ?? '') && SUPPLIERS.some((s) => recipients(m).includes(s)),
      3,
    );
    expect(rfqs.flatMap(recipients).sort()).toEqual([...SUPPLIERS].sort());
    const northwindRfq = rfqs.find((m) => recipients(m).includes('sales@northwind-it.example'));
    const rfqId = northwindRfq?.parsed.messageId as string;
    const reply = (from: string, text: string, id: string) => ({
      from,
      to: `Purchasing <${PURCHASING}>`,
      subject: 'Re: Request for quotation',
      text,
      messageId: id,
      inReplyTo: rfqId,
      references: [rfqId],
    });

    // The genuine quote, signed by the supplier's domain.
    const genuine = uniqueMessageId('quote', 'northwind-it.example');
    await stack.send(reply('Northwind IT <sales@northwind-it.example>', QUOTE('1,150.00', '279.00', '5,716.00'), genuine));
    const quoted = await eventually('the genuine quote to be read', async () => {
      const child = await getThreadState(env.client, rfqId);
      const rfq = child.flowState as unknown as RfqThreadState;
      return rfq.status === 'quoted' && child;
    });
    expect((quoted.flowState as unknown as RfqThreadState).quote?.total).toBe(5716);

    // Forged "corrections": from an unrelated (authenticated) domain, and from the supplier's own
    // address without its signature (DMARC fails: the domain publishes p=reject).
    const strangerId = uniqueMessageId('quote', 'evil.example');
    const unsignedId = uniqueMessageId('quote', 'northwind-it.example');
    await stack.send(reply('Mallory <sales@evil.example>', QUOTE('1.00', '1.00', '8.00'), strangerId));
    await stack.send(reply('Northwind IT <sales@northwind-it.example>', QUOTE('1.00', '1.00', '8.00'), unsignedId), { unsigned: true });

    const after = await eventually('both forgeries to be handled', async () => {
      const child = await getThreadState(env.client, rfqId);
      const handled = child.messages.filter((m) => [strangerId, unsignedId].includes(m.messageId) && m.status === 'handled');
      return handled.length === 2 && child;
    });
    const outcomes = Object.fromEntries(after.messages.map((m) => [m.messageId, m.outcome?.action]));
    expect(outcomes[strangerId]).toBe('ignored: not-supplier');
    expect(outcomes[unsignedId]).toBe('ignored: unauthenticated');
    const rfq = after.flowState as unknown as RfqThreadState;
    expect(rfq).toMatchObject({ status: 'quoted', replies: 1, clarifications: 0 });
    expect(rfq.quote?.total).toBe(5716);
    // Nobody was asked to clarify, and the forgers got nothing.
    expect(stack.mailTo('sales@evil.example')).toEqual([]);
    expect((await procurementState(threadId)).step).toBe('requesting-quotes');
    await completeThread(env.client, threadId, { reason: 'test over' });
  }, 90_000);

  it('never answers automatic mail: two orchestrators whose mailboxes write to each other stop after one automatic message', async () => {
    // A second orchestrator, with its own support mailbox and its own Temporal server (thread ids
    // are Message-IDs: in one namespace both would address the same workflow).
    const otherEnv = await createLocalTestEnv();
    const other = await startFlowStack(otherEnv, {
      prefix: 'trust-e2e-other',
      acceptDomains: ['other.test'],
      flows: { mailboxes: { support: { address: 'support@other.test', name: 'Other Support' } } },
    });
    try {
      // Someone writes to ours as the other's support mailbox (a forward, a spoof, a misconfigured rule).
      const first = uniqueMessageId('question', 'other.test');
      await stack.send({
        from: 'Other Support <support@other.test>',
        to: `Support <${SUPPORT}>`,
        subject: 'Where is my order?',
        text: 'Hello,\n\nwhere is my order A10482? It has not arrived yet.\n\nThanks',
        messageId: first,
      });
      // Mail goes back and forth between the two sinks and ingresses, as the internet would carry it.
      const carried = new Set<string>();
      const carry = async (from: FlowStack, to: FlowStack, toAddress: string) => {
        for (const mail of from.mailTo(toAddress)) {
          const id = mail.parsed.messageId as string;
          if (carried.has(id)) continue;
          carried.add(id);
          await to.relay(mail.raw, mail.envelope);
        }
      };
      await stack.waitForMail('our automatic answer', (m) => recipients(m).includes('support@other.test'));
      for (let round = 0; round < 4; round++) {
        await carry(stack, other, 'support@other.test');
        await carry(other, stack, SUPPORT);
        await new Promise((r) => setTimeout(r, 1_500));
      }
      const ours = stack.mailTo('support@other.test');
      expect(ours).toHaveLength(1);
      expect(ours[0]?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      // The other orchestrator received it, recognised automatic mail, and sent nothing back.
      expect(other.mailTo(SUPPORT)).toEqual([]);
      // Our answer replies to `first`, so the other orchestrator files it under that thread: held, unanswered.
      const theirs = await eventually('the other orchestrator to handle our answer', async () => {
        const state = await getThreadState(otherEnv.client, first);
        return state.messages.some((m) => m.status === 'handled') && state;
      });
      expect(theirs.messages.map((m) => m.outcome?.action)).toEqual(['ignored: automated (auto-submitted)']);
      expect(theirs.escalation?.reason).toBe('automated mail (auto-submitted)');
    } finally {
      await other.stop();
      await otherEnv.teardown();
    }
  }, 120_000);
});
