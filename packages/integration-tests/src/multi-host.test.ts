import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { decideApproval, deliverEmail, getThreadState } from '@org/orchestrator-contracts/client';
import type { MotoServer, PgCluster, ReceivedMail } from '@org/orchestrator-testing';
import { eventually, startMoto, startPgCluster } from '@org/orchestrator-testing';
import { formatChaosTable } from './chaos/report';
import { runChaos } from './chaos/run-chaos';
import type { ChaosRun } from './chaos/options';
import { workspaceRoot } from './worker-processes';

// Workers "on separate hosts": three processes of the built worker, each in its own empty working
// directory with its own data folder and HOME, sharing nothing but a Temporal dev server, one
// PostgreSQL database (every store: DATABASE_URL) and an S3-compatible store (moto) for blobs.
// A procurement and a support conversation end to end, then the failover run with SIGKILLs.

const run = promisify(execFile);
const TIME_LIMIT_MS = 200_000;
const PURCHASING = 'purchasing@orchestrator.test';
const APPROVER = 'approver@orchestrator.local';
const AGENT = 'agent@orchestrator.local';
const SUPPLIERS = ['sales@northwind-it.example', 'quotes@contoso-computing.example', 'orders@fabrikam-displays.example'] as const;
const COMPLAINERS = [
  { name: "Tom O'Neill", address: 'tom.oneill@customer.example' },
  { name: 'Peter Hall', address: 'p.hall@mail.example' },
  { name: 'Klaus Schulz', address: 'k.schulz@web.example' },
  { name: 'Nina White', address: 'n.white@mail.example' },
];

/** How long a step of the conversations may take across the hosts (the default wait is 30 s). */
const SLOW_MS = 60_000;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const domainOf = (address: string) => address.split('@')[1]!;
/** A message as the ingress delivers it after a relay it trusts authenticated the sender's domain. */
const authenticated = (message: Omit<EmailMessageInput, 'receivedAt' | 'authentication'>): EmailMessageInput => ({
  ...message,
  receivedAt: new Date().toISOString(),
  authentication: { verifiedBy: 'multi-host test', relay: 'direct delivery', alignedDomain: domainOf(message.from.address), dkim: [] },
});

/** Mail the sink received for `address` matching `predicate`, once there are `count`. */
const mailTo = (sink: ChaosRun['sink'], address: string, predicate: (m: ReceivedMail) => boolean = () => true) =>
  sink.received.filter((m) => m.envelope.to.some((to) => to.toLowerCase() === address) && predicate(m));

/** A purchase request, quotes from the three seeded suppliers, the approval and the order. */
async function procurementConversation({ client, taskQueue, sink }: ChaosRun): Promise<{ threadId: string; number: string }> {
  const threadId = `<purchase-request.${Date.now().toString(36)}@example.com>`;
  await deliverEmail(
    client,
    authenticated({
      messageId: threadId,
      threadId,
      from: { name: 'Alice', address: 'alice@example.com' },
      to: [{ name: 'Purchasing', address: PURCHASING }],
      subject: 'Purchase request: laptops and monitors',
      text: `We need 4 laptops (Dell Latitude 5440) and 4 monitors (Dell P2723D). Budget 8000 EUR. Needed by ${day(60)}. Deliver to the Berlin office.\n\nAlice`,
    }),
    { taskQueue },
  );
  const rfqs = await eventually(
    '3 RFQs',
    () => {
      const found = SUPPLIERS.map((s) => mailTo(sink, s)[0]);
      return found.every(Boolean) ? (found as ReceivedMail[]) : undefined;
    },
    SLOW_MS,
  );
  // The quotes of the procurement end-to-end test: a table, prose, and a decline.
  const quotes = [
    '| Item | Qty | Unit price | Total |\n|---|---|---|---|\n| Laptop Dell Latitude 5440 | 4 | EUR 1.150,00 | EUR 4.600,00 |\n' +
      `| Monitor Dell P2723D | 4 | EUR 279,00 | EUR 1.116,00 |\n\nTotal (net): EUR 5.716,00\n\nDelivery within 2 weeks after order. The offer is valid until ${day(90)}.`,
    '- 4 x Laptop Dell Latitude 5440 @ EUR 1,090.00 each\n- 4 x Monitor Dell P2723D @ EUR 265.00 each\n\n' +
      `Total: EUR 5,420.00. Delivery in 10 days from your order, prices valid until ${day(90)}.`,
    'Unfortunately we are unable to quote for laptops: we only sell monitors, and the Dell P2723D is out of stock until February.',
  ];
  for (const [i, supplier] of SUPPLIERS.entries()) {
    const rfq = rfqs[i]!;
    await deliverEmail(
      client,
      authenticated({
        messageId: `<quote.${i}.${Date.now().toString(36)}@${domainOf(supplier)}>`,
        // The ingress threads a reply to the RFQ into the RFQ's thread: its Message-ID.
        threadId: rfq.parsed.messageId!,
        inReplyTo: rfq.parsed.messageId!,
        references: [rfq.parsed.messageId!],
        from: { address: supplier },
        to: [{ address: PURCHASING }],
        subject: `Re: ${rfq.parsed.subject}`,
        text: `Hello,\n\n${quotes[i]}\n\nKind regards`,
      }),
      { taskQueue },
    );
  }
  await eventually('the approval request', () => mailTo(sink, APPROVER)[0], 90_000).catch(async (error: Error) => {
    const state = await getThreadState(client, threadId).catch((e: Error) => e.message);
    throw new Error(`${error.message}; the request's state: ${JSON.stringify(state).slice(0, 3000)}`);
  });
  await decideApproval(client, threadId, 'approvePurchase', { approver: APPROVER });
  const order = await eventually('the purchase order', () => mailTo(sink, SUPPLIERS[1], (m) => /^Purchase order /.test(m.parsed.subject ?? ''))[0], SLOW_MS);
  const pdf = order.parsed.attachments[0];
  expect(pdf?.content.subarray(0, 4).toString('latin1')).toBe('%PDF'); // rendered by one worker, stored in S3, attached by another
  return { threadId, number: order.parsed.subject!.replace('Purchase order ', '') };
}

