import { condition, defineSignal, executeChild, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RawActivities } from './raw-workflow';

/** What the raw procurement baseline's client sends: enough to name its RFQs and its purchase order. */
export interface RawPurchaseRequest {
  id: string;
  text: string;
  /** One RFQ child per supplier. */
  suppliers: string[];
}

/** A supplier's answer to one RFQ child. */
export interface RawQuote {
  supplier: string;
  total: number;
}

export const rawRequestSignal = defineSignal<[RawPurchaseRequest]>('request');
export const rawQuoteSignal = defineSignal<[RawQuote]>('quote');

const { sendRfq, writePurchaseOrder } = proxyActivities<RawActivities>({ startToCloseTimeout: '10s' });

/** The RFQ child's workflow id: the bench signals the quote to it, as the ingress signals the RFQ's thread. */
export function rawRfqWorkflowId(requestWorkflowId: string, supplier: string): string {
  return `${requestWorkflowId}-rfq-${supplier}`;
}

/** One RFQ: one activity sends it, then the child waits for the supplier's quote (a signal) and returns it. */
export async function rawRfqWorkflow(requestId: string, supplier: string, text: string): Promise<RawQuote> {
  let quote: RawQuote | undefined;
  setHandler(rawQuoteSignal, (received) => {
    quote ??= received;
  });
  await sendRfq({ requestId, rfqId: workflowInfo().workflowId, supplier, text });
  await condition(() => quote !== undefined);
  return quote as RawQuote;
}

/**
 * The hand-written procurement baseline, the orchestrator's shape without its policy: signal-with-start
 * delivers the request, one RFQ child per supplier (each one activity and one quote signal), then one
 * activity writes the purchase order to the cheapest.
 */
export async function rawProcurementWorkflow(): Promise<void> {
  let request: RawPurchaseRequest | undefined;
  setHandler(rawRequestSignal, (received) => {
    request ??= received;
  });
  await condition(() => request !== undefined);
  const { id, text, suppliers } = request as RawPurchaseRequest;
  const parent = workflowInfo().workflowId;
  const quotes = await Promise.all(
    suppliers.map((supplier) => executeChild(rawRfqWorkflow, { workflowId: rawRfqWorkflowId(parent, supplier), args: [id, supplier, text] })),
  );
  const best = quotes.reduce((a, b) => (b.total < a.total ? b : a));
  await writePurchaseOrder({ requestId: id, supplier: best.supplier, total: best.total });
}
