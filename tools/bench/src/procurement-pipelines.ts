import path from 'node:path';
import type { EmailAddress, EmailMessageInput, MessageAuthenticationInput } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import type { OutboxMail } from './outbox-watcher';
import type { RunContext } from './pipelines';
import { startDeployedWorker, withWorker } from './pipelines';
import type { BenchRequest, ProcurementDriver, ProcurementFigures } from './procurement-measure';
import { measureProcurement } from './procurement-measure';
import type { WorkerProcess } from './processes';
import { startWorkerProcess } from './processes';
import type { RawPurchaseRequest, RawQuote } from './raw-procurement-workflow';

/** How many procurement requests, and how many in flight. */
export interface ProcurementRun {
  requests: number;
  concurrency: number;
}

/** The requester: an allowed, authenticated sender (`PROCUREMENT_REQUESTERS`). */
const REQUESTER: EmailAddress = { address: 'alice@example.com', name: 'Alice Baker' };
const PURCHASING: EmailAddress = { address: 'purchasing@orchestrator.local', name: 'Purchasing' };

/**
 * The three seeded suppliers of monitors and their quotes for 2 monitors, each below the
 * automatic approval limit (EUR 1000): Contoso's EUR 530 wins and gets the purchase order.
 */
const SUPPLIERS: { email: string; name: string; total: number; quote: (validUntil: string) => string }[] = [
  {
    email: 'sales@northwind-it.example',
    name: 'Northwind IT Supplies',
    total: 558,
    quote: (validUntil) =>
      'Dear Alice,\n\nthank you for your request. We are pleased to offer:\n\n| Item | Qty | Unit price | Total |\n|---|---|---|---|\n' +
      '| Monitor Dell P2723D | 2 | EUR 279,00 | EUR 558,00 |\n\n' +
      `Total (net): EUR 558,00\n\nDelivery within 2 weeks after order. The offer is valid until ${validUntil}.\nPayment terms: 30 days net.\n\nKind regards\nNorthwind IT`,
  },
  {
    email: 'quotes@contoso-computing.example',
    name: 'Contoso Computing GmbH',
    total: 530,
    quote: (validUntil) =>
      'Hi Alice,\n\nThanks for your enquiry. We can offer the following:\n\n- 2 x Monitor Dell P2723D @ EUR 265.00 each\n\n' +
      `Total: EUR 530.00. Delivery in 10 days from your order, prices valid until ${validUntil}.\n\nRegards,\nContoso Computing`,
  },
  {
    email: 'orders@fabrikam-displays.example',
    name: 'Fabrikam Displays',
    total: 578,
    quote: (validUntil) =>
      'Hello Alice,\n\nwe can offer:\n\n- 2 x Monitor Dell P2723D @ EUR 289.00 each\n\n' +
      `Total: EUR 578.00. Delivery in 5 days, offer valid until ${validUntil}.\n\nBest regards,\nFabrikam Displays`,
  },
];

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** Where request `key` is delivered: the RFQs repeat it (`Delivery to: Berlin office, room <key>`), which tells them apart. */
const deliveryLocation = (key: string) => `the Berlin office, room ${key}`;
const roomOf = (rfq: OutboxMail) => /^Delivery to: .*\broom (\S+)\s*$/m.exec(rfq.text)?.[1];
const requestText = (key: string) =>
  `Hello purchasing,\n\nWe need 2 monitors (Dell P2723D) for the new team. Budget 900 EUR. Needed by ${day(60)}. ` +
  `Please deliver to ${deliveryLocation(key)}.\n\nThanks, Alice`;

/** What the ingress records for mail that passed DMARC for its sender's domain. */
function authenticatedAs(address: string): MessageAuthenticationInput {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return { verifiedBy: 'ingress', spf: { result: 'pass', domain }, dmarc: { result: 'pass', domain }, alignedDomain: domain };
}

/** A message's Message-ID: an RFQ without one could never be answered (a reply names it). */
const messageIdOf = (mail: OutboxMail): string => {
  if (!mail.messageId) throw new Error(`"${mail.subject}" (to ${mail.to.join(', ')}) has no Message-ID`);
  return mail.messageId;
};

const supplierOf = (rfq: OutboxMail) => {
  const supplier = SUPPLIERS.find((s) => rfq.to.includes(s.email));
  if (!supplier) throw new Error(`an RFQ to ${rfq.to.join(', ')}, none of the bench's suppliers`);
  return supplier;
};

/** Request `n` of a run; its key names the room its RFQs are delivered to. */
function benchRequest(prefix: string, stamp: string, n: number, workflowId: (messageId: string) => string): BenchRequest {
  const key = `${prefix}${n}-${stamp}`;
  const messageId = `<purchase-${key}@example.com>`;
  return { key, messageId, workflowId: workflowId(messageId) };
}

/** One procurement pipeline: its worker, outbox and driver; its requests' workflow ids from their Message-IDs. */
interface ProcurementPipeline {
  name: string;
  /** Prefix of its request keys, so the two pipelines' requests never share an id. */
  prefix: string;
  worker: WorkerProcess;
  outbox: string;
  driver: ProcurementDriver;
  workflowId: (messageId: string) => string;
}