/** A customer's order question answered from the shared support desk, and four complaints at once, each given a ticket. */
async function supportConversations({ client, taskQueue, sink }: ChaosRun): Promise<{ tickets: string[] }> {
  const question = `<where-is-a10482.${Date.now().toString(36)}@mail.example>`;
  await deliverEmail(
    client,
    authenticated({
      messageId: question,
      threadId: question,
      from: { name: 'Emma Jones', address: 'emma.jones@mail.example' },
      to: [{ address: 'support@shop.example' }],
      subject: 'Question about order A10482',
      text: 'Hello, where is my order A10482? It has not arrived.\n\nEmma',
    }),
    { taskQueue },
  );
  const complaints = COMPLAINERS.map((from, i) => `<complaint.${i}.${Date.now().toString(36)}@${domainOf(from.address)}>`);
  await Promise.all(
    COMPLAINERS.map((from, i) =>
      deliverEmail(
        client,
        authenticated({
          messageId: complaints[i]!,
          threadId: complaints[i]!,
          from,
          to: [{ address: 'support@shop.example' }],
          subject: 'Terrible service',
          text: 'This is the worst service I have ever had! The product fell apart after one week. I am furious and disappointed.',
        }),
        { taskQueue },
      ),
    ),
  );
  const answer = await eventually('the answer to Emma', () => mailTo(sink, 'emma.jones@mail.example', (m) => m.parsed.inReplyTo === question)[0], SLOW_MS);
  // The tracking number comes from the seeded support desk in PostgreSQL.
  expect(answer.parsed.text).toContain('JD0146000012345');
  const tickets = await Promise.all(
    complaints.map((threadId) =>
      eventually(
        `a ticket for ${threadId}`,
        async () => {
          const flow = (await getThreadState(client, threadId).catch(() => undefined))?.flowState as { ticket?: { id: string } } | undefined;
          return flow?.ticket?.id;
        },
        SLOW_MS,
      ),
    ),
  );
  await eventually('the agent notices', () => (mailTo(sink, AGENT).length >= complaints.length ? true : undefined), SLOW_MS);
  return { tickets };
}

describe('three workers on separate hosts sharing only Temporal, PostgreSQL and S3', () => {
  let postgres: PgCluster;
  let moto: MotoServer;
  let databaseUrl: string;

  /** The operator's commands, as run against the shared database before the workers start. */
  const orchestrator = (...args: string[]) =>
    run('node', [join(workspaceRoot, 'apps', 'starter', 'dist', 'main.js'), ...args], { env: { PATH: process.env['PATH'], DATABASE_URL: databaseUrl } });

  beforeAll(async () => {
    [postgres, moto] = await Promise.all([startPgCluster(), startMoto()]);
    databaseUrl = await postgres.createDatabase('scale_out');
    expect((await fetch(`${moto.endpoint}/orchestrator-blobs`, { method: 'PUT' })).ok).toBe(true);
    expect((await orchestrator('migrate')).stdout).toMatch(
      // The installed flows' stores come after the inbox's: procurement's, the support desk's, then the invoices'.
      /^PostgreSQL postgres:\/\/.*\n {2}orchestrator: applied 0001-[\s\S]*\n {2}inbox: applied 0001-inbox-sessions, 0002-inbox-sign-in-links-sent\n {2}procurement: applied 0001-[^\n]*\n {2}support_desk: applied 0001-[^\n]*\n {2}invoice_matching: applied 0001-[^\n]*\n$/,
    );
    expect((await orchestrator('seed')).stdout).toMatch(/^added 8 suppliers, 13 customers, 20 orders, [1-9][0-9]* articles\n$/);
  }, 180_000);
  afterAll(async () => {
    await moto?.stop();
    await postgres?.stop();
  }, 60_000);

  it(
    'runs both flows end to end, then loses no message and sends no email twice while workers are SIGKILLed',
    async () => {
      const found: { purchaseOrder?: { threadId: string; number: string }; tickets?: string[] } = {};
      const log: string[] = [];
      const dataDir = mkdtempSync(join(tmpdir(), 'multi-host-'));
      const report = await runChaos({
        threads: 6,
        messagesPerThread: 2,
        workers: 3,
        kills: 2,
        serverRestarts: 0,
        openThreads: 6,
        timeoutMs: TIME_LIMIT_MS - 90_000,
        dataDir,
        keepData: true,
        log: (line) => log.push(line),
        shared: { databaseUrl, blobStoreUrl: 's3://orchestrator-blobs/attachments', s3Endpoint: moto.endpoint },
        workerEnv: {
          PROCUREMENT_MAILBOX: `Purchasing <${PURCHASING}>`,
          PROCUREMENT_REQUESTER_DOMAINS: 'example.com',
          PROCUREMENT_CORRECTION_WINDOW: '2s',
          PROCUREMENT_QUOTE_WINDOW: '10m',
          PROCUREMENT_SUPPLIER_REMINDER: '10m',
        },
        async beforeTraffic(cluster) {
          const [purchaseOrder, support] = await Promise.all([procurementConversation(cluster), supportConversations(cluster)]);
          found.purchaseOrder = purchaseOrder;
          found.tickets = support.tickets;
        },
      });
      console.log(`${formatChaosTable(report)}\n${log.join('\n')}`);

      expect(report.problems).toEqual([]);
      expect(report.messages).toMatchObject({ planned: 12, delivered: 12, handled: 12, handledTwice: 0, lost: 0 });
      expect(report.emails).toMatchObject({ missing: 0, notInLedger: 0, stillSending: 0, expected: 12 });
      expect(report.emails.duplicates).toBe(report.emails.duplicatesAfterKill);
      expect(report.kills.done).toBe(2);

      // Numbers from the shared database: unique across the workers that took them.
      expect(found.purchaseOrder?.number).toMatch(/^PO-\d{4}-000001$/);
      expect(new Set(found.tickets).size).toBe(COMPLAINERS.length);
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows: orders } = await client.query<{ number: string }>('SELECT number FROM purchase_orders');
        expect(orders.map((r) => r.number)).toEqual([found.purchaseOrder?.number]);
        const { rows: tickets } = await client.query<{ seq: string }>('SELECT seq FROM tickets ORDER BY seq');
        expect(tickets.map((r) => `T-${r.seq.padStart(6, '0')}`).sort()).toEqual([...found.tickets!].sort());
        // Every handling of the whole run (conversations and traffic) recorded once per message.
        const { rows: twice } = await client.query('SELECT message_id FROM handled_messages GROUP BY thread_id, message_id HAVING count(*) > 1');
        expect(twice).toEqual([]);
      } finally {
        await client.end();
      }

      // The ledger of the shared database, read from anywhere by the CLI.
      const ledger = JSON.parse((await orchestrator('messages', found.purchaseOrder!.threadId, '--json')).stdout) as { messages: { flow: string }[] };
      expect(ledger.messages.length).toBeGreaterThanOrEqual(1);
      expect(ledger.messages.every((m) => m.flow === 'procurement')).toBe(true);

      // Each worker process ran in a folder of its own (3 hosts, and a new one after each kill), and
      // none of them holds a store: everything shared is in PostgreSQL and S3.
      const hosts = readdirSync(join(dataDir, 'hosts'));
      expect(hosts).toHaveLength(3 + 2);
      const files = hosts.flatMap((host) => (readdirSync(join(dataDir, 'hosts', host), { recursive: true }) as string[]).map((f) => `${host}/${f}`));
      expect(files.filter((f) => /\.(sqlite|sqlite-wal|eml)$|blobs/.test(f))).toEqual([]);
      rmSync(dataDir, { recursive: true, force: true });
    },
    TIME_LIMIT_MS,
  );
});