/** Warm-up request, then the measured ones, on a worker stopped afterwards. */
async function measure(run: RunContext, procurement: ProcurementRun, pipeline: ProcurementPipeline): Promise<ProcurementFigures> {
  const { worker, outbox, driver, prefix, workflowId } = pipeline;
  const common = { suppliers: SUPPLIERS.length, driver, outbox, client: run.client, worker, timeoutMs: run.timeoutMs };
  const request = (n: number) => benchRequest(prefix, run.stamp, n, workflowId);
  return withWorker(worker, async () => {
    // A warm worker, as in production: the first workflow task pays for loading the bundle.
    await measureProcurement({ ...common, pipeline: 'warm-up', requests: [request(0)], concurrency: 1 });
    const requests = Array.from({ length: procurement.requests }, (_, i) => request(i + 1));
    return measureProcurement({ ...common, pipeline: pipeline.name, requests, concurrency: procurement.concurrency });
  });
}

/** The raw-SDK procurement baseline: per request 3 RFQ children (one activity, one quote signal each), then the purchase order file. */
export async function runRawProcurementPipeline(run: RunContext, bundle: string, procurement: ProcurementRun): Promise<ProcurementFigures> {
  const taskQueue = `bench-raw-procurement-${run.stamp}`;
  const outbox = path.join(run.dir, 'raw-procurement-outbox');
  const worker = await startWorkerProcess(
    ['--conditions=@org/source', '--import', 'tsx', path.join(__dirname, 'raw-worker.ts')],
    { BENCH_ADDRESS: run.address, BENCH_TASK_QUEUE: taskQueue, BENCH_BUNDLE: bundle, BENCH_OUTBOX: outbox },
    run.log,
    'raw-procurement',
  );
  const ofRequest = (request: BenchRequest, subject: string) => (m: OutboxMail) => m.subject === subject && m.headers.get('x-bench-request') === request.key;
  const childId = (rfq: OutboxMail) => messageIdOf(rfq).replace(/^<|>$/g, '');
  const driver: ProcurementDriver = {
    async sendRequest(request) {
      const signal: RawPurchaseRequest = { id: request.key, text: requestText(request.key), suppliers: SUPPLIERS.map((s) => s.email) };
      await run.client.workflow.signalWithStart('rawProcurementWorkflow', {
        workflowId: request.workflowId,
        taskQueue,
        args: [],
        signal: 'request',
        signalArgs: [signal],
      });
    },
    rfqsOf: (request, mails) => mails.filter(ofRequest(request, 'Request for quotation')),
    async sendQuote(_request, rfq) {
      const supplier = supplierOf(rfq);
      const quote: RawQuote = { supplier: supplier.email, total: supplier.total };
      await run.client.workflow.getHandle(childId(rfq)).signal('quote', quote);
    },
    purchaseOrderOf: (request, _rfqs, mails) => mails.find(ofRequest(request, 'Purchase order')),
    childWorkflowIds: (_request, rfqs) => rfqs.map(childId),
  };
  const workflowId = (messageId: string) => `raw-${messageId.slice(1, -1)}`;
  return measure(run, procurement, { name: 'raw SDK, 3 RFQ children per request', prefix: 'rawpo', worker, outbox, driver, workflowId });
}

/** The deployed worker's procurement flow: request → 3 RFQ children → quotes by mail → automatic approval → purchase order by mail. */
export async function runProcurementPipeline(run: RunContext, procurement: ProcurementRun): Promise<ProcurementFigures> {
  const taskQueue = `bench-procurement-${run.stamp}`;
  const { worker, outbox } = await startDeployedWorker(run, 'procurement', taskQueue, {
    PROCUREMENT_REQUESTERS: REQUESTER.address,
    // A corrected quote may replace a quote for this long before the RFQ settles: policy time, not
    // cost, so the shortest there is (its timer still counts).
    PROCUREMENT_CORRECTION_WINDOW: '1ms',
  });
  const rfqMessageIds = (rfqs: OutboxMail[]) => rfqs.map(messageIdOf);
  const driver: ProcurementDriver = {
    async sendRequest(request) {
      const { messageId } = request;
      const mail: EmailMessageInput = {
        messageId,
        threadId: messageId,
        from: REQUESTER,
        to: [PURCHASING],
        subject: 'Purchase request: monitors',
        text: requestText(request.key),
        receivedAt: new Date().toISOString(),
        authentication: authenticatedAs(REQUESTER.address),
      };
      await deliverEmail(run.client, mail, { taskQueue });
    },
    rfqsOf: (request, mails) => mails.filter((m) => m.subject.startsWith('Request for quotation:') && roomOf(m) === request.key),
    async sendQuote(request, rfq) {
      const supplier = supplierOf(rfq);
      const rfqId = messageIdOf(rfq);
      // As the ingress delivers a reply: to the thread its In-Reply-To names (the RFQ's own thread).
      const quote: EmailMessageInput = {
        messageId: `<quote-${request.key}@${supplier.email.split('@')[1]}>`,
        threadId: rfqId,
        from: { address: supplier.email, name: supplier.name },
        to: [PURCHASING],
        subject: `Re: ${rfq.subject}`,
        text: supplier.quote(day(90)),
        inReplyTo: rfqId,
        references: [rfqId],
        receivedAt: new Date().toISOString(),
        authentication: authenticatedAs(supplier.email),
      };
      await deliverEmail(run.client, quote, { taskQueue });
    },
    purchaseOrderOf: (_request, rfqs, mails) =>
      mails.find((m) => m.subject.startsWith('Purchase order ') && m.inReplyTo !== undefined && rfqMessageIds(rfqs).includes(m.inReplyTo)),
    childWorkflowIds: (_request, rfqs) => rfqs.map((rfq) => threadWorkflowId(messageIdOf(rfq))),
  };
  return measure(run, procurement, { name: 'orchestrator procurement flow', prefix: 'po', worker, outbox, driver, workflowId: threadWorkflowId });
}
